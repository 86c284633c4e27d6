"""Case plans and the case's activities."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import API_PREFIX, Creation, Cursor, Limit, Update, tagged
from heaolu_casework.plans import service
from heaolu_casework.plans.models import CasePlan
from heaolu_casework.plans.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPage,
    CasePlanIn,
    CasePlanOut,
)
from heaolu_shared.app import DbSession
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


def _plan_out(plan: CasePlan) -> CasePlanOut:
    return CasePlanOut.model_validate(
        service.plan_body(plan)
        | {
            "id": plan.id,
            "case_id": plan.case_id,
            "number": plan.number,
            "revision": plan.revision,
            "status": plan.status,
            "approved_at": plan.approved_at,
            "version": plan.version,
        }
    )


@router.post(
    "/cases/{case_id}/case-plans", status_code=status.HTTP_201_CREATED, response_model=CasePlanOut
)
async def start_case_plan(case_id: uuid.UUID, body: CasePlanIn, creation: Creation) -> CasePlanOut:
    return await creation.in_case(
        "plan.create",
        case_id,
        body,
        CasePlanOut,
        service.start_case_plan,
        "/case-plans/{id}",
        _plan_out,
    )


@router.get("/case-plans/{plan_id}", response_model=CasePlanOut)
async def get_case_plan(
    plan_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CasePlanOut:
    plan = await service.read_case_plan(session, principal, plan_id)
    tagged(response, plan.version)
    return _plan_out(plan)


@router.put("/case-plans/{plan_id}", response_model=CasePlanOut)
async def update_case_plan(
    plan_id: uuid.UUID,
    body: CasePlanIn,
    update: Update,
) -> CasePlanOut:
    return _plan_out(await update(service.update_case_plan, plan_id, body))


@router.post("/case-plans/{plan_id}/approve", response_model=CasePlanOut)
async def approve_case_plan(
    plan_id: uuid.UUID,
    update: Update,
) -> CasePlanOut:
    """Approve: refused until every field of the regulation, the caregiver's involvement and the
    child's opinion are there; the review dates become deadlines."""
    return _plan_out(await update(service.approve_case_plan, plan_id))


@router.post(
    "/cases/{case_id}/activities", status_code=status.HTTP_201_CREATED, response_model=ActivityOut
)
async def record_activity(case_id: uuid.UUID, body: ActivityIn, creation: Creation) -> ActivityOut:
    """Network meeting, home visit, phone call or note, with participants and time."""
    return await creation.in_case(
        "activity.create",
        case_id,
        body,
        ActivityOut,
        service.record_activity,
        "/cases/{case_id}/activities",
    )


@router.get("/cases/{case_id}/activities", response_model=ActivityPage)
async def list_activities(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> ActivityPage:
    """Newest first."""
    rows, next_cursor = await service.activities(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return ActivityPage(
        items=[ActivityOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )
