"""Queries of the SKA feed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import CaseFact, ReportFact
from heaolu_reporting.feed.models import FeedEvent
from heaolu_shared.statements import flush_deferred, insert_new

FEED_LOCK = 0x534B_4146_4545_44
"""Advisory lock serialising feed inserts, so a row's sequence number follows commit order and a
reader's cursor never skips a row that committed late (ADR 0002 explains the gap)."""


_LOCK = sa.select(sa.func.pg_advisory_xact_lock(FEED_LOCK))
_LOCKED = "feed.locked"
"""Where a session remembers the transaction that holds the feed lock."""


class FeedRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, event_id: uuid.UUID, event: dict[str, Any]) -> None:
        """Append a feed row; the lock is taken once per transaction (a batch of events shares
        it) and the row goes in with one INSERT, without the unit of work (:func:`insert_new`)."""
        held = self.session.info.get(_LOCKED)
        if held is None or held is not self._transaction():
            await self.session.execute(_LOCK)
            # A savepoint rolled back releases what it locked: the innermost one is remembered.
            self.session.info[_LOCKED] = self._transaction()
        await insert_new(self.session, FeedEvent(event_id=event_id, event=event))

    def _transaction(self) -> object:
        sync = self.session.sync_session
        return sync.get_nested_transaction() or sync.get_transaction()

    async def page(self, after: int, limit: int) -> Sequence[FeedEvent]:
        return (
            await self.session.scalars(
                sa.select(FeedEvent)
                .where(FeedEvent.seq > after)
                .order_by(FeedEvent.seq)
                .limit(limit)
            )
        ).all()

    async def report(self, report_id: uuid.UUID) -> ReportFact | None:
        await flush_deferred(self.session)  # the fact may be among the batch's held writes
        return await self.session.get(ReportFact, report_id)

    async def case(self, case_id: uuid.UUID) -> CaseFact | None:
        await flush_deferred(self.session)
        return await self.session.get(CaseFact, case_id)
