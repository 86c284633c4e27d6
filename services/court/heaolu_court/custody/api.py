"""Custody-restriction applications: list, read, write, complete, approve, assign, file, the
PDF, the ruling."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from heaolu_court.common.access import Authorized, CourtUser, readable
from heaolu_court.common.http import ERRORS_READ, ERRORS_UPDATE, Update, tagged
from heaolu_court.common.schemas import ClockOut
from heaolu_court.custody import service
from heaolu_court.custody.models import ApplicationStatus, CustodyApplication
from heaolu_court.custody.schemas import (
    ApplicationDraft,
    ApplicationOut,
    ApplicationPage,
    Assignment,
    Ruling,
)
from heaolu_court.settings import get_settings
from heaolu_shared.access import refuse_export
from heaolu_shared.app import DbSession
from heaolu_shared.pagination import decode_cursor, encode_cursor

router = APIRouter(prefix="/api/court/v1", tags=["custody restriction"])

Readable = Annotated[
    Authorized[CustodyApplication],
    Depends(
        readable(
            CustodyApplication,
            param="application_id",
            record_type=service.RECORD_TYPE,
            purpose="court application",
        )
    ),
]


async def _out(session: DbSession, rows: list[CustodyApplication]) -> list[ApplicationOut]:
    by_record = await service.clocks_of(session, rows)
    settings = get_settings()
    return [
        ApplicationOut.model_validate(row).model_copy(
            update={
                "clocks": [ClockOut.model_validate(c) for c in by_record[row.id]],
                "head_approval_required": service.approval_required(row.municipality, settings),
            }
        )
        for row in rows
    ]


@router.get("/custody-applications", response_model=ApplicationPage)
async def list_applications(
    principal: CourtUser,
    session: DbSession,
    case_id: uuid.UUID | None = None,
    status: ApplicationStatus | None = None,
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> ApplicationPage:
    """The caller's applications (a head: the municipality's), newest first."""
    after = decode_cursor(cursor, (datetime, uuid.UUID)) if cursor else None
    rows = await service.list_applications(
        session, principal, case_id=case_id, status=status, after=after, limit=limit
    )
    next_cursor = encode_cursor((rows[-1].opened_at, rows[-1].id)) if len(rows) == limit else None
    return ApplicationPage(items=await _out(session, rows), next_cursor=next_cursor)


@router.get("/custody-applications/export", status_code=403, responses=ERRORS_READ)
async def export_applications(principal: CourtUser) -> None:
    """Refused for everyone: personal records are not exported."""
    refuse_export(principal)


@router.get(
    "/custody-applications/{application_id}",
    response_model=ApplicationOut,
    responses=ERRORS_READ,
)
async def get_application(
    application_id: uuid.UUID, read: Readable, response: Response
) -> ApplicationOut:
    tagged(response, read.record.version)
    return (await _out(read.session, [read.record]))[0]


async def _answer(update: Update, row: CustodyApplication) -> ApplicationOut:
    update.tag(row.version)
    return (await _out(update.session, [row]))[0]


@router.patch(
    "/custody-applications/{application_id}",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def edit_application(
    application_id: uuid.UUID, body: ApplicationDraft, update: Update
) -> ApplicationOut:
    """Write parts of a draft (or a completed application, which goes back to draft)."""
    row = await service.edit(
        update.session, update.principal, application_id, body, update.if_match
    )
    return await _answer(update, row)


@router.post(
    "/custody-applications/{application_id}/complete",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def complete_application(application_id: uuid.UUID, update: Update) -> ApplicationOut:
    """Mark complete: every part the court needs is there (422 lists what is missing)."""
    row = await service.complete(update.session, update.principal, application_id, update.if_match)
    return await _answer(update, row)


@router.post(
    "/custody-applications/{application_id}/approve",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def approve_application(application_id: uuid.UUID, update: Update) -> ApplicationOut:
    """The department head's approval, where the municipality requires it."""
    row = await service.approve(update.session, update.principal, application_id, update.if_match)
    return await _answer(update, row)


@router.post(
    "/custody-applications/{application_id}/assignment",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def assign_application(
    application_id: uuid.UUID, body: Assignment, update: Update
) -> ApplicationOut:
    """The department head gives the application to a worker of the municipality."""
    row = await service.assign(
        update.session, update.principal, application_id, body.assignee_username, update.if_match
    )
    return await _answer(update, row)


@router.post(
    "/custody-applications/{application_id}/filing",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def file_application(application_id: uuid.UUID, update: Update) -> ApplicationOut:
    """File with the court: the time is recorded, the PDF produced, casework told."""
    row = await service.file(update.session, update.principal, application_id, update.if_match)
    return await _answer(update, row)


@router.post(
    "/custody-applications/{application_id}/withdrawal",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def withdraw_application(application_id: uuid.UUID, update: Update) -> ApplicationOut:
    """The child went home before the ruling: withdraw; casework ends the separation."""
    row = await service.withdraw(update.session, update.principal, application_id, update.if_match)
    return await _answer(update, row)


@router.get(
    "/custody-applications/{application_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS_READ},
)
async def application_document(
    application_id: uuid.UUID, principal: CourtUser, session: DbSession
) -> Response:
    """The filed application as the PDF sent to the court."""
    application, pdf = await service.document_of(session, principal, application_id)
    filename = application.number.replace("/", "_")
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.post(
    "/custody-applications/{application_id}/ruling",
    response_model=ApplicationOut,
    responses=ERRORS_UPDATE,
)
async def record_ruling(application_id: uuid.UUID, body: Ruling, update: Update) -> ApplicationOut:
    """The court's ruling (granted, refused, partly granted) and its time."""
    row = await service.record_ruling(
        update.session, update.principal, application_id, body, update.if_match
    )
    return await _answer(update, row)
