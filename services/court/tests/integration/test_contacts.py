"""The contacts table against a real database: SKA keeps it, a period ends, tasks find the
contact valid on the day."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common.contacts import valid_contact
from heaolu_court.contacts import service
from heaolu_court.contacts.schemas import ContactIn
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted, PreconditionFailed, RuleViolation
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

COUNSELLOR = Principal(
    subject="s-1", username="ska.counsellor", roles=frozenset({Role.SKA_COUNSELLOR})
)
HEAD = Principal(
    subject="h-1",
    username="rakvere.head",
    roles=frozenset({Role.DEPARTMENT_HEAD}),
    municipality="0663",
)

CONTACT = ContactIn(
    municipality="0777",
    municipality_name="Näidisvald",
    official_name="Esimene Kontakt",
    position="lastekaitsespetsialist",
    phone="+372 5550 0777",
    email="kontakt@demo.invalid",
    valid_from=date(2026, 1, 1),
)


async def test_ska_keeps_the_table_and_the_valid_contact_follows_the_periods(
    session: AsyncSession,
) -> None:
    with pytest.raises(NotPermitted):
        await service.add(session, HEAD, CONTACT)
    with pytest.raises(RuleViolation):
        await service.add(
            session, COUNSELLOR, CONTACT.model_copy(update={"valid_to": date(2025, 1, 1)})
        )
    first = await service.add(session, COUNSELLOR, CONTACT)
    ended = await service.change(
        session,
        COUNSELLOR,
        first.id,
        CONTACT.model_copy(update={"valid_to": date(2026, 6, 30)}),
        f'"{first.version}"',
    )
    with pytest.raises(PreconditionFailed):
        await service.change(session, COUNSELLOR, first.id, CONTACT, '"1"')
    second = await service.add(
        session,
        COUNSELLOR,
        CONTACT.model_copy(
            update={"official_name": "Teine Kontakt", "valid_from": date(2026, 7, 1)}
        ),
    )
    assert (await valid_contact(session, "0777", date(2026, 3, 1))) == ended
    assert (await valid_contact(session, "0777", date(2026, 8, 1))) == second
