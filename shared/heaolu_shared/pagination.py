"""Opaque cursors for keyset pagination."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any

from heaolu_shared.errors import DomainError


class InvalidCursor(DomainError):
    status, slug, title = 400, "invalid-cursor", "Invalid cursor / Vigane kursor"


def encode_cursor(values: tuple[Any, ...]) -> str:
    """An opaque cursor for the sort key of the last row of a page."""
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else str(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, types: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key a cursor carries, typed; 400 when it was not made by :func:`encode_cursor`."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(types):
            raise ValueError("wrong shape")
        return tuple(
            datetime.fromisoformat(v) if t is datetime else uuid.UUID(v) if t is uuid.UUID else t(v)
            for v, t in zip(raw, types, strict=True)
        )
    except (ValueError, TypeError, UnicodeDecodeError):
        raise InvalidCursor("the cursor is not valid / kursor on vigane") from None
