"""The rules of the closed child institution: SKA's opinion is asked only with an approved case
plan and for a child of 12-18 (younger or older only with a reasoned exception); SKA answers
within 30 days; the municipality may apply to the court while the opinion is pending or
negative, and the application carries SKA's opinion or its absence."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks, messages
from heaolu_court.common.access import audit, listed_page, load
from heaolu_court.common.models import ApprovedCasePlan
from heaolu_court.common.repository import approved_case_plan, next_number
from heaolu_court.klat import repository
from heaolu_court.klat.models import KlatApplication, KlatOpinionRequest, OpinionStatus
from heaolu_court.klat.schemas import KlatApplicationIn, OpinionIn, OpinionRequestIn
from heaolu_court.settings import get_settings
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.court import (
    KlatApplicationFiledV1,
    KlatOpinionAnsweredV1,
    KlatOpinionRequestedV1,
    SkaOpinionState,
)
from heaolu_shared.documents import Section, render_document
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

REQUEST = "klat_opinion_request"
APPLICATION = "klat_application"
MUNICIPAL_ROLES = frozenset(
    {Role.CHILD_PROTECTION_WORKER, Role.SOCIAL_SERVICES_SPECIALIST, Role.DEPARTMENT_HEAD}
)
MIN_AGE, MAX_AGE = 12, 18


class WrongState(Conflict):
    slug = "wrong-state"


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_age(birth: date, on: date, exception_reason: str | None) -> bool:
    """Whether the request rests on an age exception; 422 for a child outside 12-18 without a
    reasoned one."""
    within = MIN_AGE <= age_on(birth, on) < MAX_AGE
    if within:
        return False
    if not exception_reason:
        raise RuleViolation(messages.AGE_OUTSIDE, extra={"field": "age_exception_reason"})
    return True


def ska_opinion_state(request: KlatOpinionRequest | None) -> SkaOpinionState:
    if request is None:
        return "not_requested"
    if request.status == OpinionStatus.REQUESTED:
        return "pending"
    return "suitable" if request.opinion == "suitable" else "not_suitable"


async def _approved_plan(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID
) -> ApprovedCasePlan:
    """The case's approved plan (422 without one), if the principal works in its
    municipality (403 otherwise)."""
    if principal.roles.isdisjoint(MUNICIPAL_ROLES):
        raise NotPermitted(messages.NO_ACCESS)
    plan = await approved_case_plan(session, case_id)
    if plan is None:
        raise RuleViolation(messages.NO_CASE_PLAN, extra={"field": "case_id"})
    if plan.municipality != principal.municipality:
        raise NotPermitted(messages.NO_ACCESS)
    return plan


async def request_opinion(
    session: AsyncSession,
    principal: Principal,
    body: OpinionRequestIn,
    *,
    now: datetime | None = None,
) -> KlatOpinionRequest:
    now = now or datetime.now(UTC)
    calendar = default_calendar()
    plan = await _approved_plan(session, principal, body.case_id)
    exception = check_age(
        body.child_birth_date, calendar.local_date(now), body.age_exception_reason
    )
    assert principal.municipality is not None
    due_at = calendar.add_calendar_days_deadline(now, get_settings().klat_opinion_days)
    request = KlatOpinionRequest(
        id=uuid.uuid4(),
        number=await next_number(session, "KLAT", principal.municipality, now.year),
        case_id=body.case_id,
        case_plan_id=plan.case_plan_id,
        municipality=principal.municipality,
        assignee=principal.subject,
        subject_pseudonym=plan.subject_pseudonym,
        child_birth_date=body.child_birth_date,
        age_exception_reason=body.age_exception_reason,
        danger=body.danger,
        needs_assessment=body.needs_assessment,
        earlier_measures=body.earlier_measures,
        less_restrictive_insufficient=body.less_restrictive_insufficient,
        status=OpinionStatus.REQUESTED,
        requested_at=now,
        due_at=due_at,
    )
    session.add(request)
    await session.flush()
    await clocks.open_clock(
        session,
        kind="klat_opinion",
        record_type=REQUEST,
        record_id=request.id,
        due_at=due_at,
        municipality=request.municipality,
        assignee=request.assignee,
        case_id=request.case_id,
    )
    await enqueue(
        session,
        KlatOpinionRequestedV1(
            request_id=request.id,
            case_id=request.case_id,
            municipality=request.municipality,
            requested_at=now,
            due_at=due_at,
            age_exception=exception,
            subject_pseudonym=request.subject_pseudonym,
        ),
        subject=str(request.id),
        source="court",
    )
    await audit(session, principal, request, "create", REQUEST, "SKA opinion request", None)
    return request


async def list_requests(
    session: AsyncSession,
    principal: Principal,
    *,
    status: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[KlatOpinionRequest], str | None]:
    """SKA's counsellors see every request; a head the municipality's; a worker their own."""
    if Role.SKA_COUNSELLOR in principal.roles:
        municipality, assignee = None, None
    elif principal.municipality is not None:
        municipality = principal.municipality
        assignee = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    else:
        return [], None
    fetched = await repository.requests_page(
        session,
        municipality=municipality,
        assignee=assignee,
        status=status,
        cursor=cursor,
        limit=limit,
    )
    return await listed_page(
        session, principal, repository.ORDER, fetched, limit, REQUEST, "SKA opinion requests"
    )


async def answer(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    body: OpinionIn,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> KlatOpinionRequest:
    """SKA's opinion: suitable or not, with reasons."""
    now = now or datetime.now(UTC)
    request, decision = await load(
        session, principal, KlatOpinionRequest, request_id, Action.UPDATE, for_update=True
    )
    if Role.SKA_COUNSELLOR not in principal.roles:
        raise NotPermitted(messages.NO_ACCESS)
    check_version(request.version, if_match)
    if request.status != OpinionStatus.REQUESTED:
        raise WrongState(messages.WRONG_STATE, extra={"status": request.status})
    request.status = OpinionStatus.ANSWERED
    request.opinion = body.opinion
    request.opinion_reasons = body.reasons
    request.answered_by = principal.subject
    request.answered_at = now
    await flush_versioned(session)
    await clocks.meet(session, request.id)
    await enqueue(
        session,
        KlatOpinionAnsweredV1(
            request_id=request.id,
            case_id=request.case_id,
            municipality=request.municipality,
            opinion=body.opinion,
            requested_at=request.requested_at,
            answered_at=now,
            due_at=request.due_at,
            within_term=now <= request.due_at,
        ),
        subject=str(request.id),
        source="court",
    )
    await audit(session, principal, request, "update", REQUEST, "SKA opinion", decision)
    return request


OPINION_ET = {
    "not_requested": "Sotsiaalkindlustusameti arvamust ei ole küsitud.",
    "pending": "Sotsiaalkindlustusameti arvamust on küsitud; vastust veel ei ole (30 päeva "
    "tähtaeg kestab).",
    "suitable": "Sotsiaalkindlustusamet leidis, et meede on sobiv.",
    "not_suitable": "Sotsiaalkindlustusamet leidis, et meede ei ole sobiv.",
}


def _document(application: KlatApplication, authority: str, request_number: str | None) -> bytes:
    opinion = OPINION_ET[application.ska_opinion]
    if request_number:
        opinion += f"\nArvamuse taotlus: {request_number}"
    if application.ska_opinion_reasons:
        opinion += f"\nPõhjendus: {application.ska_opinion_reasons}"
    return render_document(
        "Taotlus kinnise lasteasutuse teenusele suunamiseks",
        [
            Section("Kohus", application.court_name),
            Section("Taotleja", f"{authority}\nJuhtum: {application.case_id}"),
            Section(
                "Vastutav ametnik",
                f"{application.official_name}, {application.official_position}",
            ),
            Section("Oht lapsele", application.danger),
            Section("Abivajaduse hindamine", application.needs_assessment),
            Section("Varasemad meetmed ja nende mõju", application.earlier_measures),
            Section(
                "Miks vähem piiravad meetmed ei aita",
                application.less_restrictive_insufficient,
            ),
            Section(
                "Taotletav kestus",
                f"{application.duration_months} kuud (kuni üks aasta)",
            ),
            Section("Sotsiaalkindlustusameti arvamus", opinion),
        ],
        "et",
        reference=application.number,
        issued_at=application.filed_at.astimezone(default_calendar().tz),
        author=authority,
    )


async def file_application(
    session: AsyncSession,
    principal: Principal,
    body: KlatApplicationIn,
    *,
    now: datetime | None = None,
) -> KlatApplication:
    """Apply to the court, with SKA's opinion as it stands (pending or negative is allowed)."""
    now = now or datetime.now(UTC)
    plan = await _approved_plan(session, principal, body.case_id)
    assert principal.municipality is not None
    request: KlatOpinionRequest | None = None
    if body.request_id is not None:
        request, _ = await load(
            session, principal, KlatOpinionRequest, body.request_id, Action.READ
        )
        if request.case_id != body.case_id:
            raise RuleViolation(messages.OTHER_CASE, extra={"field": "request_id"})
    if body.extends_application_id is not None:
        earlier, _ = await load(
            session, principal, KlatApplication, body.extends_application_id, Action.READ
        )
        if earlier.case_id != body.case_id:
            raise RuleViolation(messages.OTHER_CASE, extra={"field": "extends_application_id"})
    state = ska_opinion_state(request)
    application = KlatApplication(
        id=uuid.uuid4(),
        number=await next_number(session, "KLAT-K", principal.municipality, now.year),
        case_id=body.case_id,
        request_id=body.request_id,
        extends_application_id=body.extends_application_id,
        municipality=principal.municipality,
        assignee=principal.subject,
        subject_pseudonym=plan.subject_pseudonym,
        court_name=body.court_name,
        danger=body.danger,
        needs_assessment=body.needs_assessment,
        earlier_measures=body.earlier_measures,
        less_restrictive_insufficient=body.less_restrictive_insufficient,
        duration_months=body.duration_months,
        ska_opinion=state,
        ska_opinion_reasons=request.opinion_reasons if request else None,
        official_name=body.official_name,
        official_position=body.official_position,
        filed_by=principal.subject,
        filed_at=now,
    )
    authority = get_settings().municipality_names.get(
        principal.municipality, f"Omavalitsus {principal.municipality}"
    )
    application.document = _document(application, authority, request.number if request else None)
    session.add(application)
    await session.flush()
    await enqueue(
        session,
        KlatApplicationFiledV1(
            application_id=application.id,
            request_id=application.request_id,
            case_id=application.case_id,
            municipality=application.municipality,
            filed_at=now,
            ska_opinion=state,
            subject_pseudonym=application.subject_pseudonym,
        ),
        subject=str(application.id),
        source="court",
    )
    await audit(session, principal, application, "create", APPLICATION, "KLAT application", None)
    return application


async def application_document(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> tuple[KlatApplication, bytes]:
    application, decision = await load(
        session, principal, KlatApplication, application_id, Action.READ
    )
    await session.refresh(application, ["document"])
    await audit(
        session, principal, application, "read", APPLICATION, "KLAT application document", decision
    )
    return application, application.document
