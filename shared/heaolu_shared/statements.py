"""``INSERT ... ON CONFLICT`` statements that are compiled once.

SQLAlchemy 2.0 does not cache PostgreSQL's ``insert`` construct (its ``ON CONFLICT`` clause has no
cache key), so a statement built with it is compiled anew on every execution: a third of a
millisecond of CPU per event or request on the paths every report takes. :func:`upsert` writes
the same statement as text once per shape, with typed parameters, from the mapped table's names.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa


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
