"""Queries of the contacts table."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common.contacts import MunicipalContact, period_includes
from heaolu_shared.pagination import Keyset

ORDER: Keyset[MunicipalContact] = Keyset(
    (MunicipalContact.municipality, MunicipalContact.valid_from, MunicipalContact.id),
    (str, date, uuid.UUID),
    lambda c: (c.municipality, c.valid_from, c.id),
)


async def listing(
    session: AsyncSession,
    *,
    municipality: str | None,
    valid_on: date | None,
    cursor: str | None,
    limit: int,
) -> Sequence[MunicipalContact]:
    query = sa.select(MunicipalContact)
    if municipality is not None:
        query = query.where(MunicipalContact.municipality == municipality)
    if valid_on is not None:
        query = query.where(period_includes(valid_on))
    return (await session.scalars(ORDER.apply(query, cursor, limit))).all()
