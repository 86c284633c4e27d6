"""The staff directory against the real PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from heaolu_shared import staff
from heaolu_shared.auth import Principal
from heaolu_shared.db import Database
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration


def _worker(subject: str, username: str, municipality: str = "0663") -> Principal:
    return Principal(
        subject=subject,
        username=username,
        roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
        municipality=municipality,
    )


async def test_re_created_and_renamed_accounts_replace_their_stale_rows(
    database: tuple[Database, str],
) -> None:
    db, url = database
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(staff.staff_metadata.create_all)
    await engine.dispose()

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
