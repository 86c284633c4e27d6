"""The feed lock: taken once per transaction, again in the next one on the same session."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.feed.models import FeedEvent
from heaolu_reporting.feed.repository import FEED_LOCK, FeedRepository
from heaolu_shared.db import Database

pytestmark = pytest.mark.integration

# pg_locks shows a bigint advisory key as its high and low 32 bits.
HIGH, LOW = FEED_LOCK >> 32, FEED_LOCK & 0xFFFF_FFFF


async def _holds_feed_lock(session: AsyncSession) -> bool:
    held = await session.scalar(
        sa.text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid() AND classid = :high AND objid = :low"
        ),
        {"high": HIGH, "low": LOW},
    )
    return bool(held)


async def test_every_transaction_of_a_session_holds_the_lock_while_it_appends(db: Database) -> None:
    ids = [uuid.uuid4() for _ in range(3)]
    async with db.sessionmaker() as session:
        repo = FeedRepository(session)
        async with session.begin():
            assert not await _holds_feed_lock(session)
            await repo.add(ids[0], {"n": 0})
            await repo.add(ids[1], {"n": 1})
            assert await _holds_feed_lock(session)
        async with session.begin():
            await repo.add(ids[2], {"n": 2})
            assert await _holds_feed_lock(session)
        async with session.begin():
            seqs = (
                await session.scalars(
                    sa.select(FeedEvent.event_id)
                    .where(FeedEvent.event_id.in_(ids))
                    .order_by(FeedEvent.seq)
                )
            ).all()
    assert seqs == ids


async def test_a_savepoint_rolled_back_releases_the_lock_and_the_next_append_takes_it_again(
    db: Database,
) -> None:
    async with db.sessionmaker() as session, session.begin():
        repo = FeedRepository(session)
        savepoint = await session.begin_nested()
        await repo.add(uuid.uuid4(), {"n": 0})
        await savepoint.rollback()
        assert not await _holds_feed_lock(session)
        await repo.add(uuid.uuid4(), {"n": 1})
        assert await _holds_feed_lock(session)
