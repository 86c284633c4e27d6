"""Opinions to the court: register the court's request, draft with the child heard, approve,
send with the PDF."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks
from heaolu_court.common.access import Authorized, CourtUser, audit, load, readable
from heaolu_court.common.http import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Update,
    tagged,
)
from heaolu_court.common.schemas import ClockOut
from heaolu_court.opinions import service
from heaolu_court.opinions.models import CourtOpinion
from heaolu_court.opinions.schemas import CourtOpinionOut, OpinionDraft, OpinionRequestIn
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession

router = APIRouter(prefix="/api/court/v1", tags=["opinions to the court"])

Readable = Annotated[
    Authorized[CourtOpinion],
    Depends(
        readable(
            CourtOpinion, param="opinion_id", record_type=service.RECORD_TYPE, purpose="opinion"
        )
    ),
]


async def _out(session: AsyncSession, rows: Sequence[CourtOpinion]) -> list[CourtOpinionOut]:
    by_id: dict[uuid.UUID, list[ClockOut]] = {r.id: [] for r in rows}
    for clock in await clocks.of_records(session, list(by_id)):
        by_id[clock.record_id].append(ClockOut.model_validate(clock))
    return [
        CourtOpinionOut.model_validate(r).model_copy(update={"clocks": by_id[r.id]}) for r in rows
    ]


@router.post(
    "/court-opinions", status_code=201, response_model=CourtOpinionOut, responses=ERRORS_CREATE
)
async def register_request(body: OpinionRequestIn, creation: Creation) -> CourtOpinionOut:
    """Register a court's request for an opinion; its due date becomes a clock."""

    async def create() -> CourtOpinionOut:
        row = await service.register(creation.session, creation.principal, body)
        return (await _out(creation.session, [row]))[0]

    async def still_visible(out: CourtOpinionOut) -> None:
        record, decision = await load(
            creation.session, creation.principal, CourtOpinion, out.id, Action.READ
        )
        await audit(
            creation.session,
            creation.principal,
            record,
            "read",
            service.RECORD_TYPE,
            "repeated creation (Idempotency-Key)",
            decision,
        )

    return await creation(
        "court_opinion.create",
        body,
        "",
        CourtOpinionOut,
        create,
        lambda out: f"/court-opinions/{out.id}",
        still_visible,
    )


@router.get("/court-opinions", response_model=list[CourtOpinionOut])
async def list_opinions(
    principal: CourtUser,
    session: DbSession,
    case_id: uuid.UUID | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> list[CourtOpinionOut]:
    """The caller's opinions (a head: the municipality's), soonest due first."""
    return await _out(
        session, await service.listing(session, principal, case_id=case_id, limit=limit)
    )


@router.get("/court-opinions/{opinion_id}", response_model=CourtOpinionOut, responses=ERRORS_READ)
async def get_opinion(opinion_id: uuid.UUID, read: Readable, response: Response) -> CourtOpinionOut:
    tagged(response, read.record.version)
    return (await _out(read.session, [read.record]))[0]


@router.patch(
    "/court-opinions/{opinion_id}", response_model=CourtOpinionOut, responses=ERRORS_UPDATE
)
async def edit_opinion(
    opinion_id: uuid.UUID, body: OpinionDraft, update: Update
) -> CourtOpinionOut:
    """Record the child heard and write the opinion (an approved one goes back to draft)."""
    row = await service.edit(update.session, update.principal, opinion_id, body, update.if_match)
    update.tag(row.version)
    return (await _out(update.session, [row]))[0]


@router.post(
    "/court-opinions/{opinion_id}/approve", response_model=CourtOpinionOut, responses=ERRORS_UPDATE
)
async def approve_opinion(opinion_id: uuid.UUID, update: Update) -> CourtOpinionOut:
    row = await service.approve(update.session, update.principal, opinion_id, update.if_match)
    update.tag(row.version)
    return (await _out(update.session, [row]))[0]


@router.post(
    "/court-opinions/{opinion_id}/sending", response_model=CourtOpinionOut, responses=ERRORS_UPDATE
)
async def send_opinion(opinion_id: uuid.UUID, update: Update) -> CourtOpinionOut:
    """Send the opinion to the court: the PDF is produced and the clock met."""
    row = await service.send(update.session, update.principal, opinion_id, update.if_match)
    update.tag(row.version)
    return (await _out(update.session, [row]))[0]


@router.get(
    "/court-opinions/{opinion_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS_READ},
)
async def opinion_document(
    opinion_id: uuid.UUID, principal: CourtUser, session: DbSession
) -> Response:
    opinion, pdf = await service.document_of(session, principal, opinion_id)
    filename = opinion.number.replace("/", "_")
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )
