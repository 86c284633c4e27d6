"""Queries of substitutions and counselling requests (the access context's own reads of them
are in ``common/repository.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from heaolu_casework.common.models import CounsellingRequest, Substitution
from heaolu_casework.common.repository import colleague
from heaolu_shared.pagination import Keyset
from heaolu_shared.repository import RepositoryBase


class SubstitutionRepository(RepositoryBase[Substitution]):
    model = Substitution

    async def named_page(
        self,
        municipality: str,
        subject: str | None,
        *,
        keyset: Keyset[Any],
        cursor: str | None,
        limit: int,
    ) -> Sequence[Any]:
        """Substitutions of the municipality (involving ``subject``, unless None), with the
        colleagues' usernames and names."""
        absent, absent_on = colleague(Substitution.absent)
        substitute, substitute_on = colleague(Substitution.substitute)
        query = (
            sa.select(
                Substitution,
                absent.c.username.label("absent_username"),
                absent.c.display_name.label("absent_name"),
                substitute.c.username.label("substitute_username"),
                substitute.c.display_name.label("substitute_name"),
            )
            .outerjoin(absent, absent_on)
            .outerjoin(substitute, substitute_on)
            .where(Substitution.municipality == municipality)
        )
        if subject is not None:
            query = query.where(
                sa.or_(Substitution.absent == subject, Substitution.substitute == subject)
            )
        return (await self.session.execute(keyset.apply(query, cursor, limit))).all()


class CounsellingRepository(RepositoryBase[CounsellingRequest]):
    model = CounsellingRequest

    async def listing(
        self,
        *,
        municipality: str | None,
        opened_by: str | None,
        open_only: bool,
        keyset: Keyset[CounsellingRequest],
        cursor: str | None,
        limit: int,
    ) -> tuple[list[CounsellingRequest], str | None]:
        """Counselling requests, oldest first: all (SKA's counselling service), a
        municipality's, or those one worker opened."""
        query = sa.select(CounsellingRequest)
        if municipality is not None:
            query = query.where(CounsellingRequest.municipality == municipality)
        if opened_by is not None:
            query = query.where(CounsellingRequest.opened_by == opened_by)
        if open_only:
            query = query.where(CounsellingRequest.closed_at.is_(None))
        return await self.page(query, keyset, cursor, limit)
