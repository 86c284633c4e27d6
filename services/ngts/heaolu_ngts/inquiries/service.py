"""Ministry and SKA inquiries with their 5-working-day clock; prepayment applications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import require_designated
from heaolu_ngts.common.enums import AskedBy, DeadlineKind, PrepaymentStatus
from heaolu_ngts.common.models import Deadline
from heaolu_ngts.inquiries import rules
from heaolu_ngts.inquiries.models import Inquiry, PrepaymentApplication
from heaolu_ngts.inquiries.repository import InquiryRepository
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.ngts import InquiryAnsweredV1, InquiryReceivedV1
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue

WARNING = timedelta(days=1)


async def _own_municipality(
    session: AsyncSession, principal: Principal, action: Action, now: datetime
) -> str:
    if principal.municipality is None:
        raise NotPermitted(messages.NOT_DESIGNATED)
    await require_designated(session, principal, action, principal.municipality, now)
    return principal.municipality


async def register_inquiry(
    session: AsyncSession,
    *,
    principal: Principal,
    asked_by: AskedBy,
    contact_person: str,
    question: str,
    received_at: datetime,
    working_days: int,
    now: datetime,
    calendar: WorkingDayCalendar,
) -> Inquiry:
    municipality = await _own_municipality(session, principal, Action.CREATE, now)
    due_at = rules.answer_due(received_at, working_days, calendar)
    inquiry = Inquiry(
        id=uuid.uuid4(),
        municipality=municipality,
        asked_by=asked_by.value,
        contact_person=contact_person,
        question=question,
        received_at=received_at,
        due_at=due_at,
        created_by=principal.subject,
    )
    repository = InquiryRepository(session)
    await repository.add(inquiry)
    await repository.add(
        Deadline(
            id=uuid.uuid4(),
            municipality=municipality,
            kind=DeadlineKind.INQUIRY_ANSWER.value,
            legal_basis=rules.LEGAL_BASIS,
            record_type="ngts_inquiry",
            record_id=inquiry.id,
            case_id=None,
            subject_pseudonym=None,
            assignee=principal.subject,
            due_at=due_at,
            warn_at=due_at - WARNING,
        )
    )
    await enqueue(
        session,
        InquiryReceivedV1(
            inquiry_id=inquiry.id,
            municipality=municipality,
            asked_by=asked_by.value,
            received_at=received_at,
            due_at=due_at,
        ),
        subject=str(inquiry.id),
    )
    return inquiry


async def inquiry(
    session: AsyncSession,
    *,
    principal: Principal,
    inquiry_id: uuid.UUID,
    now: datetime,
    for_update: bool = False,
) -> Inquiry:
    found = await InquiryRepository(session).get(inquiry_id, for_update=for_update)
    if found is None:
        raise ResourceNotFound(messages.INQUIRY_NOT_FOUND)
    await require_designated(
        session,
        principal,
        Action.UPDATE if for_update else Action.READ,
        found.municipality,
        now,
        str(found.id),
    )
    return found


async def inquiries(
    session: AsyncSession, *, principal: Principal, now: datetime, limit: int
) -> Sequence[Inquiry]:
    municipality = await _own_municipality(session, principal, Action.LIST, now)
    return await InquiryRepository(session).of_municipality(municipality, limit)


async def answer_inquiry(
    session: AsyncSession,
    *,
    principal: Principal,
    inquiry_id: uuid.UUID,
    answer: str,
    if_match: str | None,
    now: datetime,
) -> Inquiry:
    found = await inquiry(
        session, principal=principal, inquiry_id=inquiry_id, now=now, for_update=True
    )
    check_version(found.version, if_match)
    if found.answered_at is not None:
        raise Conflict(messages.ALREADY_ANSWERED)
    found.answer = answer
    found.answered_at = now
    await flush_versioned(session)
    await InquiryRepository(session).close_clock(found.id, now)
    await enqueue(
        session,
        InquiryAnsweredV1(
            inquiry_id=found.id,
            municipality=found.municipality,
            asked_by=found.asked_by,
            received_at=found.received_at,
            due_at=found.due_at,
            answered_at=now,
            on_time=now <= found.due_at,
        ),
        subject=str(found.id),
    )
    return found


async def apply_for_prepayment(
    session: AsyncSession,
    *,
    principal: Principal,
    period_start: date,
    period_end: date,
    amount_eur: Decimal,
    now: datetime,
) -> PrepaymentApplication:
    municipality = await _own_municipality(session, principal, Action.CREATE, now)
    if period_end < period_start:
        raise RuleViolation(messages.PREPAYMENT_PERIOD, extra={"field": "period_end"})
    row = PrepaymentApplication(
        id=uuid.uuid4(),
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        amount_eur=amount_eur,
        status=PrepaymentStatus.DRAFT.value,
        status_changed_at=now,
        created_by=principal.subject,
    )
    await InquiryRepository(session).add(row)
    return row


async def prepayments(
    session: AsyncSession, *, principal: Principal, now: datetime
) -> Sequence[PrepaymentApplication]:
    municipality = await _own_municipality(session, principal, Action.LIST, now)
    return await InquiryRepository(session).prepayments(municipality)


async def move_prepayment(
    session: AsyncSession,
    *,
    principal: Principal,
    application_id: uuid.UUID,
    target: PrepaymentStatus,
    if_match: str | None,
    now: datetime,
) -> PrepaymentApplication:
    row = await InquiryRepository(session).prepayment(application_id, for_update=True)
    if row is None:
        raise ResourceNotFound(messages.PREPAYMENT_NOT_FOUND)
    await require_designated(session, principal, Action.UPDATE, row.municipality, now, str(row.id))
    check_version(row.version, if_match)
    if not rules.may_move(PrepaymentStatus(row.status), target):
        raise RuleViolation(messages.PREPAYMENT_TRANSITION, extra={"field": "status"})
    row.status = target.value
    row.status_changed_at = now
    await flush_versioned(session)
    return row
