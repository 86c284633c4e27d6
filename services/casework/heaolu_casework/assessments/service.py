"""Preliminary assessments (eelhindamine): one per routed report, following intake's routing,
linking and assignment; the worklist; the decision to open case management, not to, or to
forward it (LasteKS §28, SHS §9)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments import rules
from heaolu_casework.assessments.repository import (
    PendingAssessment,
    PreliminaryAssessmentRepository,
)
from heaolu_casework.assessments.schemas import PreliminaryDecision
from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import (
    ASSESSMENTS,
    access_context,
    audit,
    audit_list,
    visibility,
)
from heaolu_casework.common.assignment import assign
from heaolu_casework.common.cases import check_same_child, open_case, publish
from heaolu_casework.common.enums import AssessmentStatus
from heaolu_casework.common.models import Case, PreliminaryAssessment
from heaolu_shared.access import Action, decide
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import PreliminaryAssessmentDecidedV1
from heaolu_shared.contracts.intake import (
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.pagination import Keyset
from heaolu_shared.statements import deferred_writes

RECORD_TYPE = "preliminary_assessment"


class AlreadyDecided(Conflict):
    slug = "already-decided"


Routed = ReportReceivedV1 | ReportReceivedV2 | ReportRoutedV1
"""A report that reached a municipality."""


async def open_preliminary_assessment(session: AsyncSession, report: Routed) -> bool:
    """A pending preliminary assessment for the report's municipality, once per report, with
    its 10-day clock; whether it opened now."""
    return await open_preliminary_assessments(session, [report]) == 1


async def open_preliminary_assessments(session: AsyncSession, reports: Sequence[Routed]) -> int:
    """:func:`open_preliminary_assessment` for each report in turn, in two statements: the
    assessments, then their clocks. How many opened."""
    calendar = default_calendar()
    pending = [
        PendingAssessment(
            report_id=report.report_id,
            municipality=report.municipality,
            need_level=report.need_level,
            received_at=report.received_at,
            due_at=rules.preliminary_due(report.received_at, calendar),
            subject_pseudonym=report.child_pseudonym,
            child_name=report.child_name,
            urgent=bool(report.urgent) or report.need_level == "in_danger",
        )
        for report in reports
    ]
    opened = await PreliminaryAssessmentRepository(session).add_pending(pending)
    count = len(opened)
    async with deferred_writes(session):
        for item in pending:
            # A report named twice opens once: its first row was inserted, the clock follows it.
            assessment_id = opened.pop(item.report_id, None)
            if assessment_id is None:
                continue
            await clocks.open_clock(
                session,
                kind="preliminary_assessment",
                record_type=RECORD_TYPE,
                record_id=assessment_id,
                due_at=item.due_at,
                municipality=item.municipality,
                assignee=None,
                subject_pseudonym=item.subject_pseudonym,
            )
    return count


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


async def follow_intake_assignment(session: AsyncSession, assigned: ReportAssignedV1) -> None:
    """The department head assigned the report at intake: its preliminary assessment follows
    (without announcing it back)."""
    assessment = await PreliminaryAssessmentRepository(session).by_report(assigned.report_id)
    if assessment is None:
        raise LookupError("the report's assessment is not here yet; retry")
    if assessment.status != AssessmentStatus.PENDING or assessment.assignee == assigned.assignee:
        return
    assessment.assignee = assigned.assignee
    await session.flush()
    await clocks.follow(
        session,
        municipality=assessment.municipality,
        assignee=assessment.assignee,
        record_id=assessment.id,
    )


ASSESSMENT_ORDER: Keyset[PreliminaryAssessment] = Keyset(
    columns=(PreliminaryAssessment.due_at, PreliminaryAssessment.id),
    types=(datetime, uuid.UUID),
    key=lambda a: (a.due_at, a.id),
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
    fetched = await PreliminaryAssessmentRepository(session).visible(
        visibility(principal, ctx),
        report_id=report_id,
        keyset=ASSESSMENT_ORDER,
        cursor=cursor,
        limit=limit,
    )
    rows, next_cursor = ASSESSMENT_ORDER.page(
        fetched, limit, keep=lambda r: decide(principal, Action.LIST, r.scope(), ctx).allowed
    )
    await audit_list(
        session,
        principal,
        record_type="preliminary_assessment_list",
        scope_id=f"municipality:{principal.municipality or 'none'}",
        purpose="worklist",
        shown=[(RECORD_TYPE, str(r.id), r.subject_pseudonym) for r in rows if r.child_name],
    )
    return rows, next_cursor


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
    assessment = await ASSESSMENTS.load(session, assessment_id)
    decision = await assign(session, principal, assessment, assignee_username, if_match)
    await audit(
        session, principal, assessment, "update", RECORD_TYPE, assessment.id, "assignment", decision
    )
    return assessment


async def decide_preliminary_assessment(
    session: AsyncSession,
    principal: Principal,
    assessment_id: uuid.UUID,
    body: PreliminaryDecision,
    if_match: str | None,
) -> PreliminaryAssessment:
    """Open case management, decide not to (only with the one-off measure and the reason), or
    forward to the competent municipality or official (LasteKS §28, SHS §9)."""
    access = await ASSESSMENTS.authorize(
        session, principal, assessment_id, Action.UPDATE, purpose=None
    )
    assessment = access.record
    check_version(assessment.version, if_match)
    if assessment.status != AssessmentStatus.PENDING:
        raise AlreadyDecided(messages.ASSESSMENT_ALREADY_DECIDED)
    now = datetime.now(UTC)
    case: Case | None = None
    forwarded_to_municipality: str | None = None
    if body.outcome == "not_opened":
        rules.check_not_opened(body)
        assessment.status = AssessmentStatus.NOT_OPENED
    elif body.outcome == "forwarded":
        rules.check_forwarded(body, assessment.municipality)
        if body.forwarded_to_municipality:
            # The competent municipality decides now: the assessment and its clock move there.
            forwarded_to_municipality = body.forwarded_to_municipality
            assessment.forwarded_to = f"municipality:{forwarded_to_municipality}"
            assessment.municipality = forwarded_to_municipality
            assessment.assignee = None
        else:
            assessment.forwarded_to = f"official:{body.forwarded_to_official}"
            assessment.status = AssessmentStatus.FORWARDED
    else:
        case = await _open_case(session, principal, assessment, body)
    assessment.outcome = body.outcome
    assessment.reason = body.reason
    assessment.one_off_measure = body.one_off_measure
    if forwarded_to_municipality is None:
        assessment.decided_at = now
        assessment.decided_by = principal.subject
    await flush_versioned(session)
    if forwarded_to_municipality:
        await clocks.follow(
            session, municipality=forwarded_to_municipality, assignee=None, record_id=assessment.id
        )
    else:
        await clocks.meet(session, assessment.id)
    await publish(
        session,
        PreliminaryAssessmentDecidedV1(
            assessment_id=assessment.id,
            report_id=assessment.report_id,
            municipality=assessment.municipality,
            outcome=body.outcome,
            decided_at=now,
            late=now > assessment.due_at,
            forwarded_to_municipality=forwarded_to_municipality,
            case_id=case.id if case else None,
        ),
        assessment.id,
    )
    await audit(
        session,
        principal,
        assessment,
        "update",
        RECORD_TYPE,
        assessment.id,
        f"preliminary assessment decided: {body.outcome}",
        access.decision,
    )
    return assessment


async def _open_case(
    session: AsyncSession,
    principal: Principal,
    assessment: PreliminaryAssessment,
    body: PreliminaryDecision,
) -> Case:
    if body.child is None:
        raise RuleViolation(messages.OPENING_NEEDS_CHILD, extra={"field": "child"})
    check_same_child(assessment.subject_pseudonym, body.child, "child")
    if not rules.may_open(principal, body.case_kind):
        raise NotPermitted(messages.ROLE_DOES_NOT_OPEN_CHILD_PROTECTION)
    case = await open_case(
        session,
        principal,
        municipality=assessment.municipality,
        kind=body.case_kind,
        child=body.child,
        origin="preliminary_assessment",
        assignee=assessment.assignee or principal.subject,
        preliminary_assessment_id=assessment.id,
    )
    assessment.status = AssessmentStatus.CASE_OPENED
    assessment.case_id = case.id
    assessment.subject_pseudonym = assessment.subject_pseudonym or case.subject_pseudonym
    return case
