"""Keyset pagination: cursors, the page shape, and a list that never ends early."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from heaolu_shared.pagination import InvalidCursor, Keyset, Page, decode_cursor, encode_cursor

ID = uuid.UUID("00000000-0000-0000-0000-000000000001")
AT = datetime(2026, 12, 1, 10, tzinfo=UTC)


def raw(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_a_cursor_round_trips_its_types() -> None:
    key = (1, AT, date(2026, 1, 2), "role", ID, True)
    cursor = encode_cursor(key)
    assert decode_cursor(cursor, (int, datetime, date, str, uuid.UUID, bool)) == key


@pytest.mark.parametrize(
    "cursor",
    [
        raw([5, 6]),
        raw([None, str(ID)]),
        raw(["2026-12-01T10:00:00", str(ID)]),
        raw([AT.isoformat(), 7]),
        raw([AT.isoformat(), "not-a-uuid"]),
        raw({"a": 1}),
        raw([AT.isoformat()]),
        "%%%",
        raw([[1], str(ID)]),
    ],
)
def test_a_cursor_that_is_not_this_lists_is_a_400(cursor: str) -> None:
    with pytest.raises(InvalidCursor) as refused:
        decode_cursor(cursor, (datetime, uuid.UUID))
    assert refused.value.status == 400


def test_an_integer_is_not_taken_for_a_flag() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(raw([1, str(ID)]), (bool, uuid.UUID))
    with pytest.raises(InvalidCursor):
        decode_cursor(raw([True, str(ID)]), (int, uuid.UUID))


table = sa.table("t", sa.column("at"), sa.column("id"))
KEYSET: Keyset[tuple[int, int]] = Keyset(
    columns=(table.c.at, table.c.id), types=(int, int), key=lambda row: row
)


def test_a_page_asks_for_one_row_more_and_its_cursor_follows_the_last_row_shown() -> None:
    rows = [(1, 1), (1, 2), (2, 3)]
    shown, cursor = KEYSET.page(rows, 2)
    assert shown == [(1, 1), (1, 2)]
    assert cursor is not None and decode_cursor(cursor, (int, int)) == (1, 2)
    assert KEYSET.page(rows[:2], 2) == (rows[:2], None)
    query = KEYSET.apply(sa.select(table), cursor, 2)
    assert query._limit_clause is not None  # type: ignore[attr-defined]
    assert "LIMIT" in str(query)


def test_a_row_dropped_after_the_query_does_not_end_the_list() -> None:
    rows = [(1, 1), (1, 2), (2, 3)]
    shown, cursor = KEYSET.page(rows, 2, keep=lambda r: r[1] != 2)
    assert shown == [(1, 1)]
    assert cursor is not None and decode_cursor(cursor, (int, int)) == (1, 2)


def test_every_list_has_the_same_shape() -> None:
    assert Page[int](items=[1]).model_dump() == {"items": [1], "next_cursor": None}
