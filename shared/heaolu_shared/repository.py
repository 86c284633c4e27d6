"""The base of a feature's repository: get, get for update, add, and a keyset page.

A feature's ``repository.py`` subclasses it for the table it owns and adds its own queries::

    class ReportRepository(RepositoryBase[Report]):
        model = Report

        async def by_receipt(self, number: str) -> Report | None: ...

    reports = ReportRepository(session)
    report = await reports.get_for_update(report_id)       # SELECT ... FOR UPDATE
    rows, next_cursor = await reports.page(query, NEWEST_FIRST, cursor, limit)

Every query of a feature lives in its repository; service code flushes, the edge commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.pagination import Keyset

M = TypeVar("M")


class RepositoryBase(Generic[M]):
    """Queries of one mapped class ``model`` in the caller's session."""

    model: ClassVar[type[Any]]

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, record_id: uuid.UUID) -> M | None:
        record: M | None = await self.session.get(self.model, record_id)
        return record

    async def get_for_update(self, record_id: uuid.UUID) -> M | None:
        """The row locked until the transaction ends (``SELECT … FOR UPDATE``)."""
        record: M | None = await self.session.get(
            self.model, record_id, with_for_update=True, populate_existing=True
        )
        return record

    async def add(self, record: M) -> M:
        """Add and flush (so constraints answer now, inside the caller's transaction)."""
        self.session.add(record)
        await self.session.flush()
        return record

    async def fetch(self, query: sa.Select[Any]) -> Sequence[M]:
        rows: Sequence[M] = (await self.session.scalars(query)).all()
        return rows

    async def page(
        self, query: sa.Select[Any], order: Keyset[M], cursor: str | None, limit: int
    ) -> tuple[list[M], str | None]:
        """One page of ``query`` in ``order`` after ``cursor`` (400 for a cursor not made by
        this list) and the next page's cursor (none on the last page)."""
        fetched = await self.fetch(order.apply(query, cursor, limit))
        return order.page(fetched, limit)
