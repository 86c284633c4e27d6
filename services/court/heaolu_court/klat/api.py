"""KLAT: SKA opinion requests (asked by the municipality, answered by SKA) and applications to
the court."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks
from heaolu_court.common.access import Authorized, CourtUser, audit, readable
from heaolu_court.common.access import load as load_record
from heaolu_court.common.http import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Update,
    tagged,
)
from heaolu_court.common.models import GuardedRecord
from heaolu_court.common.schemas import ClockOut
from heaolu_court.klat import service
from heaolu_court.klat.models import KlatApplication, KlatOpinionRequest, OpinionStatus
from heaolu_court.klat.schemas import (
    KlatApplicationIn,
    KlatApplicationOut,
    OpinionIn,
    OpinionRequestIn,
    OpinionRequestOut,
    OpinionRequestPage,
)
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession
from heaolu_shared.auth import Principal

router = APIRouter(prefix="/api/court/v1", tags=["closed child institution"])

ReadableRequest = Annotated[
    Authorized[KlatOpinionRequest],
    Depends(
        readable(
            KlatOpinionRequest,
            param="request_id",
            record_type=service.REQUEST,
            purpose="SKA opinion request",
        )
    ),
]
ReadableApplication = Annotated[
    Authorized[KlatApplication],
    Depends(
        readable(
            KlatApplication,
            param="application_id",
            record_type=service.APPLICATION,
            purpose="KLAT application",
        )
    ),
]


async def _out(session: AsyncSession, rows: list[KlatOpinionRequest]) -> list[OpinionRequestOut]:
    by_record: dict[uuid.UUID, list[ClockOut]] = {r.id: [] for r in rows}
    for clock in await clocks.of_records(session, list(by_record)):
        by_record[clock.record_id].append(ClockOut.model_validate(clock))
    return [
        OpinionRequestOut.model_validate(r).model_copy(update={"clocks": by_record[r.id]})
        for r in rows
    ]


async def _replay(
    session: AsyncSession,
    principal: Principal,
    model: type[GuardedRecord],
    record_id: uuid.UUID,
    record_type: str,
) -> None:
    record, decision = await load_record(session, principal, model, record_id, Action.READ)
    await audit(
        session,
        principal,
        record,
        "read",
        record_type,
        "repeated creation (Idempotency-Key)",
        decision,
    )


@router.post(
    "/klat-opinion-requests",
    status_code=201,
    response_model=OpinionRequestOut,
    responses=ERRORS_CREATE,
)
async def request_opinion(body: OpinionRequestIn, creation: Creation) -> OpinionRequestOut:
    """Ask SKA for its opinion on a closed child institution (needs an approved case plan; a
    child outside 12-18 needs a reasoned exception). SKA has 30 days."""

    async def create() -> OpinionRequestOut:
        row = await service.request_opinion(creation.session, creation.principal, body)
        return (await _out(creation.session, [row]))[0]

    async def still_visible(out: OpinionRequestOut) -> None:
        await _replay(
            creation.session, creation.principal, KlatOpinionRequest, out.id, service.REQUEST
        )

    return await creation(
        "klat_opinion_request.create",
        body,
        str(body.case_id),
        OpinionRequestOut,
        create,
        lambda out: f"/klat-opinion-requests/{out.id}",
        still_visible,
    )


@router.get("/klat-opinion-requests", response_model=OpinionRequestPage)
async def list_requests(
    principal: CourtUser,
    session: DbSession,
    status: OpinionStatus | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> OpinionRequestPage:
    """SKA: every request, soonest due first; a municipality: its own."""
    rows = await service.list_requests(session, principal, status=status, limit=limit)
    return OpinionRequestPage(items=await _out(session, rows))


@router.get(
    "/klat-opinion-requests/{request_id}", response_model=OpinionRequestOut, responses=ERRORS_READ
)
async def get_request(
    request_id: uuid.UUID, read: ReadableRequest, response: Response
) -> OpinionRequestOut:
    tagged(response, read.record.version)
    return (await _out(read.session, [read.record]))[0]


@router.post(
    "/klat-opinion-requests/{request_id}/opinion",
    response_model=OpinionRequestOut,
    responses=ERRORS_UPDATE,
)
async def answer_request(
    request_id: uuid.UUID, body: OpinionIn, update: Update
) -> OpinionRequestOut:
    """SKA's opinion: suitable or not suitable, with reasons."""
    row = await service.answer(update.session, update.principal, request_id, body, update.if_match)
    update.tag(row.version)
    return (await _out(update.session, [row]))[0]


@router.post(
    "/klat-applications",
    status_code=201,
    response_model=KlatApplicationOut,
    responses=ERRORS_CREATE,
)
async def file_application(body: KlatApplicationIn, creation: Creation) -> KlatApplicationOut:
    """Apply to the court (also while SKA's opinion is pending or negative); the application
    and its PDF say what SKA's opinion is."""

    async def create() -> KlatApplicationOut:
        row = await service.file_application(creation.session, creation.principal, body)
        return KlatApplicationOut.model_validate(row)

    async def still_visible(out: KlatApplicationOut) -> None:
        await _replay(
            creation.session, creation.principal, KlatApplication, out.id, service.APPLICATION
        )

    return await creation(
        "klat_application.create",
        body,
        str(body.case_id),
        KlatApplicationOut,
        create,
        lambda out: f"/klat-applications/{out.id}",
        still_visible,
    )


@router.get(
    "/klat-applications/{application_id}", response_model=KlatApplicationOut, responses=ERRORS_READ
)
async def get_application(
    application_id: uuid.UUID, read: ReadableApplication, response: Response
) -> KlatApplicationOut:
    tagged(response, read.record.version)
    return KlatApplicationOut.model_validate(read.record)


@router.get(
    "/klat-applications/{application_id}/document",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS_READ},
)
async def application_document(
    application_id: uuid.UUID, principal: CourtUser, session: DbSession
) -> Response:
    application, pdf = await service.application_document(session, principal, application_id)
    filename = application.number.replace("/", "_")
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )
