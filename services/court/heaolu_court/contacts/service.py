"""The contacts table: SKA keeps it; municipalities and SKA read it."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.access import audit
from heaolu_court.common.contacts import MunicipalContact, valid_contact
from heaolu_court.contacts import repository
from heaolu_court.contacts.schemas import ContactIn
from heaolu_shared.audit_trail import SKA_ROLES
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.errors import NotPermitted, ResourceNotFound, RuleViolation

RECORD_TYPE = "municipal_contact"


def require_ska(principal: Principal) -> None:
    if principal.roles.isdisjoint(SKA_ROLES):
        raise NotPermitted(messages.ONLY_SKA_KEEPS_CONTACTS)


def _check_period(body: ContactIn) -> None:
    if body.valid_to is not None and body.valid_to < body.valid_from:
        raise RuleViolation(messages.CONTACT_PERIOD, extra={"field": "valid_to"})


async def add(session: AsyncSession, principal: Principal, body: ContactIn) -> MunicipalContact:
    require_ska(principal)
    _check_period(body)
    contact = MunicipalContact(id=uuid.uuid4(), updated_by=principal.subject, **body.model_dump())
    session.add(contact)
    await session.flush()
    await audit(session, principal, contact, "create", RECORD_TYPE, "contacts table", None)
    return contact


async def change(
    session: AsyncSession,
    principal: Principal,
    contact_id: uuid.UUID,
    body: ContactIn,
    if_match: str | None,
) -> MunicipalContact:
    require_ska(principal)
    contact = await session.get(MunicipalContact, contact_id, with_for_update=True)
    if contact is None:
        raise ResourceNotFound(messages.NOT_FOUND)
    check_version(contact.version, if_match)
    _check_period(body)
    for name, value in body.model_dump().items():
        setattr(contact, name, value)
    contact.updated_by = principal.subject
    await flush_versioned(session)
    await audit(session, principal, contact, "update", RECORD_TYPE, "contacts table", None)
    return contact


async def listing(
    session: AsyncSession,
    *,
    municipality: str | None,
    valid_on: date | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[MunicipalContact], str | None]:
    """The contacts by municipality and start of validity (officials' work contacts, open to
    every court user)."""
    fetched = await repository.listing(
        session, municipality=municipality, valid_on=valid_on, cursor=cursor, limit=limit
    )
    return repository.ORDER.page(fetched, limit)


DEMO_CONTACTS = (
    (
        "0663",
        "Rakvere linn",
        "Kontakt Rakvere",
        "+372 5550 0663",
        "lastekaitse.rakvere@demo.invalid",
    ),
    (
        "0321",
        "Kohtla-Järve linn",
        "Kontakt Kohtla-Järve",
        "+372 5550 0321",
        "lastekaitse.kj@demo.invalid",
    ),
    (
        "0897",
        "Viljandi linn",
        "Kontakt Viljandi",
        "+372 5550 0897",
        "lastekaitse.viljandi@demo.invalid",
    ),
    ("0919", "Võru linn", "Kontakt Võru", "+372 5550 0919", "lastekaitse.voru@demo.invalid"),
)


async def seed_demo_contacts(session: AsyncSession, today: date) -> None:
    """Synthetic contacts of the demo municipalities, where a municipality has none valid."""
    for municipality, name, official, phone, email in DEMO_CONTACTS:
        if await valid_contact(session, municipality, today) is not None:
            continue
        session.add(
            MunicipalContact(
                id=uuid.uuid4(),
                municipality=municipality,
                municipality_name=name,
                official_name=official,
                position="lastekaitsespetsialist",
                phone=phone,
                email=email,
                valid_from=date(2026, 1, 1),
                valid_to=None,
                updated_by="seed",
            )
        )
    await session.flush()
