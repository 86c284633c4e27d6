"""Casework's rules: preliminary assessments, who may see them, substitution, counselling."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.models import (
    Case,
    CounsellingRequest,
    PreliminaryAssessment,
    ServiceApplication,
    Substitution,
)
from heaolu_casework.repository import (
    CounsellingRepository,
    PreliminaryAssessmentRepository,
    SubstitutionRepository,
)
from heaolu_casework.settings import get_settings
from heaolu_shared import staff
from heaolu_shared.access import (
    WORKER_DOMAINS,
    AccessContext,
    Action,
    Decision,
    Domain,
    RecordScope,
    decide,
    require,
    require_municipality,
)
from heaolu_shared.access import Substitution as SubstitutionWindow
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import AssignmentChangedV1, SubstitutionRecordedV1
from heaolu_shared.contracts.intake import (
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.errors import NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue

SERVICE = "casework"
PRELIMINARY_ASSESSMENT_DAYS = 10
"""LasteKS §28: decide within 10 calendar days of learning of the child in need."""
MAX_SUBSTITUTION = timedelta(days=366)
WORKER_ROLES = frozenset(WORKER_DOMAINS)


async def open_preliminary_assessment(
    session: AsyncSession, report: ReportReceivedV1 | ReportReceivedV2 | ReportRoutedV1
) -> bool:
    """A pending preliminary assessment for the report's municipality, once per report.

    The 10 days run from when the report was received, also when it reached the municipality
    later (out of SKA's triage queue).
    """
    due_at = default_calendar().calendar_days_term(report.received_at, PRELIMINARY_ASSESSMENT_DAYS)
    assessment_id = await PreliminaryAssessmentRepository(session).add_pending_once(
        report_id=report.report_id,
        municipality=report.municipality,
        need_level=report.need_level,
        received_at=report.received_at,
        due_at=due_at,
        subject_pseudonym=report.child_pseudonym,
        urgent=bool(report.urgent),
    )
    if assessment_id is None:
        return False
    await clocks.open_clock(
        session,
        kind="preliminary_assessment",
        record_type="preliminary_assessment",
        record_id=assessment_id,
        due_at=due_at,
        municipality=report.municipality,
        assignee=None,
        subject_pseudonym=report.child_pseudonym,
    )
    return True


async def move_or_open(session: AsyncSession, routed: ReportRoutedV1) -> None:
    """A report reached another municipality: the assessment moves there, unassigned, so the
    previous municipality loses access; without one yet, it opens."""
    assessment = await PreliminaryAssessmentRepository(session).by_report(routed.report_id)
    if assessment is None:
        await open_preliminary_assessment(session, routed)
    elif assessment.municipality != routed.municipality:
        assessment.municipality = routed.municipality
        assessment.assignee = None
        await session.flush()
        await clocks.follow(
            session, municipality=routed.municipality, assignee=None, record_id=assessment.id
        )


async def join_thread(session: AsyncSession, linked: ReportLinkedV1) -> None:
    """A further report about the same child joins the thread; danger escalates it."""
    assessment = await PreliminaryAssessmentRepository(session).by_report(linked.thread_report_id)
    if assessment is None:
        raise LookupError("the thread's assessment is not here yet; retry")
    assessment.linked_reports += 1
    if linked.urgent:
        assessment.urgent = True
        assessment.need_level = "in_danger"
    await session.flush()


async def access_context(session: AsyncSession, principal: Principal) -> AccessContext:
    """The substitutions and counselling requests that bear on the principal's access."""
    now = datetime.now(UTC)
    substitutions = [
        SubstitutionWindow(s.absent, s.substitute, s.municipality, s.starts_at, s.ends_at)
        for s in await SubstitutionRepository(session).for_substitute(principal.subject)
    ]
    counselling: frozenset[str] = frozenset()
    if "ska_counsellor" in principal.roles:
        counselling = frozenset(
            str(r) for r in await CounsellingRepository(session).open_record_ids()
        )
    return AccessContext(now=now, substitutions=substitutions, counselling_records=counselling)


def scope(assessment: PreliminaryAssessment) -> RecordScope:
    return RecordScope(
        domain=Domain.CHILD_PROTECTION,
        municipality=assessment.municipality,
        assignee=assessment.assignee,
        subject_pseudonym=assessment.subject_pseudonym,
        record_id=str(assessment.id),
    )


async def list_assessments(
    session: AsyncSession,
    principal: Principal,
    *,
    report_id: uuid.UUID | None,
    after: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> Sequence[PreliminaryAssessment]:
    """The preliminary assessments the principal may see, earliest deadline first."""
    ctx = await access_context(session, principal)
    municipality = principal.municipality or ""
    assignees = {principal.subject} | {
        s.absent for s in ctx.substitutions if s.active(ctx.now) and s.municipality == municipality
    }
    rows = await PreliminaryAssessmentRepository(session).list_visible(
        municipality,
        all_of_municipality="department_head" in principal.roles and bool(municipality),
        assignees=assignees,
        record_ids=[uuid.UUID(r) for r in ctx.counselling_records],
        report_id=report_id,
        after=after,
        limit=limit,
    )
    visible = [r for r in rows if decide(principal, Action.LIST, scope(r), ctx).allowed]
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type="preliminary_assessment_list",
        record_id=f"municipality:{municipality or 'none'}",
        subject_pseudonym=None,
        purpose="worklist",
    )
    return visible


async def _load(
    session: AsyncSession, principal: Principal, assessment_id: uuid.UUID, action: Action
) -> tuple[PreliminaryAssessment, Decision]:
    assessment = await PreliminaryAssessmentRepository(session).get(assessment_id)
    if assessment is None:
        raise ResourceNotFound("no such preliminary assessment / sellist eelhindamist pole")
    decision = require(
        principal, action, scope(assessment), await access_context(session, principal)
    )
    return assessment, decision


async def _audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    assessment: PreliminaryAssessment,
    purpose: str,
    decision: Decision,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="preliminary_assessment",
        record_id=str(assessment.id),
        subject_pseudonym=assessment.subject_pseudonym,
        purpose=purpose,
        decision=decision,
    )


async def read_assessment(
    session: AsyncSession, principal: Principal, assessment_id: uuid.UUID
) -> PreliminaryAssessment:
    """One assessment, audited."""
    assessment, decision = await _load(session, principal, assessment_id, Action.READ)
    await _audit(session, principal, "read", assessment, "preliminary assessment", decision)
    return assessment


async def assign_assessment(
    session: AsyncSession,
    principal: Principal,
    assessment_id: uuid.UUID,
    *,
    assignee_username: str,
    if_match: str | None,
) -> PreliminaryAssessment:
    """Assign the assessment to a worker of its municipality (department head or assignee), or
    take it from the queue where the municipality allows self-assignment."""
    assessment = await PreliminaryAssessmentRepository(session).get(assessment_id)
    if assessment is None:
        raise ResourceNotFound("no such preliminary assessment / sellist eelhindamist pole")
    decision = await assign(
        session, principal, assessment, scope(assessment), assignee_username, if_match
    )
    await _audit(session, principal, "update", assessment, "assignment", decision)
    return assessment


async def assign(
    session: AsyncSession,
    principal: Principal,
    record: PreliminaryAssessment | Case | ServiceApplication,
    record_scope: RecordScope,
    assignee_username: str,
    if_match: str | None,
    *,
    require_state: Callable[[], None] | None = None,
) -> Decision:
    """Give ``record`` to a worker of its municipality; its open clocks follow.

    Access is decided first (so a caller without it learns nothing of the record's state), then
    ``If-Match``, then ``require_state`` (e.g. the case is open)."""
    decision = await assignment_decision(session, principal, record_scope, assignee_username)
    check_version(record.version, if_match)
    if require_state is not None:
        require_state()
    record.assignee = await assignee_subject(session, record.municipality, assignee_username)
    await flush_versioned(session)
    owner = {"case_id": record.id} if isinstance(record, Case) else {"record_id": record.id}
    await clocks.follow(
        session, municipality=record.municipality, assignee=record.assignee, **owner
    )
    await announce_assignment(session, record)
    return decision


async def announce_assignment(
    session: AsyncSession, record: PreliminaryAssessment | Case | ServiceApplication
) -> None:
    """Tell intake who handles the report thread or application behind ``record``, so that
    worker (and their substitute) reads it there: one assignment across both services."""
    target: tuple[str, uuid.UUID] | None = None
    if isinstance(record, PreliminaryAssessment):
        target = ("report", record.report_id)
    elif isinstance(record, ServiceApplication):
        target = ("service_application", record.id)
    elif record.preliminary_assessment_id is not None:
        assessment = await PreliminaryAssessmentRepository(session).get(
            record.preliminary_assessment_id
        )
        target = ("report", assessment.report_id) if assessment is not None else None
    elif record.application_id is not None:
        target = ("service_application", record.application_id)
    if target is None:
        return
    kind, intake_id = target
    await enqueue(
        session,
        AssignmentChangedV1(
            intake_record=kind,
            intake_record_id=intake_id,
            municipality=record.municipality,
            assignee=record.assignee,
            changed_at=datetime.now(UTC),
        ),
        subject=str(intake_id),
    )


async def follow_intake_assignment(session: AsyncSession, assigned: ReportAssignedV1) -> None:
    """The department head assigned the report at intake: its preliminary assessment follows
    (without announcing it back)."""
    assessment = await PreliminaryAssessmentRepository(session).by_report(assigned.report_id)
    if assessment is None:
        raise LookupError("the report's assessment is not here yet; retry")
    if assessment.status != "pending" or assessment.assignee == assigned.assignee:
        return
    assessment.assignee = assigned.assignee
    await session.flush()
    await clocks.follow(
        session,
        municipality=assessment.municipality,
        assignee=assessment.assignee,
        record_id=assessment.id,
    )


def may_take_from_queue(principal: Principal, record: RecordScope) -> bool:
    """Self-assignment: an unassigned record, a worker of its municipality and domain, in a
    municipality that lets workers take items from the queue themselves."""
    return (
        record.assignee is None
        and record.municipality is not None
        and principal.municipality == record.municipality
        and record.municipality in get_settings().self_assignment_municipalities
        and any(record.domain in WORKER_DOMAINS.get(r, ()) for r in principal.roles)
    )


async def assignment_decision(
    session: AsyncSession, principal: Principal, record: RecordScope, assignee_username: str
) -> Decision:
    """Who may (re)assign: whoever may update the record, or a worker taking it for themselves."""
    decision = decide(principal, Action.UPDATE, record, await access_context(session, principal))
    if decision.allowed:
        return decision
    if assignee_username == principal.username and may_take_from_queue(principal, record):
        return Decision(True, "self-assignment from the queue")
    raise NotPermitted("you have no access to this record / teil puudub juurdepääs kirjele")


async def assignee_subject(session: AsyncSession, municipality: str, username: str) -> str:
    """The subject of a worker of ``municipality``, or 422 naming the field."""
    worker = await staff.by_username(session, username)
    if (
        worker is None
        or worker.municipality != municipality
        or not set(worker.roles) & WORKER_ROLES
    ):
        raise RuleViolation(
            "the assignee must be a worker of the same municipality / "
            "vastutaja peab olema sama omavalitsuse töötaja",
            extra={"field": "assignee_username"},
        )
    return str(worker.subject)


async def record_substitution(
    session: AsyncSession,
    principal: Principal,
    *,
    absent_username: str | None,
    substitute_username: str,
    starts_at: datetime,
    ends_at: datetime,
) -> Substitution:
    """A worker records their own absence, or a department head records one for a worker."""
    municipality = require_municipality(principal)
    if absent_username is None or absent_username == principal.username:
        absent_subject, absent_roles = principal.subject, set(principal.roles)
    else:
        if "department_head" not in principal.roles:
            raise NotPermitted("only a department head records another worker's absence")
        absent = await staff.by_username(session, absent_username)
        if absent is None or absent.municipality != municipality:
            raise RuleViolation(
                "the absent worker is not a worker of your municipality",
                extra={"field": "absent_username"},
            )
        absent_subject, absent_roles = absent.subject, set(absent.roles)
    substitute = await staff.by_username(session, substitute_username)
    shared_roles = (absent_roles & WORKER_ROLES) & set(substitute.roles if substitute else [])
    if substitute is None or substitute.municipality != municipality or not shared_roles:
        raise RuleViolation(
            "the substitute must be a worker of the same municipality and role / "
            "asendaja peab olema sama omavalitsuse ja rolliga töötaja",
            extra={"field": "substitute_username"},
        )
    if substitute.subject == absent_subject:
        raise RuleViolation("nobody substitutes themselves", extra={"field": "substitute_username"})
    if ends_at <= starts_at or ends_at - starts_at > MAX_SUBSTITUTION:
        raise RuleViolation(
            "the window must end after it starts and last at most a year",
            extra={"field": "ends_at"},
        )
    substitution = await SubstitutionRepository(session).add(
        Substitution(
            municipality=municipality,
            absent=absent_subject,
            substitute=substitute.subject,
            starts_at=starts_at,
            ends_at=ends_at,
            recorded_by=principal.subject,
        )
    )
    # Intake decides a substitute's access to reports and applications from the same window.
    await enqueue(
        session,
        SubstitutionRecordedV1(
            substitution_id=substitution.id,
            municipality=municipality,
            absent=absent_subject,
            substitute=substitution.substitute,
            starts_at=starts_at,
            ends_at=ends_at,
        ),
        subject=str(substitution.id),
    )
    return substitution


async def substitutions_for(session: AsyncSession, principal: Principal) -> Sequence[Substitution]:
    municipality = require_municipality(principal)
    subject = None if "department_head" in principal.roles else principal.subject
    return await SubstitutionRepository(session).involving(municipality, subject)


def case_scope(case: Case) -> RecordScope:
    domain = Domain.SOCIAL_SERVICES if case.kind == "social_services" else Domain.CHILD_PROTECTION
    return RecordScope(
        domain=domain,
        municipality=case.municipality,
        assignee=case.assignee,
        subject_pseudonym=case.subject_pseudonym,
        record_id=str(case.id),
    )


async def open_counselling_request(
    session: AsyncSession, principal: Principal, record_id: uuid.UUID, question: str
) -> CounsellingRequest:
    """Ask SKA's counselling service about a preliminary assessment or a case the asker may
    change; the counsellor may then read that record (and, for a case, its parts)."""
    case = await session.get(Case, record_id)
    if case is not None:
        require(
            principal, Action.UPDATE, case_scope(case), await access_context(session, principal)
        )
        municipality, target = case.municipality, case.id
    else:
        assessment, _ = await _load(session, principal, record_id, Action.UPDATE)
        municipality, target = assessment.municipality, assessment.id
    return await CounsellingRepository(session).add(
        CounsellingRequest(
            municipality=municipality,
            record_id=target,
            question=question,
            opened_by=principal.subject,
            opened_at=datetime.now(UTC),
        )
    )
