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

A block opened with ``until_commit=True`` holds its writes until the transaction commits
(:func:`send_held`, called by :meth:`heaolu_shared.db.Database.transaction`). When nothing else
reached the database in that transaction, and the writes are plain inserts into distinct tables,
they go out as one statement in autocommit (the first inserts as data-modifying ``WITH`` clauses
of the last): one round trip instead of ``BEGIN``, one per table and ``COMMIT``. One statement
is atomic on its own, so the transaction's all-or-nothing holds. Transactions committing at the
same moment share that statement (:class:`SharedStatements`): under load, one round trip and one
commit on the server carry the reports of many requests.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

_DEFERRED = "statements.deferred"
"""Where a session holds its deferred writes while a :func:`deferred_writes` block is open."""

_UNTIL_COMMIT = "statements.until_commit"
"""Set in ``session.info`` while its held writes wait for the commit."""

_CONNECTED = "statements.connected"
"""Set in ``session.info`` once the session's transaction has reached the database."""

MAX_ONE_STATEMENT_ROWS = 100
"""Most rows of one table sent in the one autocommit statement; more go by ``executemany`` in a
transaction (each row count is a statement of its own to compile and prepare)."""

_MAX_PARAMETERS = 32_767
"""PostgreSQL's wire protocol numbers parameters with 16 bits (asyncpg stops at this many)."""

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
    await write(session, plain_insert(mapper.local_table), values)


@cache
def plain_insert(table: sa.Table) -> sa.Insert:
    """The table's plain ``INSERT`` (values as parameters), one object per table: the form a held
    write must take to join the one autocommit statement of :func:`send_held`."""
    return sa.insert(table)


@dataclass
class _Group:
    """Held writes that go out as one execution: one statement, rows with the same keys."""

    statement: sa.Executable
    table: str
    keys: tuple[str, ...]
    rows: list[dict[str, Any]] = field(default_factory=list)


@asynccontextmanager
async def deferred_writes(
    session: AsyncSession, *, until_commit: bool = False
) -> AsyncIterator[None]:
    """Within the block, :func:`write` holds statements back; at its end they are sent, one
    ``executemany`` per statement. On an exception they are dropped with the transaction.

    With ``until_commit`` they are held past the block's end, with every later write of the
    transaction, until the commit (:func:`send_held`): for the last writes of a request.

    Only for writes whose outcome nothing in the block (or, with ``until_commit``, the rest of the
    transaction) reads: whoever reads a table the block may have written calls
    :func:`flush_deferred` first. Writes of one table keep their order; a write may move ahead of
    writes of other tables, so the tables written must not reference each other (no foreign keys
    between them). A nested block joins the outer one.
    """
    if _DEFERRED in session.info:
        yield
        return
    session.info[_DEFERRED] = []
    if until_commit:
        if not session.in_transaction():
            session.sync_session.begin()  # the writes belong to a transaction that can end
        session.info[_UNTIL_COMMIT] = True
        try:
            yield
        except BaseException:
            _drop_held(session.info)
            raise
        return
    try:
        yield
        await flush_deferred(session)
    finally:
        session.info.pop(_DEFERRED, None)


def _drop_held(info: dict[Any, Any]) -> None:
    """Forget what an ``until_commit`` block holds (its transaction ends or fails)."""
    if info.pop(_UNTIL_COMMIT, False):
        info.pop(_DEFERRED, None)


def _send(session: Session) -> None:
    """Send the writes held so far, one execution per statement, in the session's transaction."""
    held: list[tuple[sa.Executable, dict[str, Any]]] | None = session.info.get(_DEFERRED)
    if not held:
        return
    session.info[_DEFERRED] = []
    for group in _grouped(held):
        session.execute(group.statement, group.rows if len(group.rows) > 1 else group.rows[0])


def _send_in_transaction(session: Session) -> None:
    """Send what an ``until_commit`` block holds, inside the session's transaction."""
    if session.info.get(_UNTIL_COMMIT):
        _send(session)


# Held writes are never read stale nor lost, whoever runs the session: any other statement of
# the session, and its commit, send them first (in the transaction); the session notes when its
# transaction first reaches the database, which decides whether :func:`send_held` may go alone.
@event.listens_for(Session, "do_orm_execute")
def _before_statement(state: ORMExecuteState) -> None:
    _send_in_transaction(state.session)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    _send_in_transaction(session)


@event.listens_for(Session, "after_begin")
def _connected(session: Session, transaction: SessionTransaction, connection: Any) -> None:
    session.info[_CONNECTED] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_CONNECTED, None)
        _drop_held(session.info)


async def send_held(session: AsyncSession, alone: SharedStatements) -> None:
    """Send the writes an ``until_commit`` block held, just before the transaction commits.

    When the transaction has not reached the database and holds no unflushed records, and the
    writes are plain inserts (:func:`plain_insert`) into distinct tables that need no defaults
    computed in Python, they go as one statement in autocommit through ``alone``, with those of
    other transactions committing at the same moment (:class:`SharedStatements`); the
    transaction then has nothing to commit. Otherwise the commit sends them inside the
    transaction, one execution per statement as at the end of a block.
    """
    held: list[tuple[sa.Executable, dict[str, Any]]] = session.info.get(_DEFERRED) or []
    if not (held and session.info.get(_UNTIL_COMMIT)):
        return
    if session.info.get(_CONNECTED) or session.new or session.dirty or session.deleted:
        return  # the commit's ``before_commit`` sends them in the transaction
    groups = _grouped(held)
    if _shape(groups) is None:
        return
    _drop_held(session.info)
    await alone.send(groups)


MAX_SHARED = 32
"""Most transactions whose writes one shared statement carries (:class:`SharedStatements`)."""


_Columns = tuple[tuple[str, tuple[str, ...]], ...]
"""Tables and column keys a transaction's held writes insert into, in order."""


@dataclass
class _Waiting:
    groups: list[_Group]
    sent: asyncio.Future[None]

    @property
    def columns(self) -> _Columns:
        """Transactions that write the same tables and columns can share a statement."""
        return tuple((group.table, group.keys) for group in self.groups)


class _NotOneStatement(Exception):
    """Held writes over one statement's limits (rows per table, parameters)."""


class SharedStatements:
    """The one autocommit statement of every transaction that goes alone (:func:`send_held`),
    shared by the transactions that commit at the same moment.

    A transaction hands over its writes and waits. When no statement is on its way, they go
    after one pass of the event loop, with those of every transaction that reached its commit in
    that pass; otherwise they wait for the statement on its way, and every transaction that
    arrived meanwhile (at most ``most``) goes in the next one. Transactions that write the same
    tables and columns share one statement: ``INSERT``s of many rows, one round trip, one commit
    on the server. Nothing waits for time: a lone transaction goes at once, and under load a
    statement carries what one round trip and one pass of the loop let gather.

    One statement is all or nothing. When PostgreSQL refuses a shared one (a key taken, a value
    out of range), or one transaction's value cannot be encoded so that it is never sent,
    nothing of it was written, and each transaction's writes are sent again alone, so that only
    the one at fault fails, with its own error. When the connection fails (the statement may or
    may not have committed), every transaction in it fails with that error, as it would have
    alone, each waiting task raising a copy of its own: nothing is sent twice.

    A transaction whose writes were handed over is committed or failed by this object even if
    the task waiting for it is cancelled (the waiting ends; the writes keep their place).
    """

    def __init__(self, autocommit: AsyncEngine, *, most: int = MAX_SHARED) -> None:
        self._autocommit = autocommit
        self._most = most
        self._waiting: list[_Waiting] = []
        self._sender: asyncio.Task[None] | None = None
        self.statements = 0
        """Statements sent so far (shared, or alone after a refusal)."""
        self.transactions = 0
        """Transactions whose writes were committed so far."""

    async def send(self, groups: list[_Group]) -> None:
        """Send one transaction's held writes (as ``groups``, which make one statement) in
        autocommit; return once they are committed, or raise what refused them."""
        sent = asyncio.get_running_loop().create_future()
        self._waiting.append(_Waiting(groups, sent))
        if self._sender is None or self._sender.done():  # (done: its loop was stopped)
            self._sender = asyncio.create_task(self._send_waiting())
        await sent

    async def finished(self) -> None:
        """Wait until every transaction's writes handed over so far are sent (or refused)."""
        while self._sender is not None and not self._sender.done():
            await asyncio.wait({self._sender})

    async def _send_waiting(self) -> None:
        batch: list[_Waiting] = []
        try:
            while self._waiting:
                # One pass of the loop first: the transactions ready to commit join this one.
                await asyncio.sleep(0)
                batch, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
                await self._send_batch(batch)
        except BaseException as error:  # cancelled with the loop: nobody waits for ever
            _settle_each(batch + self._waiting, error)
            self._waiting = []
            raise
        finally:
            self._sender = None

    async def _send_batch(self, batch: list[_Waiting]) -> None:
        alike: dict[_Columns, list[_Waiting]] = {}
        for waiting in batch:
            alike.setdefault(waiting.columns, []).append(waiting)
        for members in alike.values():
            await self._send_shared(members)

    async def _send_shared(self, members: list[_Waiting]) -> None:
        """Send transactions that write the same columns: as one statement, or each alone."""
        if len(members) > 1:
            merged: list[_Group] = []
            for parts in zip(*(waiting.groups for waiting in members), strict=True):
                rows = [row for part in parts for row in part.rows]
                merged.append(_Group(parts[0].statement, parts[0].table, parts[0].keys, rows))
            error = await self._execute(merged, len(members))
            if error is None or not _unwritten(error):
                # Committed, or failed not knowing whether it committed: every member alike.
                _settle_each(members, error)
                return
            # Refused or never sent, so nothing of it was written: each alone.
        for waiting in members:
            _settle(waiting, await self._execute(waiting.groups, 1))

    async def _execute(self, groups: list[_Group], transactions: int) -> Exception | None:
        """Send ``groups`` as one statement: None once committed, else what failed."""
        one = _one_statement(groups)
        if one is None:
            return _NotOneStatement()
        statement, params = one
        self.statements += 1
        try:
            async with self._autocommit.connect() as connection:
                await connection.execute(statement, params)
        except Exception as error:
            return error
        self.transactions += transactions
        return None


def _unwritten(error: Exception) -> bool:
    """Whether a statement that failed with ``error`` certainly wrote nothing: PostgreSQL
    refused it on a connection still sound, or it was never sent (over one statement's limits,
    or SQLAlchemy could not process a value), as opposed to a connection lost under it or an
    error of unknown origin."""
    if isinstance(error, sa.exc.DBAPIError):  # (a StatementError from the driver)
        return not error.connection_invalidated
    return isinstance(error, _NotOneStatement | sa.exc.StatementError)


def _settle(waiting: _Waiting, error: BaseException | None) -> None:
    if waiting.sent.done():
        return
    if error is None:
        waiting.sent.set_result(None)
    else:
        waiting.sent.set_exception(error)


def _settle_each(members: list[_Waiting], error: BaseException | None) -> None:
    """Settle transactions that one outcome decided; when it is an error, each waiting task
    raises a copy of its own, so that no task's traceback collects another task's frames."""
    for waiting in members:
        _settle(waiting, error if error is None or len(members) == 1 else _own_copy(error))


def _own_copy(error: BaseException) -> BaseException:
    """A copy of ``error`` with its cause and the traceback of where it was raised (the error
    itself when it cannot be copied)."""
    try:
        copied = copy.copy(error)
    except Exception:
        return error
    if type(copied) is not type(error):
        return error
    copied.__cause__, copied.__context__ = error.__cause__, error.__context__
    copied.__suppress_context__ = error.__suppress_context__
    return copied.with_traceback(error.__traceback__)


Shape = tuple[tuple[sa.Table, tuple[str, ...], int], ...]
"""What one statement of held writes inserts: per table, its column keys and its row count."""


def _shape(groups: list[_Group]) -> Shape | None:
    """The groups' shape, or None when they cannot be one statement."""
    shape: list[tuple[sa.Table, tuple[str, ...], int]] = []
    for group in groups:
        statement = group.statement
        if not isinstance(statement, sa.Insert) or not isinstance(statement.table, sa.Table):
            return None
        table = statement.table
        if statement is not plain_insert(table) or len(group.rows) > MAX_ONE_STATEMENT_ROWS:
            return None
        if table.schema is not None:
            return None  # the text names tables without a schema
        if any(c.default is not None for c in table.c if c.key not in group.keys):
            return None  # SQLAlchemy would compute these defaults; the text cannot
        shape.append((table, group.keys, len(group.rows)))
    if len({table for table, _, _ in shape}) < len(shape):
        return None  # two executions into one table must stay in their order
    if sum(len(keys) * rows for _, keys, rows in shape) > _MAX_PARAMETERS:
        return None
    return tuple(shape)


def _one_statement(groups: list[_Group]) -> tuple[sa.TextClause, dict[str, Any]] | None:
    """The groups as one statement and its parameters, or None when they cannot be one."""
    shape = _shape(groups)
    if shape is None:
        return None
    # A group's rows all have its keys, in its order (:func:`_grouped`).
    values = (value for group in groups for row in group.rows for value in row.values())
    return combined_insert(shape), dict(zip(_parameter_names(shape), values, strict=True))


@lru_cache(maxsize=256)
def _parameter_names(shape: Shape) -> tuple[str, ...]:
    """The parameters of :func:`combined_insert`'s statement for ``shape``, in row order."""
    return tuple(
        f"w{g}_{r}_{key}"
        for g, (_, keys, rows) in enumerate(shape)
        for r in range(rows)
        for key in keys
    )


@lru_cache(maxsize=256)
def combined_insert(shape: Shape) -> sa.TextClause:
    """One statement inserting, per ``(table, column keys, rows)`` of ``shape``, that many rows
    with parameters ``w<table's place>_<row>_<key>``: every insert but the last as a
    data-modifying ``WITH`` clause of the last. Text, not ``insert().values([...]).cte()``, which
    SQLAlchemy cannot cache and would compile on every execution.

    Identifiers come from the tables, so only their own names appear; every value is a typed
    parameter.
    """
    inserts: list[str] = []
    binds: list[sa.BindParameter[Any]] = []
    for g, (table, keys, rows) in enumerate(shape):
        columns = [table.c[key] for key in keys]
        names = ", ".join(f'"{column.name}"' for column in columns)
        values = ", ".join(
            "(" + ", ".join(f":w{g}_{r}_{key}" for key in keys) + ")" for r in range(rows)
        )
        inserts.append(f'INSERT INTO "{table.name}" ({names}) VALUES {values}')  # noqa: S608
        binds += [
            sa.bindparam(f"w{g}_{r}_{column.key}", type_=column.type)
            for r in range(rows)
            for column in columns
        ]
    ctes = ", ".join(f"w{g} AS ({sql})" for g, sql in enumerate(inserts[:-1]))
    return sa.text((f"WITH {ctes} " if ctes else "") + inserts[-1]).bindparams(*binds)


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
    if session.info.get(_DEFERRED):
        await session.run_sync(_send)


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
