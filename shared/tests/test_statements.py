"""The compiled-once upserts: the statement written, its typed parameters, and refusals."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from heaolu_shared.statements import _grouped, upsert

metadata = sa.MetaData()
thing = sa.Table(
    "thing",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("code", sa.String(8), unique=True),
    sa.Column("count", sa.Integer),
)


def _sql(statement: sa.TextClause | sa.TextualSelect) -> str:
    return " ".join(str(statement.compile(dialect=postgresql.dialect())).split())


def test_do_nothing_returning_the_new_rows_key() -> None:
    statement = upsert(thing, ("id", "code"), ("code",), returning=("id",))
    assert _sql(statement) == (
        'INSERT INTO "thing" ("id", "code") VALUES (%(id)s::UUID, %(code)s) '
        'ON CONFLICT ("code") DO NOTHING RETURNING "id"'
    )
    assert isinstance(statement, sa.TextualSelect)
    assert statement.selected_columns["id"].type.python_type is uuid.UUID


def test_do_update_sets_each_changed_column_to_the_new_value() -> None:
    statement = upsert(thing, ("id", "count"), ("id",), update=("count",))
    assert _sql(statement).endswith('ON CONFLICT ("id") DO UPDATE SET "count" = excluded."count"')


def test_one_statement_per_shape() -> None:
    assert upsert(thing, ("id",), ("id",)) is upsert(thing, ("id",), ("id",))
    assert upsert(thing, ("id",), ("id",)) is not upsert(thing, ("id", "code"), ("id",))


def test_a_name_that_is_not_a_column_is_refused() -> None:
    with pytest.raises(KeyError):
        upsert(thing, ("id", "code; DROP TABLE thing"), ("id",))


def test_held_writes_join_their_statement_only_past_writes_of_other_tables() -> None:
    other = sa.Table("other", metadata, sa.Column("id", sa.Integer, primary_key=True))
    put = upsert(thing, ("id", "count"), ("id",), update=("count",))
    bump = sa.update(thing).values(count=0)
    add = sa.insert(other)
    held: list[tuple[sa.Executable, dict[str, object]]] = [
        (put, {"id": 1, "count": 1}),
        (add, {"id": 1}),
        (put, {"id": 2, "count": 2}),  # joins the first: only `other` lies between
        (bump, {}),
        (put, {"id": 3, "count": 3}),  # may not pass the update of its own table
        (add, {"id": 2}),  # joins the first insert: nothing between touches `other`
        (add, {}),  # other keys: an execution of its own
    ]
    groups = _grouped(held)
    assert [(g.statement, g.rows) for g in groups] == [
        (put, [{"id": 1, "count": 1}, {"id": 2, "count": 2}]),
        (add, [{"id": 1}, {"id": 2}]),
        (bump, [{}]),
        (put, [{"id": 3, "count": 3}]),
        (add, [{}]),
    ]


def test_only_writes_of_a_known_table_can_be_held() -> None:
    with pytest.raises(TypeError):
        _grouped([(sa.text("SELECT 1"), {})])
