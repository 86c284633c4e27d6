"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from datetime import datetime
from typing import Any

from heaolu_shared.errors import DomainError
from heaolu_shared.messages import define

INVALID_CURSOR = define(
    "pagination.invalid-cursor",
    et="Kursor on vigane; alustage loendit algusest",
    en="The cursor is not valid; start the list from the beginning",
    ru="Курсор недействителен; начните список сначала",
)

MAX_CURSOR_LENGTH = 1024


class InvalidCursor(DomainError):
    status, slug = 400, "invalid-cursor"


def encode_cursor(values: tuple[Any, ...]) -> str:
    """An opaque cursor for the sort key of the last row of a page."""
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else str(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _typed(value: Any, kind: type) -> Any:
    # encode_cursor writes every value as a string; anything else was not made here.
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError("not a string")
    if kind is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("no time zone")
        # Converting to UTC overflows for the extreme years the database cannot hold anyway.
        if not 1 < moment.year < 9999:
            raise ValueError("out of range")
        return moment
    if kind is uuid.UUID:
        return uuid.UUID(value)
    if kind is int:
        number = int(value)
        if not -(2**63) <= number < 2**63:
            raise ValueError("out of range")
        return number
    if kind is bool:
        if value not in ("True", "False"):
            raise ValueError("not a boolean")
        return value == "True"
    return kind(value)


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key a cursor carries, typed; 400 when it was not made by :func:`encode_cursor`.

    Every value must be a string of the expected type (a cursor is the caller's input: a
    number where a UUID belongs, a naive or overflowing time must not reach the query).
    """
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(types):
            raise ValueError("wrong shape")
        return tuple(_typed(v, t) for v, t in zip(raw, types, strict=True))
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError, binascii.Error):
        raise InvalidCursor(INVALID_CURSOR) from None
