"""The staff directory against the real PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared import staff
from heaolu_shared.auth import Principal
from heaolu_shared.db import Database
from heaolu_shared.roles import Role
from heaolu_shared.testing import create_tables, executions

pytestmark = pytest.mark.integration


def _worker(
    subject: str,
    username: str,
    municipality: str = "0663",
    roles: frozenset[Role] = frozenset({Role.CHILD_PROTECTION_WORKER}),
) -> Principal:
    return Principal(subject=subject, username=username, roles=roles, municipality=municipality)


async def _rows(session: AsyncSession) -> list[tuple[str, str, str, list[str]]]:
    result = await session.execute(
        sa.select(
            staff.staff_member.c.subject,
            staff.staff_member.c.username,
            staff.staff_member.c.municipality,
            staff.staff_member.c.roles,
        )
    )
    return [(r.subject, r.username, r.municipality, r.roles) for r in result]


async def test_re_created_and_renamed_accounts_replace_their_stale_rows(
    database: tuple[Database, str],
) -> None:
    db, _ = database
    await create_tables(db, staff.staff_metadata)

    async with db.transaction() as session:
        await staff.register(session, _worker("old-subject", "rakvere.worker"))
    async with db.transaction() as session:
        await staff.register(session, _worker("new-subject", "rakvere.worker"))
    async with db.transaction() as session:
        await staff.register(session, _worker("new-subject", "rakvere.renamed", "0321"))
    async with db.transaction() as session:
        rows = (await session.execute(sa.select(staff.staff_member))).all()
        citizen = Principal(subject="c", username="citizen.x", roles=frozenset({Role.CITIZEN}))
        await staff.register(session, citizen)

    assert [(r.subject, r.username, r.municipality) for r in rows] == [
        ("new-subject", "rakvere.renamed", "0321")
    ]
    async with db.transaction() as session:
        assert await staff.by_username(session, "citizen.x") is None


async def test_a_token_seen_again_sends_nothing_until_it_shows_a_change(
    database: tuple[Database, str],
) -> None:
    db, _ = database
    await create_tables(db, staff.staff_metadata)
    worker = _worker("s-1", "rakvere.worker")
    sent = executions(db)

    async with db.transaction() as session:
        await staff.register(session, worker)
    first = len(sent)
    async with db.transaction() as session:
        await staff.register(session, worker)
    assert first > 0
    assert len(sent) == first  # the same token shape: nothing sent

    head = _worker("s-1", "rakvere.worker", roles=frozenset({Role.DEPARTMENT_HEAD}))
    async with db.transaction() as session:
        await staff.register(session, head)
    assert len(sent) > first
    async with db.transaction() as session:
        assert await _rows(session) == [
            ("s-1", "rakvere.worker", "0663", [Role.DEPARTMENT_HEAD.value])
        ]


async def test_a_registration_rolled_back_is_sent_again(database: tuple[Database, str]) -> None:
    db, _ = database
    await create_tables(db, staff.staff_metadata)
    worker = _worker("s-2", "tartu.worker", "0793")

    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await staff.register(session, worker)
            raise RuntimeError("the request failed after the registration")
    async with db.transaction() as session:
        await staff.register(session, worker)
    async with db.transaction() as session:
        assert await _rows(session) == [
            ("s-2", "tartu.worker", "0793", [Role.CHILD_PROTECTION_WORKER.value])
        ]
