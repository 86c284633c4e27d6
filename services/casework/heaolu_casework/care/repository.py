"""Queries of substitute care: the register and its occupancy, a child's care."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.care.models import CareProvider
from heaolu_casework.common.enums import PlacementStatus
from heaolu_casework.common.models import Case, Placement
from heaolu_shared.pagination import Keyset


class PlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def provider(self, code: str, *, lock: bool = False) -> CareProvider | None:
        """The register's provider; ``lock`` takes the provider's transaction lock first, so
        that two placements cannot both take the last place."""
        if lock:
            await self.session.execute(
                sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"placement:{code}")))
            )
        return await self.session.get(CareProvider, code)

    async def add_provider(self, provider: CareProvider) -> CareProvider:
        self.session.add(provider)
        await self.session.flush()
        return provider

    async def providers_page(
        self,
        *,
        municipality: str | None,
        form: str | None,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Providers of the register with the children each cares for now."""
        in_care = (
            sa.select(sa.func.count())
            .select_from(Placement)
            .where(
                Placement.provider_code == CareProvider.code,
                Placement.status == PlacementStatus.ACTIVE,
            )
            .scalar_subquery()
        )
        query = sa.select(CareProvider, in_care.label("in_care"))
        if municipality is not None:
            query = query.where(CareProvider.municipality == municipality)
        if form is not None:
            query = query.where(CareProvider.form == form)
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()

    async def children_in_care(self, provider_code: str) -> int:
        """Active placements at the provider (take :meth:`provider` with ``lock`` first)."""
        return int(
            await self.session.scalar(
                sa.select(sa.func.count())
                .select_from(Placement)
                .where(
                    Placement.provider_code == provider_code,
                    Placement.status == PlacementStatus.ACTIVE,
                )
            )
            or 0
        )

    async def active_of_child(
        self, child_id: uuid.UUID, child_pseudonym: str | None
    ) -> Placement | None:
        """The child's active placement, also under another municipality's person record of the
        same personal code."""
        same_child = Placement.child_id == child_id
        if child_pseudonym is not None:
            same_child = sa.or_(
                same_child,
                Placement.case_id.in_(
                    sa.select(Case.id).where(Case.subject_pseudonym == child_pseudonym)
                ),
            )
        placement: Placement | None = await self.session.scalar(
            sa.select(Placement)
            .where(Placement.status == PlacementStatus.ACTIVE, same_child)
            .limit(1)
        )
        return placement
