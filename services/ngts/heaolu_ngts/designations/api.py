"""Designations of NGTS specialists by the department head."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Response, status

from heaolu_ngts.common.access import NgtsUser
from heaolu_ngts.common.http import API_PREFIX, Creation, problems, tagged
from heaolu_ngts.designations import service
from heaolu_ngts.designations.schemas import DesignationEnd, DesignationIn, DesignationOut
from heaolu_shared.app import DbSession
from heaolu_shared.concurrency import IfMatch

router = APIRouter(prefix=API_PREFIX, tags=["ngts: designations"])


@router.post(
    "/designations",
    status_code=status.HTTP_201_CREATED,
    response_model=DesignationOut,
    responses=problems(403, 409, 422),
)
async def designate(
    body: DesignationIn, principal: NgtsUser, session: DbSession, creation: Creation
) -> DesignationOut:
    """Designate an NGTS case manager of the municipality, from a date (and until one)."""

    async def create() -> DesignationOut:
        row = await service.designate(
            session,
            principal=principal,
            specialist_username=body.specialist_username,
            starts_on=body.starts_on,
            ends_on=body.ends_on,
            now=datetime.now(UTC),
        )
        return DesignationOut.model_validate(row)

    async def still_its_head(out: DesignationOut) -> None:
        # A retry answers the stored designation only to a head of its municipality still.
        service.require_head(principal, out.municipality)

    return await creation(
        "ngts.designation.create",
        body,
        "",
        DesignationOut,
        create,
        lambda out: f"/designations/{out.id}",
        authorize_replay=still_its_head,
    )


@router.get("/designations", response_model=list[DesignationOut], responses=problems(403))
async def list_designations(principal: NgtsUser, session: DbSession) -> list[DesignationOut]:
    return [
        DesignationOut.model_validate(r)
        for r in await service.designations(session, principal=principal)
    ]


@router.patch(
    "/designations/{designation_id}",
    response_model=DesignationOut,
    responses=problems(403, 404, 412, 422, 428),
)
async def end_designation(
    designation_id: uuid.UUID,
    body: DesignationEnd,
    principal: NgtsUser,
    session: DbSession,
    response: Response,
    if_match: IfMatch = None,
) -> DesignationOut:
    """Set the designation's last day; needs the ETag in ``If-Match``."""
    row = await service.end_designation(
        session,
        principal=principal,
        designation_id=designation_id,
        ends_on=body.ends_on,
        if_match=if_match,
    )
    tagged(response, row.version)
    return DesignationOut.model_validate(row)
