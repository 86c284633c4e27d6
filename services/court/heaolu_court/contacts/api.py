"""The municipal child-protection contacts table."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Query

from heaolu_court.common import messages
from heaolu_court.common.access import CourtUser
from heaolu_court.common.contacts import MunicipalContact
from heaolu_court.common.http import ERRORS_CREATE, ERRORS_UPDATE, Creation, Update
from heaolu_court.contacts import service
from heaolu_court.contacts.schemas import ContactIn, ContactOut
from heaolu_shared.app import DbSession
from heaolu_shared.dates import RecordDate
from heaolu_shared.errors import ResourceNotFound
from heaolu_shared.pagination import DEFAULT_PAGE, MAX_PAGE, Page

router = APIRouter(prefix="/api/court/v1", tags=["contacts"])


@router.get("/municipal-contacts", response_model=Page[ContactOut])
async def list_contacts(
    principal: CourtUser,
    session: DbSession,
    municipality: str | None = Query(default=None, pattern=r"^[0-9]{4}$"),
    valid_on: RecordDate | None = None,
    cursor: str | None = None,
    limit: int = Query(default=DEFAULT_PAGE, ge=1, le=MAX_PAGE),
) -> Page[ContactOut]:
    """The contacts (officials' work contacts), for municipalities and SKA."""
    rows, next_cursor = await service.listing(
        session, municipality=municipality, valid_on=valid_on, cursor=cursor, limit=limit
    )
    return Page(items=[ContactOut.model_validate(r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/municipal-contacts", status_code=201, response_model=ContactOut, responses=ERRORS_CREATE
)
async def add_contact(body: ContactIn, creation: Creation) -> ContactOut:
    """SKA adds a contact."""

    async def create() -> ContactOut:
        return ContactOut.model_validate(
            await service.add(creation.session, creation.principal, body)
        )

    async def still_visible(out: ContactOut) -> None:
        service.require_ska(creation.principal)
        if await creation.session.get(MunicipalContact, out.id) is None:
            raise ResourceNotFound(messages.NOT_FOUND)

    return await creation(
        "municipal_contact.create",
        body,
        body.municipality,
        ContactOut,
        create,
        lambda out: f"/municipal-contacts/{out.id}",
        still_visible,
    )


@router.put("/municipal-contacts/{contact_id}", response_model=ContactOut, responses=ERRORS_UPDATE)
async def change_contact(contact_id: uuid.UUID, body: ContactIn, update: Update) -> ContactOut:
    """SKA changes a contact (e.g. ends its validity)."""
    row = await service.change(update.session, update.principal, contact_id, body, update.if_match)
    update.tag(row.version)
    return ContactOut.model_validate(row)
