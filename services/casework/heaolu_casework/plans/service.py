"""Case plans (juhtumiplaan, regulation no. 10) kept as revisions and approved only when whole,
with their review and evaluation dates as clocks; network work, home visits and notes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common import clocks, messages
from heaolu_casework.common.access import audit, case_rows, load_case
from heaolu_casework.common.cases import publish, require_open
from heaolu_casework.common.enums import RevisionStatus
from heaolu_casework.common.repository import CaseRepository
from heaolu_casework.common.revisions import Revisioned, require_complete
from heaolu_casework.plans.models import Activity, CasePlan
from heaolu_casework.plans.repository import PlanRepository
from heaolu_casework.plans.rules import plan_gaps
from heaolu_casework.plans.schemas import ActivityIn, CasePlanIn
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import flush_versioned
from heaolu_shared.contracts.casework import CasePlanApprovedV1
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.pagination import Keyset
from heaolu_shared.roles import Role

PLAN = Revisioned(
    CasePlan,
    "case plan",
    "case_plan",
    not_found=messages.NO_SUCH_CASE_PLAN,
    draft_open=messages.CASE_PLAN_DRAFT_OPEN,
    not_a_draft=messages.CASE_PLAN_NOT_A_DRAFT,
    incomplete=messages.CASE_PLAN_INCOMPLETE,
)
CLOCK_SKEW = timedelta(minutes=5)


def _apply(plan: CasePlan, body: CasePlanIn) -> None:
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
    case, decision, revision = await PLAN.next_revision(session, principal, case_id)
    plan = CasePlan(
        id=uuid.uuid4(),
        case_id=case.id,
        revision=revision,
        number=f"{case.number}/JP{revision}",
        status=RevisionStatus.DRAFT,
        created_by=principal.subject,
    )
    _apply(plan, body)
    await PLAN.added(session, principal, case, plan, decision)
    return plan


NEWEST_REVISION: Keyset[CasePlan] = Keyset(
    columns=(CasePlan.revision, CasePlan.id),
    types=(int, uuid.UUID),
    key=lambda p: (p.revision, p.id),
    descending=True,
)


async def case_plans(
    session: AsyncSession,
    principal: Principal,
    case_id: uuid.UUID,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[CasePlan], str | None]:
    """Every revision of the case's plan (drafts and superseded ones too), newest first, to
    whom may read the case; each plan shown is audited as a read of it."""
    case, decision = await load_case(session, principal, case_id, Action.READ)
    plans, next_cursor = await PlanRepository(session).of_case(
        case.id, NEWEST_REVISION, cursor, limit
    )
    for plan in plans:
        await audit(
            session, principal, case, "read", PLAN.record_type, plan.id, PLAN.name, decision
        )
    return plans, next_cursor


async def update_case_plan(
    session: AsyncSession,
    principal: Principal,
    plan_id: uuid.UUID,
    body: CasePlanIn,
    if_match: str | None,
) -> CasePlan:
    access = await PLAN.draft(session, principal, plan_id, if_match)
    _apply(access.record.row, body)
    await PLAN.updated(session, principal, access, PLAN.name)
    return access.record.row


async def approve_case_plan(
    session: AsyncSession, principal: Principal, plan_id: uuid.UUID, if_match: str | None
) -> CasePlan:
    """Approve the draft: only when every field of the regulation is there, including how the
    person raising the child was informed and involved, and the child's opinion. The review
    date and each evaluation date become deadlines."""
    access = await PLAN.draft(session, principal, plan_id, if_match)
    plan, case = access.record.row, access.record.case
    if plan.head_approval_required and Role.DEPARTMENT_HEAD not in principal.roles:
        raise NotPermitted(messages.PLAN_APPROVED_BY_HEAD)
    plans = PlanRepository(session)
    require_complete(
        plan_gaps(
            CasePlanIn.model_validate(plan_body(plan)),
            case_kind=case.kind,
            needs_assessed=await plans.needs_assessed(case.id),
            has_representative=await CaseRepository(session).has_representative(case.id),
        ),
        PLAN.incomplete,
    )
    now = datetime.now(UTC)
    for old in await plans.approved(case.id):
        old.status = RevisionStatus.SUPERSEDED
        await clocks.cancel_record(session, old.id)
    plan.status, plan.approved_at, plan.approved_by = (
        RevisionStatus.APPROVED,
        now,
        principal.subject,
    )
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
        session,
        principal,
        case,
        "update",
        PLAN.record_type,
        plan.id,
        "case plan approved",
        access.decision,
    )
    return plan


async def record_activity(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: ActivityIn
) -> Activity:
    case, decision = await load_case(session, principal, case_id, Action.UPDATE)
    require_open(case)
    if body.occurred_at > datetime.now(UTC) + CLOCK_SKEW:
        raise RuleViolation(messages.ACTIVITY_IN_FUTURE, extra={"field": "occurred_at"})
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


async def record_note(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    occurred_at: datetime,
    summary: str,
    recorded_by: str,
) -> Activity:
    """A note another service's event leaves on the case (e.g. the court's ruling)."""
    note = Activity(
        id=uuid.uuid4(),
        case_id=case_id,
        kind="note",
        occurred_at=occurred_at,
        participants=[],
        summary=summary,
        recorded_by=recorded_by,
    )
    session.add(note)
    await session.flush()
    return note


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
