"""Optimistic concurrency over HTTP: ``ETag`` out, ``If-Match`` in (RFC 9110 §13.1.1).

``If-Match`` uses the strong comparison: a weak tag (``W/"3"``) never matches, and neither does
``*`` (an update must name the version it was made from).
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Header
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from heaolu_shared.errors import PreconditionFailed, PreconditionRequired
from heaolu_shared.messages import define

IF_MATCH_REQUIRED = define(
    "concurrency.if-match-required",
    et="Muutmiseks on vaja If-Match päist kirje ETag-iga",
    en="Updates need an If-Match header with the record's ETag",
    ru="Для изменения нужен заголовок If-Match с ETag записи",
)
IF_MATCH_UNUSABLE = define(
    "concurrency.if-match-unusable",
    et="If-Match ei nimeta selle kirje versiooni (nõutav on tugev ETag)",
    en="If-Match does not name a version of this record (a strong ETag is needed)",
    ru="If-Match не указывает версию этой записи (нужен сильный ETag)",
)
CHANGED_MEANWHILE = define(
    "concurrency.changed",
    et="Kirjet on vahepeal muudetud; laadige see uuesti",
    en="The record was changed by someone else; reload it",
    ru="Запись тем временем изменена; загрузите её заново",
)

IfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        max_length=256,
        description='The strong ETag of the version the update was made from, e.g. "3"',
    ),
]
"""The ``If-Match`` request header of an update."""

_STRONG_TAG = re.compile(r'^"([0-9]{1,18})"$')


def etag(version: int) -> str:
    """The strong entity tag of a record version."""
    return f'"{version}"'


def expected_versions(if_match: str | None) -> set[int]:
    """The versions the strong tags of an ``If-Match`` header name; 428 when absent, 412 when
    it names none (weak tags and ``*`` name none)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(IF_MATCH_REQUIRED)
    versions = {
        int(m.group(1))
        for part in if_match.split(",")
        if (m := _STRONG_TAG.match(part.strip())) is not None
    }
    if not versions:
        raise PreconditionFailed(IF_MATCH_UNUSABLE)
    return versions


def check_version(current: int, if_match: str | None) -> None:
    """412 unless ``If-Match`` names ``current`` with a strong tag."""
    if current not in expected_versions(if_match):
        raise PreconditionFailed(CHANGED_MEANWHILE)


async def flush_versioned(session: AsyncSession) -> None:
    """Flush, turning a lost race on the version column into 412."""
    try:
        await session.flush()
    except StaleDataError:
        raise PreconditionFailed(CHANGED_MEANWHILE) from None
