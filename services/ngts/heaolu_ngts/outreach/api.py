"""Outreach to one youth: contacts, consent, the individual plan, the outcome."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from heaolu_ngts.common.access import ReadYouth, WorkOnYouth
from heaolu_ngts.common.http import API_PREFIX, Creation, problems, tagged
from heaolu_ngts.outreach import service
from heaolu_ngts.outreach.notifications import DiscardingNotifier
from heaolu_ngts.outreach.repository import OutreachRepository
from heaolu_ngts.outreach.schemas import (
    ConsentIn,
    ConsentOut,
    ContactIn,
    ContactOut,
    OutcomeIn,
    OutcomeOut,
    OutreachOut,
    PlanIn,
    PlanOut,
)
from heaolu_ngts.settings import get_settings
from heaolu_shared.app import DbSession
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import IfMatch

router = APIRouter(prefix=API_PREFIX, tags=["ngts: outreach"])
WRITE_ERRORS = problems(403, 404, 409, 422, 429)


@router.get(
    "/youths/{youth_id}/outreach", response_model=OutreachOut, responses=problems(403, 404, 429)
)
async def outreach(youth: ReadYouth, session: DbSession) -> OutreachOut:
    """Every contact, the consent, the plan and the outcome of one youth."""
    repository = OutreachRepository(session)
    y = youth.youth
    consent = await repository.consent(y.id)
    plan = await repository.plan(y.id)
    outcome = await repository.outcome(y.id)
    handover = await repository.handover(y.id)
    return OutreachOut(
        contacts=[
            ContactOut(
                id=c.id,
                youth_id=c.youth_id,
                channel=c.channel,
                occurred_at=c.occurred_at,
                answer=c.answer,
                note=c.note,
                youth_status=y.status,
                youth_version=y.version,
            )
            for c in await repository.contacts(y.id)
        ],
        consent=ConsentOut(
            youth_id=y.id,
            consented_at=consent.consented_at,
            handover_to_social_services=consent.handover_to_social_services,
            youth_version=y.version,
        )
        if consent
        else None,
        plan=PlanOut(
            youth_id=y.id,
            goals=plan.goals,
            services_offered=plan.services_offered,
            created_at=plan.created_at,
            version=plan.version,
            handover_id=handover.id if handover else None,
        )
        if plan
        else None,
        outcome=OutcomeOut(
            youth_id=y.id,
            kind=outcome.kind,
            goal_reached_at=outcome.goal_reached_at,
            follow_up_until=outcome.follow_up_until,
            youth_version=y.version,
        )
        if outcome
        else None,
    )


@router.post(
    "/youths/{youth_id}/contacts",
    status_code=status.HTTP_201_CREATED,
    response_model=ContactOut,
    responses=WRITE_ERRORS,
)
async def record_contact(
    body: ContactIn,
    youth: WorkOnYouth,
    session: DbSession,
    creation: Creation,
) -> ContactOut:
    """A message (sent through the notification port), a call or a meeting, with the answer."""

    async def create() -> ContactOut:
        attempt = await service.record_contact(
            session,
            youth,
            channel=body.channel,
            occurred_at=body.occurred_at,
            answer=body.answer,
            note=body.note,
            notifier=DiscardingNotifier(),
        )
        return ContactOut(
            id=attempt.id,
            youth_id=attempt.youth_id,
            channel=attempt.channel,
            occurred_at=attempt.occurred_at,
            answer=attempt.answer,
            note=attempt.note,
            youth_status=youth.youth.status,
            youth_version=youth.youth.version,
        )

    return await creation("ngts.contact", body, str(youth.youth.id), ContactOut, create)


@router.post(
    "/youths/{youth_id}/consent",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentOut,
    responses=WRITE_ERRORS,
)
async def record_consent(
    body: ConsentIn,
    youth: WorkOnYouth,
    session: DbSession,
    creation: Creation,
) -> ConsentOut:
    """The youth's consent to an individual plan (after "wants help")."""

    async def create() -> ConsentOut:
        consent = await service.record_consent(
            session,
            youth,
            consented_at=body.consented_at,
            handover=body.handover_to_social_services,
        )
        return ConsentOut(
            youth_id=consent.youth_id,
            consented_at=consent.consented_at,
            handover_to_social_services=consent.handover_to_social_services,
            youth_version=youth.youth.version,
        )

    return await creation("ngts.consent", body, str(youth.youth.id), ConsentOut, create)


@router.post(
    "/youths/{youth_id}/plan",
    status_code=status.HTTP_201_CREATED,
    response_model=PlanOut,
    responses=WRITE_ERRORS,
)
async def make_plan(
    body: PlanIn,
    youth: WorkOnYouth,
    session: DbSession,
    creation: Creation,
) -> PlanOut:
    """The individual plan; only with the youth's consent."""

    async def create() -> PlanOut:
        plan, handover = await service.make_plan(
            session, youth, goals=body.goals, services_offered=body.services_offered
        )
        return PlanOut(
            youth_id=plan.youth_id,
            goals=plan.goals,
            services_offered=plan.services_offered,
            created_at=plan.created_at,
            version=plan.version,
            handover_id=handover.id if handover else None,
        )

    return await creation(
        "ngts.plan",
        body,
        str(youth.youth.id),
        PlanOut,
        create,
        lambda _: f"/youths/{youth.youth.id}/outreach",
    )


@router.put(
    "/youths/{youth_id}/plan",
    response_model=PlanOut,
    responses=problems(403, 404, 412, 422, 428, 429),
)
async def revise_plan(
    body: PlanIn,
    youth: WorkOnYouth,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> PlanOut:
    """Revise the plan; needs its ETag in ``If-Match``."""
    plan = await service.revise_plan(
        session, youth, goals=body.goals, services_offered=body.services_offered, if_match=if_match
    )
    tagged(response, plan.version)
    return PlanOut(
        youth_id=plan.youth_id,
        goals=plan.goals,
        services_offered=plan.services_offered,
        created_at=plan.created_at,
        version=plan.version,
    )


@router.post(
    "/youths/{youth_id}/outcome",
    status_code=status.HTTP_201_CREATED,
    response_model=OutcomeOut,
    responses=WRITE_ERRORS,
)
async def record_outcome(
    body: OutcomeIn,
    youth: WorkOnYouth,
    session: DbSession,
    creation: Creation,
) -> OutcomeOut:
    """The goal was reached (studying, working, registered unemployed, other); the 6-month
    follow-up clock starts."""

    async def create() -> OutcomeOut:
        outcome = await service.record_outcome(
            session,
            youth,
            kind=body.kind,
            goal_reached_at=body.goal_reached_at,
            follow_up_months=get_settings().follow_up_months,
            calendar=default_calendar(),
        )
        return OutcomeOut(
            youth_id=outcome.youth_id,
            kind=outcome.kind,
            goal_reached_at=outcome.goal_reached_at,
            follow_up_until=outcome.follow_up_until,
            youth_version=youth.youth.version,
        )

    return await creation("ngts.outcome", body, str(youth.youth.id), OutcomeOut, create)
