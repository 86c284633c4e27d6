"""Case plans and the case's activities."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from heaolu_casework.common.access import CasePart, Caseworker, in_case, readable
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CASE_LIST,
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Cursor,
    Limit,
    Update,
    change,
    create_in_case,
    tagged,
)
from heaolu_casework.plans import service
from heaolu_casework.plans.models import CasePlan
from heaolu_casework.plans.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPage,
    CasePlanIn,
    CasePlanOut,
    CasePlanPage,
)
from heaolu_shared.app import DbSession
from heaolu_shared.guard import Authorized
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])

ReadPlan = Annotated[
    Authorized[CasePart[CasePlan]],
    Depends(
        readable(
            in_case(CasePlan, service.PLAN.record_type, service.PLAN.not_found),
            param="plan_id",
            purpose=service.PLAN.name,
        )
    ),
]


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
    "/cases/{case_id}/case-plans",
    status_code=status.HTTP_201_CREATED,
    response_model=CasePlanOut,
    responses=ERRORS_CREATE,
)
async def start_case_plan(case_id: uuid.UUID, body: CasePlanIn, creation: Creation) -> CasePlanOut:
    return await create_in_case(
        creation,
        "plan.create",
        case_id,
        body,
        CasePlanOut,
        service.start_case_plan,
        "/case-plans/{id}",
        _plan_out,
    )


@router.get("/cases/{case_id}/case-plans", response_model=CasePlanPage, responses=ERRORS_CASE_LIST)
async def list_case_plans(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CasePlanPage:
    """Every revision of the case's plan (drafts and superseded ones too), newest first; each
    plan shown is audited as read."""
    plans, next_cursor = await service.case_plans(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return CasePlanPage(items=[_plan_out(p) for p in plans], next_cursor=next_cursor)


@router.get("/case-plans/{plan_id}", response_model=CasePlanOut, responses=ERRORS_READ)
async def get_case_plan(plan_id: uuid.UUID, read: ReadPlan, response: Response) -> CasePlanOut:
    tagged(response, read.record.row.version)
    return _plan_out(read.record.row)


@router.put("/case-plans/{plan_id}", response_model=CasePlanOut, responses=ERRORS_UPDATE)
async def update_case_plan(
    plan_id: uuid.UUID,
    body: CasePlanIn,
    update: Update,
) -> CasePlanOut:
    return _plan_out(await change(update, service.update_case_plan, plan_id, body))


@router.post("/case-plans/{plan_id}/approve", response_model=CasePlanOut, responses=ERRORS_UPDATE)
async def approve_case_plan(
    plan_id: uuid.UUID,
    update: Update,
) -> CasePlanOut:
    """Approve: refused until every field of the regulation, the caregiver's involvement and the
    child's opinion are there; the review dates become deadlines."""
    return _plan_out(await change(update, service.approve_case_plan, plan_id))


@router.post(
    "/cases/{case_id}/activities",
    status_code=status.HTTP_201_CREATED,
    response_model=ActivityOut,
    responses=ERRORS_CREATE,
)
async def record_activity(case_id: uuid.UUID, body: ActivityIn, creation: Creation) -> ActivityOut:
    """Network meeting, home visit, phone call or note, with participants and time."""
    return await create_in_case(
        creation,
        "activity.create",
        case_id,
        body,
        ActivityOut,
        service.record_activity,
        "/cases/{case_id}/activities",
    )


@router.get("/cases/{case_id}/activities", response_model=ActivityPage, responses=ERRORS_CASE_LIST)
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
