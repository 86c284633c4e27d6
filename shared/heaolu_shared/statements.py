"""``INSERT`` statements compiled once; new records inserted without the unit of work; writes
whose results nobody reads sent together.

SQLAlchemy 2.0 does not cache PostgreSQL's ``insert`` construct (its ``ON CONFLICT`` clause has no
cache key), so a statement built with it is compiled anew on every execution: a third of a
millisecond of CPU per event or request on the paths every report takes. :func:`upsert` writes
the same statement as text once per shape, with typed parameters, from the mapped table's names.
:func:`insert_new` writes a new record with the table's plain insert.

Inside :func:`deferred_writes`, :func:`write` (and :func:`insert_new`, and the outbox's
``enqueue``) hold a statement back instead of sending it; when the block ends the held writes
go out with one ``executemany`` per statement, each a single round trip instead of one per row.
A batch of events that each upsert a fact, append a feed row and enqueue a message then costs
three round trips, not three per event.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

_DEFERRED = "statements.deferred"
"""Where a session holds its deferred writes while a :func:`deferred_writes` block is open."""

_UPSERT_TABLES: dict[int, str] = {}
"""The table each :func:`upsert` statement writes (text names no table SQLAlchemy could read)."""


@cache
def upsert(
    table: sa.Table,
    columns: tuple[str, ...],
    conflict: tuple[str, ...],
    *,
    update: tuple[str, ...] = (),
    returning: tuple[str, ...] = (),
) -> sa.TextClause | sa.TextualSelect:
    """``INSERT INTO table (columns) VALUES (:columns) ON CONFLICT (conflict)``, then ``DO UPDATE
    SET`` each of ``update`` to the new value (``DO NOTHING`` without any), returning
    ``returning`` (of the inserted or updated row; none when nothing was done).

    Identifiers come from the table, so only its own column names can appear; every value is a
    parameter named after its column.
    """
    for name in (*columns, *conflict, *update, *returning):
        if name not in table.c:
            raise KeyError(f"{table.name} has no column {name}")
    action = (
        "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in update)
        if update
        else "DO NOTHING"
    )
    names = ", ".join(f'"{c}"' for c in columns)
    values = ", ".join(f":{c}" for c in columns)
    target = ", ".join(f'"{c}"' for c in conflict)
    tail = " RETURNING " + ", ".join(f'"{c}"' for c in returning) if returning else ""
    statement = sa.text(
        f'INSERT INTO "{table.name}" ({names}) VALUES ({values}) '  # noqa: S608 (our identifiers)
        f"ON CONFLICT ({target}) {action}{tail}"
    ).bindparams(*(sa.bindparam(c, type_=table.c[c].type) for c in columns))
    if returning:
        return statement.columns(*(table.c[c] for c in returning))
    _UPSERT_TABLES[id(statement)] = table.name
    return statement


async def insert_new(session: AsyncSession, record: Any) -> None:
    """Insert a newly constructed mapped ``record`` with one Core ``INSERT``, without the unit of
    work (whose flush of one object costs more than the statement itself).

    The statement is the table's plain insert, which SQLAlchemy compiles once per set of columns.
    Every attribute the record was constructed with is written; a column left unset takes its
    Python default, which is set on the record too (a versioned record starts at version 1), or
    else the server's. Whatever the session holds unflushed is flushed first, so the new row's
    foreign keys find their rows. The record stays outside the session: later changes to it are
    not written.
    """
    if session.new or session.dirty or session.deleted:
        await flush_deferred(session)
        await session.flush()
    mapper = sa.inspect(type(record))
    values: dict[str, Any] = {}
    for attribute in mapper.column_attrs:
        column = attribute.columns[0]
        if attribute.key in record.__dict__:
            values[column.key] = record.__dict__[attribute.key]
        elif column.default is not None and (
            column.default.is_scalar or column.default.is_callable
        ):
            value = column.default.arg if column.default.is_scalar else column.default.arg(None)
            setattr(record, attribute.key, value)
            values[column.key] = value
    await write(session, _plain_insert(mapper.local_table), values)


@cache
def _plain_insert(table: sa.Table) -> sa.Insert:
    return sa.insert(table)


@dataclass
class _Group:
    """Held writes that go out as one execution: one statement, rows with the same keys."""

    statement: sa.Executable
    table: str
    keys: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


@asynccontextmanager
async def deferred_writes(session: AsyncSession) -> AsyncIterator[None]:
    """Within the block, :func:`write` holds statements back; at its end they are sent, one
    ``executemany`` per statement. On an exception they are dropped with the transaction.

    Only for writes whose outcome nothing in the block reads: whoever reads a table the block
    may have written calls :func:`flush_deferred` first. Writes of one table keep their order;
    a write may move ahead of writes of other tables, so the tables written in the block must
    not reference each other (no foreign keys between them). A nested block joins the outer one.
    """
    if _DEFERRED in session.info:
        yield
        return
    session.info[_DEFERRED] = []
    try:
        yield
        await flush_deferred(session)
    finally:
        session.info.pop(_DEFERRED, None)


async def write(session: AsyncSession, statement: sa.Executable, params: dict[str, Any]) -> None:
    """Execute an ``INSERT``, ``UPDATE``, ``DELETE`` or :func:`upsert` without a result: at once,
    or inside :func:`deferred_writes` when the block ends."""
    held: list[tuple[sa.Executable, dict[str, Any]]] | None = session.info.get(_DEFERRED)
    if held is None:
        await session.execute(statement, params)
    else:
        held.append((statement, params))


async def flush_deferred(session: AsyncSession) -> None:
    """Send the writes held so far (nothing outside :func:`deferred_writes`)."""
    held: list[tuple[sa.Executable, dict[str, Any]]] | None = session.info.get(_DEFERRED)
    if not held:
        return
    session.info[_DEFERRED] = []
    for group in _grouped(held):
        await session.execute(group.statement, group.rows if len(group.rows) > 1 else group.rows[0])


def _grouped(held: list[tuple[sa.Executable, dict[str, Any]]]) -> list[_Group]:
    """The held writes as executions in an order with the same effect: a write joins the last
    execution of its statement (and keys) when no later one touches its table."""
    groups: list[_Group] = []
    for statement, params in held:
        table, keys = _table_of(statement), tuple(params)
        for group in reversed(groups):
            if group.statement is statement and group.keys == keys:
                group.rows.append(params)
                break
            if group.table == table:
                groups.append(_Group(statement, table, keys, [params]))
                break
        else:
            groups.append(_Group(statement, table, keys, [params]))
    return groups


def _table_of(statement: sa.Executable) -> str:
    table = getattr(statement, "table", None)
    if isinstance(table, sa.Table):
        return table.name
    try:
        return _UPSERT_TABLES[id(statement)]
    except KeyError:
        raise TypeError("only inserts, updates, deletes and upserts can be written") from None
