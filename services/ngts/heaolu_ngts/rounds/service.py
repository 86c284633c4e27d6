"""Rounds and the municipality's participation in them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import require_designated
from heaolu_ngts.common.enums import ParticipationStatus
from heaolu_ngts.common.models import Participation
from heaolu_ngts.common.participations import ParticipationRepository
from heaolu_ngts.rounds import rules
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.contracts.ngts import ParticipationAppliedV1
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role


async def authorize_round_work(
    session: AsyncSession, principal: Principal, municipality: str | None, now: datetime
) -> str:
    """The department head or a designated specialist of ``municipality`` (default: their own)."""
    own = principal.municipality
    if own is None or (municipality is not None and municipality != own):
        raise NotPermitted(messages.PARTICIPATION_ROLES)
    if Role.DEPARTMENT_HEAD in principal.roles:
        return own
    try:
        await require_designated(session, principal, Action.LIST, own, now)
    except NotPermitted:
        raise NotPermitted(messages.PARTICIPATION_ROLES) from None
    return own


async def apply_for_round(
    session: AsyncSession,
    *,
    principal: Principal,
    query_date: date,
    now: datetime,
    calendar: WorkingDayCalendar,
) -> Participation:
    """Record the municipality's application to take part in the round of ``query_date``."""
    municipality = await authorize_round_work(session, principal, None, now)
    if not rules.is_query_date(query_date):
        raise RuleViolation(messages.NOT_A_QUERY_DATE, extra={"field": "query_date"})
    if not rules.may_apply(query_date, calendar.local_date(now)):
        raise RuleViolation(messages.APPLICATION_CLOSED, extra={"field": "query_date"})
    repository = ParticipationRepository(session)
    if await repository.find(municipality, query_date) is not None:
        raise Conflict(messages.ALREADY_APPLIED)
    participation = await repository.add(
        Participation(
            id=uuid.uuid4(),
            municipality=municipality,
            query_date=query_date,
            applied_at=now,
            applied_by=principal.subject,
            list_due_on=rules.list_due_on(query_date, calendar),
            status=ParticipationStatus.APPLIED,
            stored=0,
            refused={},
        )
    )
    await enqueue(
        session,
        ParticipationAppliedV1(
            participation_id=participation.id,
            municipality=municipality,
            query_date=query_date,
            applied_at=now,
            list_due_on=participation.list_due_on,
        ),
        subject=str(participation.id),
    )
    return participation


async def participations(
    session: AsyncSession, *, principal: Principal, now: datetime
) -> Sequence[Participation]:
    municipality = await authorize_round_work(session, principal, None, now)
    return await ParticipationRepository(session).of_municipality(municipality)


async def participation(
    session: AsyncSession, *, principal: Principal, participation_id: uuid.UUID, now: datetime
) -> Participation:
    found = await ParticipationRepository(session).get(participation_id)
    if found is None:
        raise ResourceNotFound(messages.PARTICIPATION_NOT_FOUND)
    await authorize_round_work(session, principal, found.municipality, now)
    return found
