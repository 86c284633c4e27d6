"""Writes held back and sent together (``deferred_writes``), against the real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import sqlalchemy as sa

from heaolu_shared.db import Database
from heaolu_shared.statements import (
    deferred_writes,
    flush_deferred,
    upsert,
    write,
)
from heaolu_shared.testing import create_tables, executions

pytestmark = pytest.mark.integration

metadata = sa.MetaData()
tally = sa.Table(
    "tally",
    metadata,
    sa.Column("name", sa.String(20), primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),
)
entry = sa.Table(
    "entry",
    metadata,
    sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("text", sa.String(20), nullable=False),
)
PUT = upsert(tally, ("name", "n"), ("name",), update=("n",))
ADD = sa.insert(entry)


@pytest.fixture
async def db(database: tuple[Database, str]) -> AsyncIterator[Database]:
    await create_tables(database[0], metadata)
    yield database[0]


async def test_writes_wait_for_the_end_of_the_block_and_go_out_one_execution_per_statement(
    db: Database,
) -> None:
    sent = executions(db)
    async with db.transaction() as session, deferred_writes(session):
        for i in range(5):
            await write(session, PUT, {"name": f"t{i}", "n": i})
            await write(session, ADD, {"text": f"e{i}"})
        await write(session, sa.update(tally).where(tally.c.name == "t0").values(n=100), {})
        # Nothing has been sent yet: the table reads empty.
        assert await session.scalar(sa.select(sa.func.count()).select_from(tally)) == 0
        sent.clear()

    assert len(sent) == 3  # the upserts, the inserts, the update
    async with db.transaction() as session:
        tallies = dict((await session.execute(sa.select(tally.c.name, tally.c.n))).tuples().all())
        entries = (await session.scalars(sa.select(entry.c.text).order_by(entry.c.seq))).all()
    # The update came after the upsert of the same row; the inserts kept their order.
    assert tallies == {"t0": 100, "t1": 1, "t2": 2, "t3": 3, "t4": 4}
    assert entries == ["e0", "e1", "e2", "e3", "e4"]


async def test_a_read_after_flush_deferred_sees_the_writes_held_before_it(db: Database) -> None:
    async with db.transaction() as session, deferred_writes(session):
        await write(session, PUT, {"name": "x", "n": 1})
        await flush_deferred(session)
        assert await session.scalar(sa.select(tally.c.n).where(tally.c.name == "x")) == 1
        await write(session, PUT, {"name": "x", "n": 2})
    async with db.transaction() as session:
        assert await session.scalar(sa.select(tally.c.n).where(tally.c.name == "x")) == 2


async def test_a_failing_block_writes_nothing_and_the_session_writes_at_once_again(
    db: Database,
) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as session, deferred_writes(session):
            await write(session, ADD, {"text": "lost"})
            raise RuntimeError("a rule refused")
    async with db.transaction() as session:
        assert await session.scalar(sa.select(sa.func.count()).select_from(entry)) == 0
        with pytest.raises(RuntimeError):
            async with deferred_writes(session):
                await write(session, ADD, {"text": "held"})
                raise RuntimeError("a rule refused")
        await write(session, ADD, {"text": "at once"})
        assert (await session.scalars(sa.select(entry.c.text))).all() == ["at once"]
