"""Optimistic concurrency over HTTP: ``ETag`` out, ``If-Match`` in (RFC 9110 §13.1.1)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from heaolu_shared.errors import PreconditionFailed, PreconditionRequired

IfMatch = Annotated[str | None, Header(alias="If-Match")]
"""The ``If-Match`` request header of an update."""


def etag(version: int) -> str:
    """The strong entity tag of a record version."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int:
    """The version an ``If-Match`` header names; 428 when absent, 412 when unusable."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "updates need an If-Match header with the record's ETag / muutmiseks on vaja If-Match"
        )
    value = if_match.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise PreconditionFailed("If-Match does not name a version of this record")
    return int(value)


def check_version(current: int, if_match: str | None) -> None:
    """412 unless ``If-Match`` names ``current``."""
    if expected_version(if_match) != current:
        raise PreconditionFailed(
            "the record was changed by someone else; reload it / kirjet on vahepeal muudetud"
        )


async def flush_versioned(session: AsyncSession) -> None:
    """Flush, turning a lost race on the version column into 412."""
    try:
        await session.flush()
    except StaleDataError:
        raise PreconditionFailed(
            "the record was changed by someone else; reload it / kirjet on vahepeal muudetud"
        ) from None
