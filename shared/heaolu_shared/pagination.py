"""Keyset pagination: one page shape and one mechanism for every list.

A list is ordered by a unique sort key (its last column is the row's id). A page asks the
database for one row more than it shows: when that row exists there is a next page, and the
cursor carries the sort key of the last row shown, so the next page starts right after it. A
list never ends early because a page came out short, and never caps silently.

Access belongs in the query: a list narrows its SQL to the rows the caller may see. Should a
service still drop a row after the query, the cursor is taken from the last row *fetched*, so a
dropped row does not end the list either (:meth:`Keyset.page`).
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel

from heaolu_shared.errors import DomainError
from heaolu_shared.messages import define

INVALID_CURSOR = define(
    "pagination.invalid-cursor",
    et="Kursor on vigane; alustage loendit algusest",
    en="The cursor is not valid; start the list from the beginning",
    ru="Курсор недействителен; начните список сначала",
)

MAX_CURSOR_LENGTH = 1024

T = TypeVar("T")
R = TypeVar("R")

MAX_PAGE = 200
DEFAULT_PAGE = 50


class InvalidCursor(DomainError):
    status, slug = 400, "invalid-cursor"


class Page(BaseModel, Generic[T]):
    """One page of a list: its items and the cursor of the next page (none on the last)."""

    items: list[T]
    next_cursor: str | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool | int):
        return value
    return str(value)


def encode_cursor(values: tuple[Any, ...]) -> str:
    """An opaque cursor for the sort key of the last row of a page."""
    raw = json.dumps([_plain(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _typed(value: Any, kind: type) -> Any:
    """``value`` as ``kind``; ValueError when the cursor holds something else.

    A cursor is the caller's input: a number where a UUID belongs, a naive time, or a time or
    number past what the database holds must not reach the query.
    """
    if kind is bool or kind is int:
        if type(value) is not kind:
            raise ValueError("wrong type")
        if kind is int and not -(2**63) <= value < 2**63:
            raise ValueError("out of range")
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("wrong type")
    if kind is datetime:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("a time in a cursor carries its offset")
        # Converting to UTC overflows at the calendar's ends, which no row holds anyway.
        if not 1 < parsed.year < 9999:
            raise ValueError("out of range")
        return parsed
    if kind is date:
        return date.fromisoformat(value)
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is str:
        return value
    raise ValueError("unsupported cursor type")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key a cursor carries, typed; 400 when it was not made by :func:`encode_cursor`
    for this list (also when it decodes but holds values of the wrong type)."""
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(types):
            raise ValueError("wrong shape")
        return tuple(_typed(v, t) for v, t in zip(raw, types, strict=True))
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError, binascii.Error):
        raise InvalidCursor(INVALID_CURSOR) from None


@dataclass(frozen=True)
class Keyset(Generic[R]):
    """The sort key of one list: its columns (unique together, the id last), their types in a
    cursor, and how to read the key off a fetched row."""

    columns: tuple[Any, ...]
    types: tuple[type, ...]
    key: Callable[[R], tuple[Any, ...]]
    descending: bool = False

    def decode(self, cursor: str | None) -> tuple[Any, ...] | None:
        """The sort key after which the page starts; None for the first page."""
        return decode_cursor(cursor, self.types) if cursor else None

    def after(self, values: tuple[Any, ...]) -> sa.ColumnElement[bool]:
        """Rows strictly after ``values`` in this order."""
        left = sa.tuple_(*self.columns)
        right = sa.tuple_(*(sa.literal(v) for v in values))
        return left < right if self.descending else left > right

    def apply(self, query: sa.Select[Any], cursor: str | None, limit: int) -> sa.Select[Any]:
        """``query`` narrowed to the rows after ``cursor``, ordered, one more than ``limit``."""
        after = self.decode(cursor)
        if after is not None:
            query = query.where(self.after(after))
        order = [c.desc() if self.descending else c.asc() for c in self.columns]
        return query.order_by(*order).limit(limit + 1)

    def page(
        self,
        fetched: Sequence[R],
        limit: int,
        keep: Callable[[R], bool] | None = None,
    ) -> tuple[list[R], str | None]:
        """The rows to show and the next page's cursor, from rows fetched by :meth:`apply`.

        ``keep`` may drop rows after the query (a second check of access); the cursor still
        follows the last row fetched, so a dropped row never ends the list early."""
        shown = list(fetched[:limit])
        more = len(fetched) > limit
        next_cursor = encode_cursor(self.key(shown[-1])) if more and shown else None
        if keep is not None:
            shown = [row for row in shown if keep(row)]
        return shown, next_cursor
