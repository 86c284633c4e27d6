"""Queries of designations."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.models import Designation


class DesignationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, designation_id: uuid.UUID) -> Designation | None:
        return await self.session.get(Designation, designation_id, with_for_update=True)

    async def of_municipality(self, municipality: str) -> Sequence[Designation]:
        return (
            await self.session.scalars(
                sa.select(Designation)
                .where(Designation.municipality == municipality)
                .order_by(Designation.starts_on.desc(), Designation.id)
                .limit(200)
            )
        ).all()

    async def add(self, designation: Designation) -> Designation:
        self.session.add(designation)
        await self.session.flush()
        return designation
