"""Preliminary assessments (list, read, assign, decide) and needs assessments of a case."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from heaolu_casework.assessments import needs, service
from heaolu_casework.assessments.schemas import (
    DecidedAssessmentOut,
    NeedsAssessmentIn,
    NeedsAssessmentOut,
    NeedsAssessmentPage,
    PreliminaryAssessmentOut,
    PreliminaryAssessmentPage,
    PreliminaryDecision,
)
from heaolu_casework.common.access import ASSESSMENTS, CasePart, Caseworker, in_case, readable
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CASE_LIST,
    ERRORS_CREATE,
    ERRORS_LIST,
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
from heaolu_casework.common.models import NeedsAssessment, PreliminaryAssessment
from heaolu_casework.common.schemas import Assignment
from heaolu_shared.access import refuse_export
from heaolu_shared.app import DbSession
from heaolu_shared.concurrency import IfMatch
from heaolu_shared.guard import Authorized
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])

ReadAssessment = Annotated[
    Authorized[PreliminaryAssessment],
    Depends(readable(ASSESSMENTS, param="assessment_id", purpose="preliminary assessment")),
]
ReadNeedsAssessment = Annotated[
    Authorized[CasePart[NeedsAssessment]],
    Depends(
        readable(
            in_case(NeedsAssessment, needs.NEEDS.record_type, needs.NEEDS.not_found),
            param="assessment_id",
            purpose=needs.NEEDS.name,
        )
    ),
]


@router.get(
    "/preliminary-assessments", response_model=PreliminaryAssessmentPage, responses=ERRORS_LIST
)
async def list_preliminary_assessments(
    principal: Caseworker,
    session: DbSession,
    report_id: uuid.UUID | None = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> PreliminaryAssessmentPage:
    """The preliminary assessments the caller may see, earliest deadline first."""
    rows, next_cursor = await service.list_assessments(
        session, principal, report_id=report_id, cursor=cursor, limit=limit
    )
    items = [PreliminaryAssessmentOut.model_validate(r) for r in rows]
    return PreliminaryAssessmentPage(items=items, next_cursor=next_cursor)


@router.get("/preliminary-assessments/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_preliminary_assessments(principal: Caseworker) -> None:
    """Refused for everyone: personal case records are not exported."""
    refuse_export(principal)


@router.get(
    "/preliminary-assessments/{assessment_id}",
    response_model=PreliminaryAssessmentOut,
    responses=ERRORS_READ,
)
async def get_preliminary_assessment(
    assessment_id: uuid.UUID, read: ReadAssessment, response: Response
) -> PreliminaryAssessmentOut:
    tagged(response, read.record.version)
    return PreliminaryAssessmentOut.model_validate(read.record)


@router.patch(
    "/preliminary-assessments/{assessment_id}",
    response_model=PreliminaryAssessmentOut,
    responses=ERRORS_UPDATE,
)
async def assign_preliminary_assessment(
    assessment_id: uuid.UUID,
    body: Assignment,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> PreliminaryAssessmentOut:
    """Assign to a worker of the municipality; needs the ETag in ``If-Match``."""
    assessment = await service.assign_assessment(
        session,
        principal,
        assessment_id,
        assignee_username=body.assignee_username,
        if_match=if_match,
    )
    tagged(response, assessment.version)
    return PreliminaryAssessmentOut.model_validate(assessment)


@router.post(
    "/preliminary-assessments/{assessment_id}/decision",
    response_model=DecidedAssessmentOut,
    responses=ERRORS_UPDATE,
)
async def decide_preliminary_assessment(
    assessment_id: uuid.UUID,
    body: PreliminaryDecision,
    update: Update,
) -> DecidedAssessmentOut:
    """Open case management, not open it (one-off measure and reason), or forward it."""
    return DecidedAssessmentOut.model_validate(
        await change(update, service.decide_preliminary_assessment, assessment_id, body),
        from_attributes=True,
    )


@router.post(
    "/cases/{case_id}/needs-assessments",
    status_code=status.HTTP_201_CREATED,
    response_model=NeedsAssessmentOut,
    responses=ERRORS_CREATE,
)
async def start_needs_assessment(
    case_id: uuid.UUID, body: NeedsAssessmentIn, creation: Creation
) -> NeedsAssessmentOut:
    return await create_in_case(
        creation,
        "needs.create",
        case_id,
        body,
        NeedsAssessmentOut,
        needs.start_needs_assessment,
        "/needs-assessments/{id}",
    )


@router.get(
    "/cases/{case_id}/needs-assessments",
    response_model=NeedsAssessmentPage,
    responses=ERRORS_CASE_LIST,
)
async def list_needs_assessments(
    case_id: uuid.UUID,
    principal: Caseworker,
    session: DbSession,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> NeedsAssessmentPage:
    rows, next_cursor = await needs.needs_assessments(
        session, principal, case_id, cursor=cursor, limit=limit
    )
    return NeedsAssessmentPage(
        items=[NeedsAssessmentOut.model_validate(r, from_attributes=True) for r in rows],
        next_cursor=next_cursor,
    )


@router.get(
    "/needs-assessments/{assessment_id}", response_model=NeedsAssessmentOut, responses=ERRORS_READ
)
async def get_needs_assessment(
    assessment_id: uuid.UUID, read: ReadNeedsAssessment, response: Response
) -> NeedsAssessmentOut:
    tagged(response, read.record.row.version)
    return NeedsAssessmentOut.model_validate(read.record.row, from_attributes=True)


@router.put(
    "/needs-assessments/{assessment_id}", response_model=NeedsAssessmentOut, responses=ERRORS_UPDATE
)
async def update_needs_assessment(
    assessment_id: uuid.UUID,
    body: NeedsAssessmentIn,
    update: Update,
) -> NeedsAssessmentOut:
    return NeedsAssessmentOut.model_validate(
        await change(update, needs.update_needs_assessment, assessment_id, body),
        from_attributes=True,
    )


@router.post(
    "/needs-assessments/{assessment_id}/complete",
    response_model=NeedsAssessmentOut,
    responses=ERRORS_UPDATE,
)
async def complete_needs_assessment(
    assessment_id: uuid.UUID,
    update: Update,
) -> NeedsAssessmentOut:
    return NeedsAssessmentOut.model_validate(
        await change(update, needs.complete_needs_assessment, assessment_id), from_attributes=True
    )
