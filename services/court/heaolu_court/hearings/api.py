"""Hearings and mediation sessions: schedule, list on a case, read, record the outcome."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from heaolu_court.common.access import Authorized, CourtUser, audit, load, readable
from heaolu_court.common.http import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creation,
    Update,
    tagged,
)
from heaolu_court.hearings import service
from heaolu_court.hearings.models import Hearing
from heaolu_court.hearings.schemas import HearingIn, HearingOut, OutcomeIn
from heaolu_shared.access import Action
from heaolu_shared.app import DbSession

router = APIRouter(prefix="/api/court/v1", tags=["hearings and mediation"])

Readable = Annotated[
    Authorized[Hearing],
    Depends(
        readable(Hearing, param="hearing_id", record_type=service.RECORD_TYPE, purpose="hearing")
    ),
]


@router.post("/hearings", status_code=201, response_model=HearingOut, responses=ERRORS_CREATE)
async def schedule(body: HearingIn, creation: Creation) -> HearingOut:
    """A hearing to attend, or a mediation session, as a dated entry (on a case if given)."""

    async def create() -> HearingOut:
        return HearingOut.model_validate(
            await service.schedule(creation.session, creation.principal, body)
        )

    async def still_visible(out: HearingOut) -> None:
        record, decision = await load(
            creation.session, creation.principal, Hearing, out.id, Action.READ
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
        "hearing.create",
        body,
        "",
        HearingOut,
        create,
        lambda out: f"/hearings/{out.id}",
        still_visible,
    )


@router.get("/hearings", response_model=list[HearingOut])
async def list_hearings(
    principal: CourtUser,
    session: DbSession,
    case_id: uuid.UUID | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> list[HearingOut]:
    """Hearings the caller holds or attends (a head: the municipality's), newest first."""
    rows = await service.listing(session, principal, case_id=case_id, limit=limit)
    return [HearingOut.model_validate(r) for r in rows]


@router.get("/hearings/{hearing_id}", response_model=HearingOut, responses=ERRORS_READ)
async def get_hearing(hearing_id: uuid.UUID, read: Readable, response: Response) -> HearingOut:
    tagged(response, read.record.version)
    return HearingOut.model_validate(read.record)


@router.post("/hearings/{hearing_id}/outcome", response_model=HearingOut, responses=ERRORS_UPDATE)
async def record_outcome(hearing_id: uuid.UUID, body: OutcomeIn, update: Update) -> HearingOut:
    row = await service.record_outcome(
        update.session, update.principal, hearing_id, body, update.if_match
    )
    update.tag(row.version)
    return HearingOut.model_validate(row)
