"""Casework's rules: preliminary assessments, who may see them, substitution, counselling.

The module stays whole past 400 lines because substitution and counselling are the two halves
of the access context every other rule module asks (:func:`access_context`, :func:`visibility`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

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
    Visibility,
    remember_colleague_name,
)
from heaolu_casework.settings import get_settings
from heaolu_shared import staff
from heaolu_shared.access import (
    HEAD_DOMAINS,
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
from heaolu_shared.contracts.casework import (
    AssignmentChangedV1,
    SubstitutionEndedV1,
    SubstitutionRecordedV1,
)
from heaolu_shared.contracts.intake import (
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

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
        child_name=report.child_name,
        urgent=bool(report.urgent) or report.need_level == "in_danger",
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
    if Role.SKA_COUNSELLOR in principal.roles:
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


def visibility(principal: Principal, ctx: AccessContext) -> Visibility:
    """What :func:`heaolu_shared.access.decide` can allow the principal to list, as a filter
    the lists put into their SQL: the department head's whole municipality; a worker's own
    records and those of the colleagues they substitute now, of the domains their roles reach;
    an SKA counsellor's records under an open counselling request."""
    municipality = principal.municipality
    domains: frozenset[Domain] = frozenset().union(
        *(WORKER_DOMAINS.get(r, frozenset()) for r in principal.roles)
    )
    whole = Role.DEPARTMENT_HEAD in principal.roles and municipality is not None
    if whole:
        domains = domains | HEAD_DOMAINS
    assignees = frozenset(
        {principal.subject}
        | {
            s.absent
            for s in ctx.substitutions
            if s.active(ctx.now) and s.municipality == municipality
        }
    )
    counselling = (
        frozenset(uuid.UUID(r) for r in ctx.counselling_records)
        if Role.SKA_COUNSELLOR in principal.roles
        else frozenset()
    )
    return Visibility(
        municipality=municipality,
        whole_municipality=whole,
        assignees=assignees if domains else frozenset(),
        kinds=frozenset(
            d.value for d in domains if d in (Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES)
        ),
        record_ids=counselling,
    )


ASSESSMENT_ORDER: Keyset[PreliminaryAssessment] = Keyset(
    columns=(PreliminaryAssessment.due_at, PreliminaryAssessment.id),
    types=(datetime, uuid.UUID),
    key=lambda a: (a.due_at, a.id),
)


async def audit_list(
    session: AsyncSession,
    principal: Principal,
    *,
    record_type: str,
    scope_id: str,
    purpose: str,
    shown: Iterable[tuple[str, str, str | None]] = (),
) -> None:
    """Audit a list: one record naming the list, and one ``list`` record per person whose name
    it showed (record type, record id, the person's pseudonym), so a citizen's access log tells
    that their name was on someone's worklist. ``list`` is not an opening of a person: the
    audit service's per-hour anomaly limit counts reads, reveals and searches only (ADR 0011)."""
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="list",
        record_type=record_type,
        record_id=scope_id,
        subject_pseudonym=None,
        purpose=purpose,
    )
    for row_type, row_id, pseudonym in shown:
        await record_access(
            session,
            principal,
            service=SERVICE,
            action="list",
            record_type=row_type,
            record_id=row_id,
            subject_pseudonym=pseudonym,
            purpose=f"name shown: {purpose}",
        )


async def list_assessments(
    session: AsyncSession,
    principal: Principal,
    *,
    report_id: uuid.UUID | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[PreliminaryAssessment], str | None]:
    """The preliminary assessments the principal may see, earliest deadline first."""
    ctx = await access_context(session, principal)
    fetched = await PreliminaryAssessmentRepository(session).page(
        visibility(principal, ctx),
        report_id=report_id,
        keyset=ASSESSMENT_ORDER,
        cursor=cursor,
        limit=limit,
    )
    rows, next_cursor = ASSESSMENT_ORDER.page(
        fetched, limit, keep=lambda r: decide(principal, Action.LIST, scope(r), ctx).allowed
    )
    await audit_list(
        session,
        principal,
        record_type="preliminary_assessment_list",
        scope_id=f"municipality:{principal.municipality or 'none'}",
        purpose="worklist",
        shown=[
            ("preliminary_assessment", str(r.id), r.subject_pseudonym) for r in rows if r.child_name
        ],
    )
    return rows, next_cursor


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
        if Role.DEPARTMENT_HEAD not in principal.roles:
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


SUBSTITUTION_ORDER: Keyset[Any] = Keyset(
    columns=(Substitution.starts_at, Substitution.id),
    types=(datetime, uuid.UUID),
    key=lambda row: (row.Substitution.starts_at, row.Substitution.id),
)


async def substitutions_for(
    session: AsyncSession, principal: Principal, *, cursor: str | None, limit: int
) -> tuple[list[Any], str | None]:
    """The municipality's substitutions (department head) or the caller's own, with the
    colleagues' names; the list is audited (it names colleagues, not citizens)."""
    municipality = require_municipality(principal)
    subject = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await SubstitutionRepository(session).page(
        municipality, subject, keyset=SUBSTITUTION_ORDER, cursor=cursor, limit=limit
    )
    await audit_list(
        session,
        principal,
        record_type="substitution_list",
        scope_id=f"municipality:{municipality}",
        purpose="substitutions",
    )
    return SUBSTITUTION_ORDER.page(fetched, limit)


class SubstitutionEnded(Conflict):
    slug = "substitution-ended"


async def end_substitution(
    session: AsyncSession,
    principal: Principal,
    substitution_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> Substitution:
    """The absent worker is back early: they (or their department head) end the window now; a
    window that has not started yet ends before it starts. Audited."""
    now = now or datetime.now(UTC)
    substitution = await SubstitutionRepository(session).get(substitution_id)
    if substitution is None or substitution.municipality != principal.municipality:
        raise ResourceNotFound("no such substitution / sellist asendamist pole")
    if not may_end_substitution(principal, substitution):
        raise NotPermitted(
            "only the absent worker or their department head ends a substitution / "
            "asendamise lõpetab puuduv töötaja või tema juht"
        )
    check_version(substitution.version, if_match)
    if substitution.ends_at <= now:
        raise SubstitutionEnded("the substitution has already ended / asendamine on lõppenud")
    substitution.ends_at = max(now, substitution.starts_at)
    substitution.ended_early_by = principal.subject
    await flush_versioned(session)
    # Intake's copy of the window ends with it.
    await enqueue(
        session,
        SubstitutionEndedV1(substitution_id=substitution.id, ended_at=substitution.ends_at),
        subject=str(substitution.id),
    )
    await record_access(
        session,
        principal,
        service=SERVICE,
        action="update",
        record_type="substitution",
        record_id=str(substitution.id),
        subject_pseudonym=None,
        purpose="substitution ended early",
    )
    return substitution


def may_end_substitution(principal: Principal, substitution: Substitution) -> bool:
    """The absent worker, or a department head of the substitution's municipality."""
    if principal.municipality != substitution.municipality:
        return False
    return principal.subject == substitution.absent or Role.DEPARTMENT_HEAD in principal.roles


async def remember_name(session: AsyncSession, principal: Principal) -> None:
    """A worker's name from their token, for colleagues' worklists."""
    if principal.name and principal.municipality:
        await remember_colleague_name(session, principal.subject, principal.name)


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
    request = await CounsellingRepository(session).add(
        CounsellingRequest(
            municipality=municipality,
            record_id=target,
            question=question,
            opened_by=principal.subject,
            opened_at=datetime.now(UTC),
        )
    )
    await _audit_counselling(session, principal, request, "create", "counselling requested")
    return request


# --- counselling ----------------------------------------------------------------------------

COUNSELLING_ORDER: Keyset[CounsellingRequest] = Keyset(
    columns=(CounsellingRequest.opened_at, CounsellingRequest.id),
    types=(datetime, uuid.UUID),
    key=lambda r: (r.opened_at, r.id),
)


class CounsellingClosed(Conflict):
    slug = "counselling-closed"


def _counsellor(principal: Principal) -> bool:
    return Role.SKA_COUNSELLOR in principal.roles


def may_see_counselling(principal: Principal, request: CounsellingRequest) -> bool:
    """SKA's counselling service (to whom every request is addressed), the worker who asked,
    and the department head of the asking municipality."""
    if _counsellor(principal):
        return True
    if principal.municipality != request.municipality:
        return False
    return principal.subject == request.opened_by or Role.DEPARTMENT_HEAD in principal.roles


async def list_counselling_requests(
    session: AsyncSession,
    principal: Principal,
    *,
    open_only: bool,
    cursor: str | None,
    limit: int,
) -> tuple[list[CounsellingRequest], str | None]:
    """Requests addressed to SKA's counselling service (counsellor), the municipality's
    (department head) or the caller's own (worker), oldest first."""
    if _counsellor(principal):
        municipality, opened_by = None, None
    else:
        municipality = require_municipality(principal)
        opened_by = None if Role.DEPARTMENT_HEAD in principal.roles else principal.subject
    fetched = await CounsellingRepository(session).page(
        municipality=municipality,
        opened_by=opened_by,
        open_only=open_only,
        keyset=COUNSELLING_ORDER,
        cursor=cursor,
        limit=limit,
    )
    await audit_list(
        session,
        principal,
        record_type="counselling_request_list",
        scope_id=f"municipality:{municipality or 'all'}",
        purpose="counselling requests",
    )
    return COUNSELLING_ORDER.page(fetched, limit)


async def _subject_of(session: AsyncSession, record_id: uuid.UUID) -> str | None:
    case = await session.get(Case, record_id)
    if case is not None:
        return case.subject_pseudonym
    assessment = await session.get(PreliminaryAssessment, record_id)
    return assessment.subject_pseudonym if assessment is not None else None


async def _counselling(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> CounsellingRequest:
    request = await CounsellingRepository(session).get(request_id)
    if request is None or not may_see_counselling(principal, request):
        raise ResourceNotFound("no such counselling request / sellist nõustamispöördumist pole")
    return request


async def _audit_counselling(
    session: AsyncSession,
    principal: Principal,
    request: CounsellingRequest,
    action: str,
    purpose: str,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="counselling_request",
        record_id=str(request.id),
        subject_pseudonym=await _subject_of(session, request.record_id),
        purpose=purpose,
    )


async def read_counselling_request(
    session: AsyncSession, principal: Principal, request_id: uuid.UUID
) -> CounsellingRequest:
    """The question (and answer) of one request, audited under the child's pseudonym."""
    request = await _counselling(session, principal, request_id)
    await _audit_counselling(session, principal, request, "read", "counselling request")
    return request


async def answer_counselling_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    answer: str,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CounsellingRequest:
    """SKA's counsellor answers an open request (a later answer replaces the earlier one)."""
    request = await _counselling(session, principal, request_id)
    if not _counsellor(principal):
        raise NotPermitted("SKA's counsellor answers / vastab SKA nõustaja")
    check_version(request.version, if_match)
    if request.closed_at is not None:
        raise CounsellingClosed("the request is closed / pöördumine on suletud")
    request.answer = answer
    request.answered_at = now or datetime.now(UTC)
    request.answered_by = principal.subject
    await flush_versioned(session)
    await _audit_counselling(session, principal, request, "update", "counselling answered")
    return request


async def close_counselling_request(
    session: AsyncSession,
    principal: Principal,
    request_id: uuid.UUID,
    if_match: str | None,
    *,
    now: datetime | None = None,
) -> CounsellingRequest:
    """Close the request (the counsellor, the asker or their head); the counsellor's access to
    the record ends with it."""
    request = await _counselling(session, principal, request_id)
    check_version(request.version, if_match)
    if request.closed_at is not None:
        raise CounsellingClosed("the request is closed / pöördumine on suletud")
    request.closed_at = now or datetime.now(UTC)
    request.closed_by = principal.subject
    await flush_versioned(session)
    await _audit_counselling(session, principal, request, "update", "counselling closed")
    return request
