"""Substitutions and SKA's counselling requests."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from heaolu_casework.common.access import Caseworker
from heaolu_casework.common.http import (
    API_PREFIX,
    ERRORS_CREATE,
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Cursor,
    Limit,
    Update,
    change,
    tagged,
)
from heaolu_casework.staffing import counselling, service
from heaolu_casework.staffing.schemas import (
    CounsellingAnswer,
    CounsellingRequestCreate,
    CounsellingRequestDetail,
    CounsellingRequestOut,
    CounsellingRequestPage,
    SubstitutionCreate,
    SubstitutionOut,
    SubstitutionPage,
)
from heaolu_shared.app import DbSession
from heaolu_shared.pagination import DEFAULT_PAGE

router = APIRouter(prefix=API_PREFIX, tags=["casework"])


@router.post(
    "/substitutions",
    status_code=status.HTTP_201_CREATED,
    response_model=SubstitutionOut,
    responses=ERRORS_CREATE,
)
async def create_substitution(body: SubstitutionCreate, creation: Creation) -> SubstitutionOut:
    """Record an absence and who substitutes (asendamine); it ends by itself. A retry with the
    same ``Idempotency-Key`` returns the first answer (200) instead of a second window; the
    answer names staff only, so it is shown again to the caller who made it."""

    async def create() -> SubstitutionOut:
        substitution = await service.record_substitution(
            creation.session,
            creation.principal,
            absent_username=body.absent_username,
            substitute_username=body.substitute_username,
            starts_at=body.starts_at,
            ends_at=body.ends_at,
        )
        return SubstitutionOut.model_validate(substitution)

    return await creation("substitution.create", body, "", SubstitutionOut, create)


def _substitution_out(row: Any) -> SubstitutionOut:
    return SubstitutionOut.model_validate(
        {
            **SubstitutionOut.model_validate(row.Substitution).model_dump(),
            "absent_username": row.absent_username,
            "absent_name": row.absent_name,
            "substitute_username": row.substitute_username,
            "substitute_name": row.substitute_name,
        }
    )


@router.get("/substitutions", response_model=SubstitutionPage, responses=ERRORS_LIST)
async def list_substitutions(
    principal: Caseworker, session: DbSession, cursor: Cursor = None, limit: Limit = DEFAULT_PAGE
) -> SubstitutionPage:
    """The caller's substitutions (the municipality's for a department head), with the
    colleagues' names."""
    rows, next_cursor = await service.substitutions_for(
        session, principal, cursor=cursor, limit=limit
    )
    return SubstitutionPage(items=[_substitution_out(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/substitutions/{substitution_id}/end", response_model=SubstitutionOut, responses=ERRORS_UPDATE
)
async def end_substitution_early(substitution_id: uuid.UUID, update: Update) -> SubstitutionOut:
    """The absent worker is back: they or their department head end the window now (needs the
    ETag in ``If-Match``); the substitute's access ends with it."""
    return SubstitutionOut.model_validate(
        await change(update, service.end_substitution, substitution_id)
    )


@router.post(
    "/counselling-requests",
    status_code=status.HTTP_201_CREATED,
    response_model=CounsellingRequestOut,
    responses=ERRORS_CREATE,
)
async def create_counselling_request(
    body: CounsellingRequestCreate, creation: Creation
) -> CounsellingRequestOut:
    """Ask SKA's counselling service about a record; the counsellor may then read it. A retry
    with the same ``Idempotency-Key`` returns the first answer (200), shown only while the caller
    may still read the request, and audited as a read."""

    async def create() -> CounsellingRequestOut:
        request = await counselling.open_counselling_request(
            creation.session, creation.principal, body.record_id, body.question
        )
        return CounsellingRequestOut.model_validate(request)

    async def still_visible(stored: CounsellingRequestOut) -> None:
        await counselling.read_counselling_request(creation.session, creation.principal, stored.id)

    return await creation(
        "counselling_request.create",
        body,
        str(body.record_id),
        CounsellingRequestOut,
        create,
        lambda out: f"/counselling-requests/{out.id}",
        still_visible,
    )


@router.get("/counselling-requests", response_model=CounsellingRequestPage, responses=ERRORS_LIST)
async def list_counselling(
    principal: Caseworker,
    session: DbSession,
    state: Annotated[str, Query(alias="status", pattern="^(open|all)$")] = "open",
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE,
) -> CounsellingRequestPage:
    """Requests addressed to SKA's counselling service (SKA counsellor), the municipality's
    (department head) or the caller's own, oldest first."""
    rows, next_cursor = await counselling.list_counselling_requests(
        session, principal, open_only=state == "open", cursor=cursor, limit=limit
    )
    return CounsellingRequestPage(
        items=[CounsellingRequestOut.model_validate(r) for r in rows], next_cursor=next_cursor
    )


@router.get(
    "/counselling-requests/{request_id}",
    response_model=CounsellingRequestDetail,
    responses=ERRORS_READ,
)
async def get_counselling_request(
    request_id: uuid.UUID, principal: Caseworker, session: DbSession, response: Response
) -> CounsellingRequestDetail:
    """The question and the answer (audited)."""
    request = await counselling.read_counselling_request(session, principal, request_id)
    tagged(response, request.version)
    return CounsellingRequestDetail.model_validate(request)


@router.post(
    "/counselling-requests/{request_id}/answer",
    response_model=CounsellingRequestDetail,
    responses=ERRORS_UPDATE,
)
async def answer_counselling(
    request_id: uuid.UUID, body: CounsellingAnswer, update: Update
) -> CounsellingRequestDetail:
    """SKA's counsellor answers an open request (``If-Match``)."""
    return CounsellingRequestDetail.model_validate(
        await change(update, counselling.answer_counselling_request, request_id, body.answer)
    )


@router.post(
    "/counselling-requests/{request_id}/close",
    response_model=CounsellingRequestDetail,
    responses=ERRORS_UPDATE,
)
async def close_counselling(request_id: uuid.UUID, update: Update) -> CounsellingRequestDetail:
    """Close the request (``If-Match``); the counsellor's access to the record ends."""
    return CounsellingRequestDetail.model_validate(
        await change(update, counselling.close_counselling_request, request_id)
    )
