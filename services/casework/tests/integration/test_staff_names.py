"""Workers' names for the worklists, kept from their tokens in committed transactions: a name
this process committed lately is not written again, a change of name or account is."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from heaolu_casework.common.access import caseworker
from heaolu_shared.auth import Principal
from heaolu_shared.db import Database
from heaolu_shared.testing import executions

from ..factories import worker

pytestmark = pytest.mark.integration


async def _seen(database: Database, principal: Principal) -> None:
    """One request of ``principal``: the casework dependency in a committed transaction."""
    async with database.transaction() as session:
        await caseworker(principal, session)


async def _name_of(database: Database, subject: str) -> tuple[str, str | None] | None:
    async with database.transaction() as session:
        row = (
            await session.execute(
                sa.text("SELECT username, display_name FROM staff_member WHERE subject = :s"),
                {"s": subject},
            )
        ).first()
    return None if row is None else (row.username, row.display_name)


async def test_a_worker_seen_again_costs_no_statement_until_the_token_changes(
    database: Database,
) -> None:
    maria = worker("maria")
    sent = executions(database)

    await _seen(database, maria)
    first = len(sent)
    await _seen(database, maria)
    assert first > 0
    assert len(sent) == first

    renamed = maria.model_copy(update={"name": "Maria Demo-Kask"})
    await _seen(database, renamed)
    assert len(sent) > first
    assert await _name_of(database, maria.subject) == (maria.username, "Maria Demo-Kask")


async def test_a_renamed_account_keeps_its_name_in_the_directory(database: Database) -> None:
    jaan = worker("jaan")
    await _seen(database, jaan)

    # The directory row is written anew under the new username (and without a name): the name
    # committed under the old one must not count as written.
    moved = jaan.model_copy(update={"username": f"{jaan.username}.new"})
    await _seen(database, moved)
    assert await _name_of(database, jaan.subject) == (moved.username, jaan.name)
