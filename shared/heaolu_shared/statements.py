"""``INSERT`` statements compiled once; new records inserted without the unit of work.

SQLAlchemy 2.0 does not cache PostgreSQL's ``insert`` construct (its ``ON CONFLICT`` clause has no
cache key), so a statement built with it is compiled anew on every execution: a third of a
millisecond of CPU per event or request on the paths every report takes. :func:`upsert` writes
the same statement as text once per shape, with typed parameters, from the mapped table's names.
:func:`insert_new` writes a new record with the table's plain insert.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession


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
    await session.execute(_plain_insert(mapper.local_table), values)


@cache
def _plain_insert(table: sa.Table) -> sa.Insert:
    return sa.insert(table)
