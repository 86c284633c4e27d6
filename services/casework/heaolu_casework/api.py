"""Casework's HTTP API."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status

from heaolu_casework.schemas import (
    Assignment,
    CounsellingRequestCreate,
    CounsellingRequestOut,
    PreliminaryAssessmentOut,
    PreliminaryAssessmentPage,
    SubstitutionCreate,
    SubstitutionOut,
)
from heaolu_casework.service import (
    assign_assessment,
    list_assessments,
    open_counselling_request,
    read_assessment,
    record_substitution,
    substitutions_for,
)
from heaolu_shared import staff
from heaolu_shared.access import refuse_export, require_any_role
from heaolu_shared.app import DbSession
from heaolu_shared.auth import CurrentPrincipal, Principal
from heaolu_shared.concurrency import etag
from heaolu_shared.pagination import decode_cursor, encode_cursor

CASEWORK_ROLES = (
    "child_protection_worker",
    "social_services_specialist",
    "department_head",
    "ska_counsellor",
)


async def caseworker(principal: CurrentPrincipal, session: DbSession) -> Principal:
    """The caller, if casework is part of their job; remembered in the staff directory."""
    require_any_role(principal, CASEWORK_ROLES)
    await staff.register(session, principal)
    return principal


Caseworker = Annotated[Principal, Depends(caseworker)]

router = APIRouter(prefix="/api/casework/v1", tags=["casework"])


@router.get("/preliminary-assessments", response_model=PreliminaryAssessmentPage)
async def list_preliminary_assessments(
    principal: Caseworker,
    session: DbSession,
    report_id: uuid.UUID | None = None,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> PreliminaryAssessmentPage:
    """The preliminary assessments the caller may see, earliest deadline first."""
    after = decode_cursor(cursor, (datetime, uuid.UUID)) if cursor else None
    rows = await list_assessments(session, principal, report_id=report_id, after=after, limit=limit)
    items = [PreliminaryAssessmentOut.model_validate(r) for r in rows]
    next_cursor = encode_cursor((rows[-1].due_at, rows[-1].id)) if len(rows) == limit else None
    return PreliminaryAssessmentPage(items=items, next_cursor=next_cursor)


@router.get("/preliminary-assessments/export", status_code=status.HTTP_403_FORBIDDEN)
async def export_preliminary_assessments(principal: Caseworker) -> None:
    """Refused for everyone: personal case records are not exported."""
    refuse_export(principal)


@router.get("/preliminary-assessments/{assessment_id}", response_model=PreliminaryAssessmentOut)
async def get_preliminary_assessment(
    assessment_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> PreliminaryAssessmentOut:
    assessment = await read_assessment(session, principal, assessment_id)
    response.headers["ETag"] = etag(assessment.version)
    return PreliminaryAssessmentOut.model_validate(assessment)


@router.patch("/preliminary-assessments/{assessment_id}", response_model=PreliminaryAssessmentOut)
async def assign_preliminary_assessment(
    assessment_id: uuid.UUID,
    body: Assignment,
    principal: Caseworker,
    session: DbSession,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> PreliminaryAssessmentOut:
    """Assign to a worker of the municipality; needs the ETag in ``If-Match``."""
    assessment = await assign_assessment(
        session,
        principal,
        assessment_id,
        assignee_username=body.assignee_username,
        if_match=if_match,
    )
    response.headers["ETag"] = etag(assessment.version)
    return PreliminaryAssessmentOut.model_validate(assessment)


@router.post("/substitutions", status_code=status.HTTP_201_CREATED, response_model=SubstitutionOut)
async def create_substitution(
    body: SubstitutionCreate, principal: Caseworker, session: DbSession
) -> SubstitutionOut:
    """Record an absence and who substitutes (asendamine); it ends by itself."""
    substitution = await record_substitution(
        session,
        principal,
        absent_username=body.absent_username,
        substitute_username=body.substitute_username,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return SubstitutionOut.model_validate(substitution)


@router.get("/substitutions", response_model=list[SubstitutionOut])
async def list_substitutions(principal: Caseworker, session: DbSession) -> list[SubstitutionOut]:
    return [SubstitutionOut.model_validate(s) for s in await substitutions_for(session, principal)]


@router.post(
    "/counselling-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=CounsellingRequestOut,
)
async def create_counselling_request(
    body: CounsellingRequestCreate, principal: Caseworker, session: DbSession
) -> CounsellingRequestOut:
    """Ask SKA's counselling service about a record; the counsellor may then read it."""
    request = await open_counselling_request(session, principal, body.record_id, body.question)
    return CounsellingRequestOut.model_validate(request)
