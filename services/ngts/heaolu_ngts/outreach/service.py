"""Outreach to one youth, from the first message to the outcome and the follow-up clock."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import YouthAccess
from heaolu_ngts.common.enums import (
    MESSAGE_CHANNELS,
    Answer,
    Channel,
    DeadlineKind,
    OutcomeKind,
    YouthStatus,
)
from heaolu_ngts.common.models import Deadline, Participation, Youth
from heaolu_ngts.outreach import rules
from heaolu_ngts.outreach.models import Consent, ContactAttempt, Handover, Outcome, Plan
from heaolu_ngts.outreach.notifications import OUTREACH_TEXT, Notifier
from heaolu_ngts.outreach.repository import OutreachRepository
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.ngts import (
    ConsentRecordedV1,
    HandoverConsentedV1,
    OutcomeRecordedV1,
    YouthAnsweredV1,
)
from heaolu_shared.errors import ResourceNotFound
from heaolu_shared.outbox import enqueue

FOLLOW_UP_LEGAL_BASIS = "SHS §15¹; NGTS: contact kept at least 6 months after the goal is reached"
FOLLOW_UP_WARNING = timedelta(days=14)


async def _round(session: AsyncSession, youth: Youth) -> Participation:
    participation = await session.get(Participation, youth.participation_id)
    assert participation is not None  # the foreign key holds it
    return participation


async def record_contact(
    session: AsyncSession,
    access: YouthAccess,
    *,
    channel: Channel,
    occurred_at: datetime,
    answer: Answer | None,
    note: str | None,
    notifier: Notifier,
) -> ContactAttempt:
    """A contact attempt; a message is sent through the notification port."""
    youth = access.youth
    before = YouthStatus(youth.status)
    after = rules.after_contact(before, channel, answer)
    if channel in MESSAGE_CHANNELS and answer is None:
        address = youth.email if channel is Channel.EMAIL else youth.phone
        if address:
            await notifier.send(channel, address, OUTREACH_TEXT.format(municipality=""))
    attempt = ContactAttempt(
        id=uuid.uuid4(),
        youth_id=youth.id,
        channel=channel.value,
        occurred_at=occurred_at,
        answer=answer.value if answer else None,
        note=note,
        recorded_by=access.principal.subject,
    )
    await OutreachRepository(session).add(attempt)
    youth.status = after.value
    await flush_versioned(session)
    if answer is not None:
        participation = await _round(session, youth)
        await enqueue(
            session,
            YouthAnsweredV1(
                youth_ref=youth.id,
                participation_id=participation.id,
                municipality=youth.municipality,
                query_date=participation.query_date,
                answer=answer.value,
                channel=channel.value,
                answered_at=occurred_at,
            ),
            subject=str(youth.id),
        )
        if after is YouthStatus.DECLINED:
            await enqueue(
                session,
                OutcomeRecordedV1(
                    youth_ref=youth.id,
                    participation_id=participation.id,
                    municipality=youth.municipality,
                    query_date=participation.query_date,
                    outcome="declined",
                    helped=False,
                    recorded_at=occurred_at,
                ),
                subject=str(youth.id),
            )
    return attempt


async def record_consent(
    session: AsyncSession, access: YouthAccess, *, consented_at: datetime, handover: bool
) -> Consent:
    youth = access.youth
    rules.check_consent(YouthStatus(youth.status))
    consent = Consent(
        youth_id=youth.id,
        consented_at=consented_at,
        handover_to_social_services=handover,
        recorded_by=access.principal.subject,
    )
    await OutreachRepository(session).add(consent)
    youth.status = YouthStatus.CONSENTED.value
    await flush_versioned(session)
    participation = await _round(session, youth)
    await enqueue(
        session,
        ConsentRecordedV1(
            youth_ref=youth.id,
            municipality=youth.municipality,
            query_date=participation.query_date,
            consented_at=consented_at,
            handover_to_social_services=handover,
        ),
        subject=str(youth.id),
    )
    return consent


async def make_plan(
    session: AsyncSession,
    access: YouthAccess,
    *,
    goals: str,
    services_offered: list[str],
) -> tuple[Plan, Handover | None]:
    """The individual plan (consent first). With the youth's consent to a handover, the helped
    youth is handed to social services: casework queues a social-services application."""
    youth = access.youth
    rules.check_plan(YouthStatus(youth.status))
    repository = OutreachRepository(session)
    plan = Plan(
        youth_id=youth.id,
        goals=goals,
        services_offered=services_offered,
        created_at=access.now,
        created_by=access.principal.subject,
    )
    await repository.add(plan)
    youth.status = YouthStatus.PLANNED.value
    await flush_versioned(session)
    consent = await repository.consent(youth.id)
    handover = None
    if consent is not None and consent.handover_to_social_services:
        handover = Handover(
            id=uuid.uuid4(),
            youth_id=youth.id,
            municipality=youth.municipality,
            consented_at=consent.consented_at,
            handed_over_at=access.now,
        )
        await repository.add(handover)
        await enqueue(
            session,
            HandoverConsentedV1(
                handover_id=handover.id,
                municipality=youth.municipality,
                subject_pseudonym=youth.subject_pseudonym,
                consented_at=consent.consented_at,
            ),
            subject=str(handover.id),
        )
    return plan, handover


async def revise_plan(
    session: AsyncSession,
    access: YouthAccess,
    *,
    goals: str,
    services_offered: list[str],
    if_match: str | None,
) -> Plan:
    plan = await OutreachRepository(session).plan(access.youth.id)
    if plan is None:
        raise ResourceNotFound(messages.PLAN_NOT_FOUND)
    check_version(plan.version, if_match)
    plan.goals = goals
    plan.services_offered = services_offered
    await flush_versioned(session)
    return plan


async def record_outcome(
    session: AsyncSession,
    access: YouthAccess,
    *,
    kind: OutcomeKind,
    goal_reached_at: datetime,
    follow_up_months: int,
    calendar: WorkingDayCalendar,
) -> Outcome:
    """The goal is reached; the follow-up clock runs for ``follow_up_months`` months."""
    youth = access.youth
    rules.check_outcome(YouthStatus(youth.status))
    until = rules.follow_up_until(goal_reached_at, follow_up_months, calendar)
    outcome = Outcome(
        youth_id=youth.id,
        kind=kind.value,
        goal_reached_at=goal_reached_at,
        follow_up_until=until,
        recorded_by=access.principal.subject,
    )
    await OutreachRepository(session).add(outcome)
    youth.status = YouthStatus.GOAL_REACHED.value
    youth.follow_up_until = until
    await flush_versioned(session)
    session.add(
        Deadline(
            id=uuid.uuid4(),
            municipality=youth.municipality,
            kind=DeadlineKind.FOLLOW_UP.value,
            legal_basis=FOLLOW_UP_LEGAL_BASIS,
            record_type="ngts_youth",
            record_id=youth.id,
            case_id=None,
            subject_pseudonym=None,
            assignee=access.principal.subject,
            due_at=until,
            warn_at=until - FOLLOW_UP_WARNING,
        )
    )
    await session.flush()
    participation = await _round(session, youth)
    await enqueue(
        session,
        OutcomeRecordedV1(
            youth_ref=youth.id,
            participation_id=participation.id,
            municipality=youth.municipality,
            query_date=participation.query_date,
            outcome=kind.value,
            helped=True,
            recorded_at=access.now,
            follow_up_until=until,
        ),
        subject=str(youth.id),
    )
    return outcome
