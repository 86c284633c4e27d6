"""Queries of the contacts table."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.contacts.models import MunicipalContact


def _valid_on(day: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        MunicipalContact.valid_from <= day,
        sa.or_(MunicipalContact.valid_to.is_(None), MunicipalContact.valid_to >= day),
    )


async def listing(
    session: AsyncSession, *, municipality: str | None, valid_on: date | None, limit: int
) -> Sequence[MunicipalContact]:
    query = sa.select(MunicipalContact)
    if municipality is not None:
        query = query.where(MunicipalContact.municipality == municipality)
    if valid_on is not None:
        query = query.where(_valid_on(valid_on))
    query = query.order_by(
        MunicipalContact.municipality, MunicipalContact.valid_from.desc(), MunicipalContact.id
    ).limit(limit)
    return (await session.scalars(query)).all()


async def valid_contact(
    session: AsyncSession, municipality: str, day: date
) -> MunicipalContact | None:
    """The municipality's contact valid on ``day`` (the most recently started one)."""
    return (
        await session.scalars(
            sa.select(MunicipalContact)
            .where(MunicipalContact.municipality == municipality, _valid_on(day))
            .order_by(MunicipalContact.valid_from.desc())
            .limit(1)
        )
    ).first()
