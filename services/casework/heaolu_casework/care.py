"""The work inside a case: needs assessments, case plans, network work and home visits,
separation from the family, and substitute care.

The module stays whole past 400 lines until the move into feature packages (ADR 0010), which
splits it into plans and care.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.cases import audit, case_rows, load_case, publish, require_open
from heaolu_casework.models import (
    Activity,
    CareProvider,
    Case,
    CasePlan,
    NeedsAssessment,
    Person,
    Placement,
    Removal,
)
from heaolu_casework.repository import CaseRepository, PlacementRepository
from heaolu_casework.schemas import (
    NEEDS_DOMAINS,
    ActivityIn,
    CareProviderIn,
    CasePlanIn,
    NeedsAssessmentIn,
    PlacementIn,
    RemovalIn,
)
from heaolu_casework.service import SERVICE
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action, Decision, require_any_role, require_municipality
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import (
    AssessmentCompletedV1,
    CasePlanApprovedV1,
    PlacementEndedV1,
    PlacementStartedV1,
    RemovalRecordedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

DRAFT, COMPLETED, APPROVED, SUPERSEDED = "draft", "completed", "approved", "superseded"
REMOVAL_HOURS = 72
"""LasteKS §33: the court must be able to rule within 72 hours of the separation."""
CAPACITY = {"foster_family": 4, "family_home": 6, "substitute_home": 6}
"""SHS: children one foster family / family home / substitute home unit may care for; a
provider's registered capacity is at most this."""
TEMPORARY_CARE_DAYS = 90
"""SHS: temporary substitute care with the custodian's consent lasts up to 90 days, counted as
days of care: the first day of care is day 1 (ADR 0011)."""
CARE_AGE = 18
CARE_AGE_IN_EDUCATION = 19
"""SHS: substitute care lasts until the child comes of age; while in education, until 19."""
CLOCK_SKEW = timedelta(minutes=5)


class NotADraft(Conflict):
    slug = "not-a-draft"


class IncompleteRecord(RuleViolation):
    """Completion or approval refused: the listed fields are missing."""

    slug = "incomplete"


def _missing(missing: list[str], what: str) -> None:
    if missing:
        raise IncompleteRecord(
            f"{what} cannot be completed without: {', '.join(missing)}",
            extra={"field": missing[0], "missing": missing},
        )


async def _load_in_case(
    session: AsyncSession,
    principal: Principal,
    model: Any,
    record_id: uuid.UUID,
    action: Action,
    name: str,
) -> tuple[Any, Case, Decision]:
    record = await session.get(model, record_id)
    if record is None:
        raise ResourceNotFound(f"no such {name} / kirjet pole")
    case, decision = await load_case(session, principal, record.case_id, action)
    return record, case, decision


@dataclass(frozen=True)
class Revisioned:
    """A record kept as numbered revisions per case, one draft at a time."""

    model: Any
    name: str
    record_type: str


NEEDS = Revisioned(NeedsAssessment, "needs assessment", "needs_assessment")
PLAN = Revisioned(CasePlan, "case plan", "case_plan")


async def _next_revision(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, kind: Revisioned
) -> tuple[Case, Decision, int]:
    """The case (locked) and the next revision number; 409 while a draft is open."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE, for_update=True)
    require_open(case)
    revisions = await CaseRepository(session).revisions(kind.model, case.id)
    if any(status == DRAFT for _, status in revisions):
        raise Conflict(f"the case already has a draft {kind.name}; continue that one")
    return case, decision, max((r for r, _ in revisions), default=0) + 1


async def _added(
    session: AsyncSession,
    principal: Principal,
    case: Case,
    record: Any,
    kind: Revisioned,
    decision: Decision,
) -> None:
    session.add(record)
    await session.flush()
    await audit(
        session, principal, case, "create", kind.record_type, record.id, kind.name, decision
    )


async def _read(
    session: AsyncSession, principal: Principal, record_id: uuid.UUID, kind: Revisioned
) -> Any:
    record, case, decision = await _load_in_case(
        session, principal, kind.model, record_id, Action.READ, kind.name
    )
    await audit(session, principal, case, "read", kind.record_type, record.id, kind.name, decision)
    return record


async def _draft(
    session: AsyncSession,
    principal: Principal,
    record_id: uuid.UUID,
    if_match: str | None,
    kind: Revisioned,
) -> tuple[Any, Case, Decision]:
    """A draft revision to change: 412 when stale, 409 when the case is closed or the revision
    is no longer a draft."""
    record, case, decision = await _load_in_case(
        session, principal, kind.model, record_id, Action.UPDATE, kind.name
    )
    check_version(record.version, if_match)
    require_open(case)
    if record.status != DRAFT:
        raise NotADraft(f"the {kind.name} is no longer a draft; start a new revision")
    return record, case, decision


async def _updated(
    session: AsyncSession,
    principal: Principal,
    case: Case,
    record: Any,
    kind: Revisioned,
    decision: Decision,
    purpose: str,
) -> None:
    await flush_versioned(session)
    await audit(session, principal, case, "update", kind.record_type, record.id, purpose, decision)


# --- needs assessment ------------------------------------------------------------------------


def _apply_needs(assessment: NeedsAssessment, body: NeedsAssessmentIn) -> None:
    assessment.findings = {k: v.model_dump(mode="json") for k, v in body.findings.items()}
    assessment.sources = [s.model_dump(mode="json") for s in body.sources]
    assessment.child_opinion = body.child_opinion
    assessment.child_heard_on = body.child_heard_on
    assessment.child_opinion_missing_reason = body.child_opinion_missing_reason
    assessment.conclusion = body.conclusion


async def start_needs_assessment(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: NeedsAssessmentIn
) -> NeedsAssessment:
    """A new revision of the case's needs assessment, as a draft (one draft at a time)."""
    case, decision, revision = await _next_revision(session, principal, case_id, NEEDS)
    assessment = NeedsAssessment(
        id=uuid.uuid4(),
        case_id=case.id,
        revision=revision,
        status=DRAFT,
        created_by=principal.subject,
    )
    _apply_needs(assessment, body)
    await _added(session, principal, case, assessment, NEEDS, decision)
    return assessment


async def read_needs_assessment(
    session: AsyncSession, principal: Principal, assessment_id: uuid.UUID
) -> NeedsAssessment:
    assessment: NeedsAssessment = await _read(session, principal, assessment_id, NEEDS)
    return assessment


NEEDS_ORDER: Keyset[NeedsAssessment] = Keyset(
    columns=(NeedsAssessment.revision, NeedsAssessment.id),
    types=(int, uuid.UUID),
    key=lambda r: (r.revision, r.id),
)


async def needs_assessments(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[NeedsAssessment], str | None]:
    return await case_rows(
        session, principal, case_id, NeedsAssessment, NEEDS_ORDER, "needs assessments", **page
    )


async def update_needs_assessment(
    session: AsyncSession,
    principal: Principal,
    assessment_id: uuid.UUID,
    body: NeedsAssessmentIn,
    if_match: str | None,
) -> NeedsAssessment:
    assessment, case, decision = await _draft(session, principal, assessment_id, if_match, NEEDS)
    _apply_needs(assessment, body)
    await _updated(session, principal, case, assessment, NEEDS, decision, NEEDS.name)
    return assessment  # type: ignore[no-any-return]


def _child_opinion_missing(opinion: str | None, reason: str | None) -> bool:
    return not (opinion and opinion.strip()) and not (reason and reason.strip())


async def complete_needs_assessment(
    session: AsyncSession, principal: Principal, assessment_id: uuid.UUID, if_match: str | None
) -> NeedsAssessment:
    """Complete the draft: every domain assessed, its sources named, the child's opinion (or why
    it could not be obtained) and a conclusion recorded."""
    assessment, case, decision = await _draft(session, principal, assessment_id, if_match, NEEDS)
    missing = [f"findings.{d}" for d in NEEDS_DOMAINS if d not in assessment.findings]
    if not assessment.sources:
        missing.append("sources")
    if _child_opinion_missing(assessment.child_opinion, assessment.child_opinion_missing_reason):
        missing.append("child_opinion")
    if assessment.child_opinion and not assessment.child_heard_on:
        missing.append("child_heard_on")
    if not assessment.conclusion:
        missing.append("conclusion")
    _missing(missing, "the needs assessment")
    now = datetime.now(UTC)
    assessment.status, assessment.completed_at, assessment.completed_by = (
        COMPLETED,
        now,
        principal.subject,
    )
    await flush_versioned(session)
    await publish(
        session,
        AssessmentCompletedV1(
            assessment_id=assessment.id,
            case_id=case.id,
            municipality=case.municipality,
            revision=assessment.revision,
            completed_at=now,
            child_opinion_obtained=bool(assessment.child_opinion),
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "update",
        "needs_assessment",
        assessment.id,
        "needs assessment completed",
        decision,
    )
    return assessment  # type: ignore[no-any-return]


# --- case plan -------------------------------------------------------------------------------


def _apply_plan(plan: CasePlan, body: CasePlanIn) -> None:
    plan.content = body.model_dump(
        mode="json",
        exclude={"child_opinion", "next_review_on", "head_approval_required"},
    )
    plan.child_opinion = body.child_opinion
    plan.next_review_on = body.next_review_on
    plan.head_approval_required = body.head_approval_required


def plan_body(plan: CasePlan) -> dict[str, Any]:
    """The plan's fields as the API shows them."""
    return {
        **plan.content,
        "child_opinion": plan.child_opinion,
        "next_review_on": plan.next_review_on,
        "head_approval_required": plan.head_approval_required,
    }


async def start_case_plan(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: CasePlanIn
) -> CasePlan:
    """A new revision of the case plan, as a draft (one draft at a time)."""
    case, decision, revision = await _next_revision(session, principal, case_id, PLAN)
    plan = CasePlan(
        id=uuid.uuid4(),
        case_id=case.id,
        revision=revision,
        number=f"{case.number}/JP{revision}",
        status=DRAFT,
        created_by=principal.subject,
    )
    _apply_plan(plan, body)
    await _added(session, principal, case, plan, PLAN, decision)
    return plan


async def read_case_plan(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID
) -> CasePlan:
    plan: CasePlan = await _read(session, principal, plan_id, PLAN)
    return plan


async def update_case_plan(
    session: AsyncSession,
    principal: Principal,
    plan_id: uuid.UUID,
    body: CasePlanIn,
    if_match: str | None,
) -> CasePlan:
    plan, case, decision = await _draft(session, principal, plan_id, if_match, PLAN)
    _apply_plan(plan, body)
    await _updated(session, principal, case, plan, PLAN, decision, PLAN.name)
    return plan  # type: ignore[no-any-return]


async def _plan_gaps(session: AsyncSession, case: Case, plan: CasePlan) -> list[str]:
    body = CasePlanIn.model_validate(plan_body(plan))
    missing: list[str] = []
    if _child_opinion_missing(plan.child_opinion, body.child_opinion_missing_reason):
        missing.append("child_opinion")
    if case.kind == "child_protection" and body.caregiver_involvement is None:
        missing.append("caregiver_involvement")
    if not body.specialist_contact:
        missing.append("specialist_contact")
    missing += [
        f"assessed_need.{name}"
        for name, value in body.assessed_need.model_dump().items()
        if not value
    ]
    if not body.action_plan:
        missing.append("action_plan")
    if body.next_review_on is None:
        missing.append("next_review_on")
    repository = CaseRepository(session)
    completed = await repository.count(
        NeedsAssessment, case.id, NeedsAssessment.status == COMPLETED
    )
    if not completed:
        missing.append("completed needs assessment")
    if case.kind == "child_protection" and not await repository.has_representative(case.id):
        missing.append("legal_representative")
    return missing


async def approve_case_plan(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, if_match: str | None
) -> CasePlan:
    """Approve the draft: only when every field of the regulation is there, including how the
    person raising the child was informed and involved, and the child's opinion. The review
    date and each evaluation date become deadlines."""
    plan, case, decision = await _draft(session, principal, plan_id, if_match, PLAN)
    if plan.head_approval_required and Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted("this plan is approved by the department head / kinnitab juht")
    _missing(await _plan_gaps(session, case, plan), "the case plan")
    now = datetime.now(UTC)
    previous = await CaseRepository(session).rows(
        CasePlan, case.id, CasePlan.revision, CasePlan.status == APPROVED
    )
    for old in previous:
        old.status = SUPERSEDED
        await clocks.cancel_record(session, old.id)
    plan.status, plan.approved_at, plan.approved_by = APPROVED, now, principal.subject
    await flush_versioned(session)
    calendar = default_calendar()
    assert plan.next_review_on is not None
    await clocks.open_case_clock(
        session,
        case,
        kind="case_plan_review",
        record_type="case_plan",
        record_id=plan.id,
        due_at=calendar.end_of_local_day(plan.next_review_on),
    )
    for item in plan.content.get("action_plan", []):
        await clocks.open_case_clock(
            session,
            case,
            kind="action_evaluation",
            record_type="case_plan",
            record_id=plan.id,
            due_at=calendar.end_of_local_day(date.fromisoformat(item["evaluation_on"])),
        )
    await publish(
        session,
        CasePlanApprovedV1(
            case_plan_id=plan.id,
            case_id=case.id,
            municipality=case.municipality,
            revision=plan.revision,
            approved_at=now,
            approved_by_head=Role.DEPARTMENT_HEAD in principal.roles,
            next_review_on=plan.next_review_on,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session, principal, case, "update", "case_plan", plan.id, "case plan approved", decision
    )
    return plan  # type: ignore[no-any-return]


# --- network work, home visits, notes --------------------------------------------------------


async def record_activity(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: ActivityIn
) -> Activity:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    if body.occurred_at > datetime.now(UTC) + CLOCK_SKEW:
        raise RuleViolation(
            "an activity is recorded after it happened", extra={"field": "occurred_at"}
        )
    activity = Activity(
        id=uuid.uuid4(),
        case_id=case.id,
        kind=body.kind,
        occurred_at=body.occurred_at,
        participants=[p.model_dump() for p in body.participants],
        summary=body.summary,
        recorded_by=principal.subject,
    )
    session.add(activity)
    await session.flush()
    await audit(
        session, principal, case, "create", "case_activity", activity.id, body.kind, decision
    )
    return activity


ACTIVITY_ORDER: Keyset[Activity] = Keyset(
    columns=(Activity.occurred_at, Activity.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.occurred_at, r.id),
    descending=True,
)


async def activities(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[Activity], str | None]:
    return await case_rows(
        session, principal, case_id, Activity, ACTIVITY_ORDER, "case activities", **page
    )


# --- separation from the family --------------------------------------------------------------


async def record_removal(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: RemovalIn
) -> Removal:
    """Record a separation (LasteKS §33); the 72-hour clock starts at ``separated_at`` and the
    court service opens the custody-restriction application from ``removal.recorded``."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    if case.kind != "child_protection":
        raise RuleViolation(
            "separation is recorded in a child-protection case", extra={"field": "case"}
        )
    now = datetime.now(UTC)
    if body.separated_at > now + CLOCK_SKEW:
        raise RuleViolation("the separation has not happened yet", extra={"field": "separated_at"})
    ruling_due_at = default_calendar().add_hours_deadline(body.separated_at, REMOVAL_HOURS)
    if not body.separated_at < body.contact_until <= ruling_due_at:
        raise RuleViolation(
            "the contact arrangement lasts at most 72 hours from the separation / "
            "suhtluskord kehtib kuni 72 tundi",
            extra={"field": "contact_until"},
        )
    filing_due_at = default_calendar().add_hours_deadline(
        body.separated_at, get_settings().court_filing_target_hours
    )
    removal = Removal(
        id=uuid.uuid4(),
        case_id=case.id,
        separated_at=body.separated_at,
        facts=body.facts,
        legal_ground=body.legal_ground,
        temporary_location=body.temporary_location,
        contact_arrangement=body.contact_arrangement,
        contact_until=body.contact_until,
        court_filing_due_at=filing_due_at,
        ruling_due_at=ruling_due_at,
        recorded_by=principal.subject,
    )
    session.add(removal)
    await session.flush()
    for kind, due in (("court_filing", filing_due_at), ("court_ruling", ruling_due_at)):
        await clocks.open_case_clock(
            session, case, kind=kind, record_type="removal", record_id=removal.id, due_at=due
        )
    await publish(
        session,
        RemovalRecordedV1(
            removal_id=removal.id,
            case_id=case.id,
            municipality=case.municipality,
            separated_at=body.separated_at,
            legal_ground=body.legal_ground,
            court_filing_due_at=filing_due_at,
            ruling_due_at=ruling_due_at,
            subject_pseudonym=case.subject_pseudonym,
            case_number=case.number,
            assignee=case.assignee,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "create",
        "removal",
        removal.id,
        "separation from the family",
        decision,
    )
    return removal


REMOVAL_ORDER: Keyset[Removal] = Keyset(
    columns=(Removal.separated_at, Removal.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.separated_at, r.id),
    descending=True,
)


async def removals(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[Removal], str | None]:
    return await case_rows(
        session, principal, case_id, Removal, REMOVAL_ORDER, "separations", **page
    )


# --- substitute care -------------------------------------------------------------------------


def _birthday(born: date, age: int) -> date:
    """The day a person born on ``born`` reaches ``age`` (born on 29 February: on 1 March in a
    common year, the day after 28 February ends)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return date(born.year + age, 3, 1)


def care_age_limit(born: date, in_education: bool) -> date:
    """The last day of substitute care: the day before the 18th birthday, or the 19th while the
    young person is in education (SHS)."""
    return _birthday(born, CARE_AGE_IN_EDUCATION if in_education else CARE_AGE) - timedelta(days=1)


def temporary_care_last_day(starts_on: date) -> date:
    """The last day of temporary care that started on ``starts_on``: 90 days of care counting the
    first day as day 1 (so it is not moved to a working day: care runs on days off too)."""
    return starts_on + timedelta(days=TEMPORARY_CARE_DAYS - 1)


class AlreadyPlaced(Conflict):
    slug = "already-placed"


def check_placement_dates(body: PlacementIn, born: date) -> date:
    """The placement's last day (the age limit when none is given); 422 naming the field when
    it breaks the temporary-care term or the age limit."""
    limit = care_age_limit(born, body.in_education)
    if body.starts_on > limit:
        raise RuleViolation(
            "substitute care ends when the child comes of age (19 while in education) / "
            "asendushooldus lõpeb täisealiseks saamisel (õppimise ajal 19-aastaseks saamisel)",
            extra={"field": "starts_on", "care_ends_by": limit.isoformat()},
        )
    if body.temporary:
        if not body.custodian_consent:
            raise RuleViolation(
                "temporary substitute care needs the custodian's consent",
                extra={"field": "custodian_consent"},
            )
        last = temporary_care_last_day(body.starts_on)
        if body.ends_on is None or body.ends_on > last:
            raise RuleViolation(
                "temporary substitute care lasts at most 90 days / "
                "ajutine asendushooldus kestab kuni 90 päeva",
                extra={"field": "ends_on", "last_day": last.isoformat()},
            )
    ends_on = body.ends_on or limit
    if ends_on < body.starts_on:
        raise RuleViolation("ends_on is before starts_on", extra={"field": "ends_on"})
    if ends_on > limit:
        raise RuleViolation(
            "substitute care ends when the child comes of age (19 while in education) / "
            "asendushooldus lõpeb täisealiseks saamisel (õppimise ajal 19-aastaseks saamisel)",
            extra={"field": "ends_on", "care_ends_by": limit.isoformat()},
        )
    return ends_on


async def start_placement(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: PlacementIn
) -> Placement:
    """Place the child with a registered provider. The cap is the provider's registered
    capacity (at most 4 in a foster family, 6 in a family or substitute home); over it only
    with the guardians' consent and SKA's approval. One active placement per child; care ends
    by the age limit; temporary care only with the custodian's consent and for at most 90
    days."""
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    child = await session.get(Person, case.child_id)
    assert child is not None
    if child.birth_date is None:
        raise RuleViolation(
            "substitute care needs the child's birth date (or personal code) / "
            "asendushoolduseks on vaja lapse sünniaega",
            extra={"field": "child.birth_date"},
        )
    ends_on = check_placement_dates(body, child.birth_date)
    repository = PlacementRepository(session)
    provider = await repository.provider(body.provider_code, lock=True)
    if provider is None:
        raise RuleViolation(
            "no such provider in the register / sellist teenuseosutajat registris pole",
            extra={"field": "provider_code"},
        )
    if await repository.active_of_child(child.id, case.subject_pseudonym) is not None:
        raise AlreadyPlaced(
            "the child is already in substitute care: end that placement first / "
            "laps on juba asendushooldusel"
        )
    already = await repository.children_in_care(provider.code)
    over = already + 1 > provider.capacity
    if over and not (body.guardian_consent and body.ska_approval_ref):
        raise RuleViolation(
            f"the provider already cares for {already} children (cap {provider.capacity}): "
            "exceeding the cap needs the guardians' consent and SKA's approval / "
            "piirarvu ületamiseks on vaja eestkostjate nõusolekut ja SKA kooskõlastust",
            extra={
                "field": "ska_approval_ref",
                "capacity": provider.capacity,
                "in_care": already,
            },
        )
    placement = Placement(
        id=uuid.uuid4(),
        case_id=case.id,
        child_id=child.id,
        form=provider.form,
        provider_code=provider.code,
        provider_name=provider.name,
        starts_on=body.starts_on,
        ends_on=ends_on,
        temporary=body.temporary,
        custodian_consent=body.custodian_consent,
        guardian_consent=body.guardian_consent,
        ska_approval_ref=body.ska_approval_ref,
        over_capacity=over,
        in_education=body.in_education,
        status="active",
        recorded_by=principal.subject,
    )
    try:
        async with session.begin_nested():
            session.add(placement)
            await session.flush()
    except IntegrityError:
        # Another placement of the same child committed first (uq_placement_active_child).
        raise AlreadyPlaced(
            "the child is already in substitute care / laps on juba asendushooldusel"
        ) from None
    await clocks.open_case_clock(
        session,
        case,
        kind="temporary_care_end" if body.temporary else "care_age_limit",
        record_type="placement",
        record_id=placement.id,
        due_at=default_calendar().end_of_local_day(ends_on),
    )
    await publish(
        session,
        PlacementStartedV1(
            placement_id=placement.id,
            case_id=case.id,
            municipality=case.municipality,
            form=provider.form,
            provider_code=provider.code,
            starts_on=body.starts_on,
            ends_on=ends_on,
            temporary=body.temporary,
            over_capacity=over,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "create",
        "placement",
        placement.id,
        f"substitute care: {provider.form}",
        decision,
    )
    return placement


PLACEMENT_ORDER: Keyset[Placement] = Keyset(
    columns=(Placement.starts_on, Placement.id),
    types=(date, uuid.UUID),
    key=lambda r: (r.starts_on, r.id),
    descending=True,
)


async def placements(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[Placement], str | None]:
    return await case_rows(
        session, principal, case_id, Placement, PLACEMENT_ORDER, "placements", **page
    )


# --- the register of substitute-care providers ----------------------------------------------

PROVIDER_ORDER: Keyset[Any] = Keyset(
    columns=(CareProvider.code,),
    types=(str,),
    key=lambda row: (row.CareProvider.code,),
)


async def register_provider(
    session: AsyncSession, principal: Principal, body: CareProviderIn
) -> CareProvider:
    """A department head enters a provider of their municipality into the register; its
    capacity is at most the legal cap of its form."""
    require_any_role(principal, (Role.DEPARTMENT_HEAD,))
    municipality = require_municipality(principal)
    if body.capacity > CAPACITY[body.form]:
        raise RuleViolation(
            f"a {body.form} cares for at most {CAPACITY[body.form]} children / "
            "mahutavus ületab seadusjärgset piirarvu",
            extra={"field": "capacity", "cap": CAPACITY[body.form]},
        )
    repository = PlacementRepository(session)
    if await repository.provider(body.code) is not None:
        raise Conflict("the register already has this provider code / kood on juba registris")
    provider = await repository.add_provider(
        CareProvider(
            code=body.code,
            name=body.name,
            form=body.form,
            capacity=body.capacity,
            municipality=municipality,
            registered_by=principal.subject,
        )
    )
    await _audit_register(session, principal, "create", provider.code, "provider registered")
    return provider


async def _audit_register(
    session: AsyncSession, principal: Principal, action: str, record_id: str, purpose: str
) -> None:
    # A foster family is named by its carers: the register's use is on the trail too.
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="care_provider" if action != "list" else "care_provider_list",
        record_id=record_id,
        subject_pseudonym=None,
        purpose=purpose,
    )


async def providers(
    session: AsyncSession,
    principal: Principal,
    *,
    municipality: str | None,
    form: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """The register with the children each provider cares for now (placements may go to a
    provider in another municipality)."""
    fetched = await PlacementRepository(session).providers_page(
        municipality=municipality, form=form, keyset=PROVIDER_ORDER, cursor=cursor, limit=limit
    )
    await _audit_register(
        session, principal, "list", f"municipality:{municipality or 'all'}", "provider register"
    )
    return PROVIDER_ORDER.page(fetched, limit)


async def end_placement(
    session: AsyncSession,
    principal: Principal,
    placement_id: uuid.UUID,
    ended_on: date,
    if_match: str | None,
) -> Placement:
    placement, case, decision = await _load_in_case(
        session, principal, Placement, placement_id, Action.UPDATE, "placement"
    )
    check_version(placement.version, if_match)
    if placement.status != "active":
        raise Conflict("the placement has ended")
    if ended_on < placement.starts_on:
        raise RuleViolation("ended_on is before the placement started", extra={"field": "ended_on"})
    placement.status, placement.ended_on = "ended", ended_on
    await flush_versioned(session)
    await clocks.meet(session, placement.id)
    await publish(
        session,
        PlacementEndedV1(
            placement_id=placement.id,
            case_id=case.id,
            municipality=case.municipality,
            ended_on=ended_on,
        ),
        case.id,
    )
    await audit(
        session,
        principal,
        case,
        "update",
        "placement",
        placement.id,
        "substitute care ended",
        decision,
    )
    return placement  # type: ignore[no-any-return]
