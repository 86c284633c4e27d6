"""Writes held until the commit (``deferred_writes(session, until_commit=True)``): one autocommit
statement when they are all the transaction did, the transaction's rules otherwise; against the
real PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError, IntegrityError

from heaolu_shared.db import Database
from heaolu_shared.statements import (
    MAX_ONE_STATEMENT_ROWS,
    deferred_writes,
    insert_new,
    plain_insert,
    write,
)
from heaolu_shared.testing import admin_dsn, create_tables

pytestmark = pytest.mark.integration

metadata = sa.MetaData()
entry = sa.Table(
    "entry",
    metadata,
    sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("text", sa.String(20), nullable=False, unique=True),
)
note = sa.Table(
    "note",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body", JSONB, nullable=False),
    sa.Column("kind", sa.String(10), nullable=False, server_default="plain"),
)
stamped = sa.Table(
    "stamped",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("state", sa.String(10), nullable=False, default="new"),
)
ENTRY, NOTE, STAMPED = plain_insert(entry), plain_insert(note), plain_insert(stamped)


@pytest.fixture
async def db(database: tuple[Database, str]) -> AsyncIterator[Database]:
    await create_tables(database[0], metadata)
    yield database[0]


@contextmanager
def sent(db: Database) -> Iterator[list[tuple[str, bool]]]:
    """The statements ``db`` sends in the block, each with whether it went in autocommit."""
    seen: list[tuple[str, bool]] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        autocommit = conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
        seen.append((" ".join(statement.split()), autocommit))

    sa.event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def _entries(db: Database) -> list[str]:
    async with db.transaction() as session:
        return list((await session.scalars(sa.select(entry.c.text).order_by(entry.c.seq))).all())


async def _notes(db: Database) -> dict[int, Any]:
    async with db.transaction() as session:
        return dict((await session.execute(sa.select(note.c.id, note.c.body))).tuples().all())


async def test_writes_that_are_the_whole_transaction_go_as_one_autocommit_statement(
    db: Database,
) -> None:
    with sent(db) as statements:
        async with db.transaction() as session:
            async with deferred_writes(session, until_commit=True):
                await write(session, NOTE, {"id": 1, "body": {"a": [1, "kaks"]}})
                for text in ("first", "second", "third"):
                    await write(session, ENTRY, {"text": text})
            # Held past the block's end, with the writes that follow it.
            await write(session, NOTE, {"id": 2, "body": {"b": None}})
            assert statements == []
    assert len(statements) == 1
    statement, autocommit = statements[0]
    assert autocommit
    assert statement.startswith('WITH w0 AS (INSERT INTO "note"')
    # One table's rows keep their order; JSONB, server defaults and identities are the table's.
    assert await _entries(db) == ["first", "second", "third"]
    assert await _notes(db) == {1: {"a": [1, "kaks"]}, 2: {"b": None}}
    async with db.transaction() as session:
        assert set((await session.scalars(sa.select(note.c.kind))).all()) == {"plain"}


async def test_the_one_statement_is_all_or_nothing(db: Database) -> None:
    async with db.transaction() as session:
        await write(session, ENTRY, {"text": "taken"})
    with sent(db) as statements, pytest.raises(IntegrityError):
        async with db.transaction() as session, deferred_writes(session, until_commit=True):
            await write(session, NOTE, {"id": 7, "body": {}})
            await write(session, ENTRY, {"text": "new"})
            await write(session, ENTRY, {"text": "taken"})
    assert [autocommit for _, autocommit in statements] == [True]
    assert await _notes(db) == {}
    assert await _entries(db) == ["taken"]


async def test_after_a_read_the_writes_go_inside_the_transaction_and_fall_with_it(
    db: Database,
) -> None:
    with sent(db) as statements, pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await session.execute(sa.select(1))
            async with deferred_writes(session, until_commit=True):
                await write(session, NOTE, {"id": 1, "body": {}})
                await write(session, ENTRY, {"text": "lost"})
            await session.run_sync(lambda _: None)
            raise RuntimeError("a rule refused after the block")
    assert [autocommit for _, autocommit in statements] == [False]
    assert await _notes(db) == {} and await _entries(db) == []

    with sent(db) as statements:
        async with db.transaction() as session:
            await session.execute(sa.select(1))
            async with deferred_writes(session, until_commit=True):
                await write(session, NOTE, {"id": 1, "body": {}})
                await write(session, ENTRY, {"text": "kept"})
    # The read, then one execution per table, all in the transaction.
    assert [autocommit for _, autocommit in statements] == [False, False, False]
    assert await _notes(db) == {1: {}} and await _entries(db) == ["kept"]


async def test_a_statement_after_the_block_sees_the_held_writes(db: Database) -> None:
    async with db.transaction() as session:
        async with deferred_writes(session, until_commit=True):
            await write(session, ENTRY, {"text": "held"})
        # Any statement of the session sends what is held first.
        assert (await session.scalars(sa.select(entry.c.text))).all() == ["held"]
        await write(session, ENTRY, {"text": "after"})
    assert await _entries(db) == ["held", "after"]


async def test_a_session_committed_by_its_own_caller_writes_what_it_held(db: Database) -> None:
    async with db.sessionmaker() as session:
        async with deferred_writes(session, until_commit=True):
            await write(session, ENTRY, {"text": "committed"})
        await session.commit()
        async with deferred_writes(session, until_commit=True):
            await write(session, ENTRY, {"text": "rolled back"})
        await session.rollback()
        await write(session, ENTRY, {"text": "at once"})
        await session.commit()
    assert await _entries(db) == ["committed", "at once"]


async def test_what_cannot_be_one_statement_goes_in_the_transaction(db: Database) -> None:
    class Stamped:
        pass

    sa.orm.registry().map_imperatively(Stamped, stamped)
    cases: list[tuple[str, Any]] = []

    async def python_default(session: Any) -> None:
        # SQLAlchemy computes the default of "state" from the plain insert; text could not.
        await write(session, STAMPED, {"id": 1})

    async def too_many_rows(session: Any) -> None:
        for i in range(MAX_ONE_STATEMENT_ROWS + 1):
            await write(session, ENTRY, {"text": f"r{i}"})

    async def one_table_twice(session: Any) -> None:
        # Rows of one table with different columns are two executions, which keep their order.
        await write(session, ENTRY, {"text": "a"})
        await write(session, ENTRY, {"seq": 1000, "text": "b"})

    async def not_a_plain_insert(session: Any) -> None:
        await write(session, sa.insert(note), {"id": 4, "body": {}})

    async def a_record(session: Any) -> None:
        record = Stamped()
        record.id = 2  # type: ignore[attr-defined]
        await insert_new(session, record)  # its default set on it: joins the one statement

    for case in (python_default, too_many_rows, one_table_twice, not_a_plain_insert, a_record):
        with sent(db) as statements:
            async with db.transaction() as session, deferred_writes(session, until_commit=True):
                await case(session)
        cases.append((case.__name__, [autocommit for _, autocommit in statements]))
    assert cases == [
        ("python_default", [False]),
        ("too_many_rows", [False]),
        ("one_table_twice", [False, False]),
        ("not_a_plain_insert", [False]),
        ("a_record", [True]),
    ]
    assert len(await _entries(db)) == MAX_ONE_STATEMENT_ROWS + 3
    async with db.transaction() as session:
        rows = await session.execute(sa.select(stamped.c.id, stamped.c.state))
        states = dict(rows.tuples().all())
    assert states == {1: "new", 2: "new"}


async def _alone(db: Database, note_id: int, text: str | None) -> None:
    """One transaction whose held writes go alone: a note, and an entry unless ``text`` is None."""
    async with db.transaction() as session, deferred_writes(session, until_commit=True):
        await write(session, NOTE, {"id": note_id, "body": {"n": note_id}})
        if text is not None:
            await write(session, ENTRY, {"text": text})


async def test_transactions_committing_together_share_one_statement(db: Database) -> None:
    count = 12
    before = (db.alone.statements, db.alone.transactions)
    with sent(db) as statements:
        await asyncio.gather(*(_alone(db, n, f"e{n}") for n in range(count)))
    # Fewer statements than transactions, every one in autocommit, one of them many rows long.
    assert 1 <= len(statements) < count
    assert all(autocommit for _, autocommit in statements)
    assert any("), (" in statement for statement, _ in statements)
    assert db.alone.transactions - before[1] == count
    assert db.alone.statements - before[0] == len(statements)
    assert sorted(await _entries(db)) == sorted(f"e{n}" for n in range(count))
    assert await _notes(db) == {n: {"n": n} for n in range(count)}


async def test_a_refused_shared_statement_fails_only_the_transaction_at_fault(
    db: Database,
) -> None:
    async with db.transaction() as session:
        await write(session, ENTRY, {"text": "taken"})
    texts = ["a", "b", "taken", "c", "d"]
    with sent(db) as statements:
        results = await asyncio.gather(
            *(_alone(db, n, text) for n, text in enumerate(texts)), return_exceptions=True
        )
    # The shared statement was refused whole, then each went alone: only the one at fault fails.
    assert [isinstance(result, IntegrityError) for result in results] == [
        False,
        False,
        True,
        False,
        False,
    ]
    assert len(statements) == 1 + len(texts)
    assert sorted(await _entries(db)) == ["a", "b", "c", "d", "taken"]
    assert await _notes(db) == {n: {"n": n} for n in (0, 1, 3, 4)}


async def test_transactions_of_other_shapes_share_with_their_own_kind(db: Database) -> None:
    shapes = [None, "x", None, "y", "z", None]
    with sent(db) as statements:
        await asyncio.gather(*(_alone(db, n, text) for n, text in enumerate(shapes)))
    # Notes alone and notes with an entry: one statement for each kind.
    assert len(statements) == 2
    assert sorted(await _entries(db)) == ["x", "y", "z"]
    assert await _notes(db) == {n: {"n": n} for n in range(len(shapes))}


async def test_a_waiting_transaction_cancelled_is_still_committed_or_refused_whole(
    db: Database,
) -> None:
    first = asyncio.create_task(_alone(db, 1, "first"))
    second = asyncio.create_task(_alone(db, 2, "second"))
    await asyncio.sleep(0)  # both have handed over their writes
    second.cancel()
    await first
    with pytest.raises(asyncio.CancelledError):
        await second
    await db.alone.finished()  # the cancelled waiter's writes still go
    assert db.alone.transactions == 2
    assert sorted(await _entries(db)) == ["first", "second"]


async def test_transactions_too_many_for_one_statement_go_each_alone(db: Database) -> None:
    rows = MAX_ONE_STATEMENT_ROWS // 2 + 1  # two of them are over one statement's rows

    async def many(n: int) -> None:
        async with db.transaction() as session, deferred_writes(session, until_commit=True):
            for r in range(rows):
                await write(session, ENTRY, {"text": f"{n}-{r}"})

    with sent(db) as statements:
        await asyncio.gather(many(0), many(1))
    assert len(statements) == 2
    assert len(await _entries(db)) == 2 * rows


async def test_a_value_that_cannot_be_encoded_fails_only_its_own_transaction(db: Database) -> None:
    async def unencodable() -> None:
        async with db.transaction() as session, deferred_writes(session, until_commit=True):
            await write(session, NOTE, {"id": 99, "body": {"n": object()}})
            await write(session, ENTRY, {"text": "bad"})

    results = await asyncio.gather(
        _alone(db, 1, "a"), unencodable(), _alone(db, 2, "b"), return_exceptions=True
    )
    # Never sent, so nothing of the shared statement was written: each went again alone.
    assert [isinstance(result, Exception) for result in results] == [False, True, False]
    assert sorted(await _entries(db)) == ["a", "b"]
    assert await _notes(db) == {1: {"n": 1}, 2: {"n": 2}}


async def test_a_connection_lost_under_a_shared_statement_fails_each_with_its_own_error(
    database: tuple[Database, str], db: Database
) -> None:
    await _alone(db, 0, "before")  # the pool holds a connection to the server
    admin = await asyncpg.connect(admin_dsn(sa.make_url(database[1]).database or ""))
    try:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await admin.close()
    results = await asyncio.gather(
        *(_alone(db, n, f"lost{n}") for n in (1, 2, 3)), return_exceptions=True
    )
    # Whether it committed is unknown, so none is sent again: each fails, with an error of its
    # own (one raised in three tasks would carry the frames of all three).
    assert all(
        isinstance(result, DBAPIError) and result.connection_invalidated for result in results
    )
    assert len({id(result) for result in results}) == 3
    assert sorted(await _entries(db)) == ["before"]  # the pool connects afresh
