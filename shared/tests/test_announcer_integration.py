"""The relay hears of outbox rows after their transaction commits, never from inside it, and
commits made while a notification is out share one more (ADR 0035)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
import sqlalchemy as sa

from heaolu_shared.db import Announcer, Database, asyncpg_dsn
from heaolu_shared.events import EventPayload, EventRegistry
from heaolu_shared.messaging import OUTBOX_CHANNEL
from heaolu_shared.outbox import enqueue

pytestmark = pytest.mark.integration


def _registry() -> tuple[EventRegistry, type[EventPayload]]:
    local = EventRegistry()

    @local.register(
        "ee.heaolu.test.thing.announced.v1", topic="heaolu.test-announced", producer="test"
    )
    class ThingHappened(EventPayload):
        n: int

    return local, ThingHappened


class Heard:
    """A listener on a channel: the notifications it received so far."""

    def __init__(self) -> None:
        self.count = 0
        self.arrived = asyncio.Event()

    def __call__(self, *_: object) -> None:
        self.count += 1
        self.arrived.set()


@asynccontextmanager
async def _listening(url: str, channel: str) -> AsyncIterator[Heard]:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    heard = Heard()
    await connection.add_listener(channel, heard)
    try:
        yield heard
    finally:
        await connection.close()


@pytest.fixture
async def relay_channel(database: tuple[Database, str]) -> AsyncIterator[Heard]:
    async with _listening(database[1], OUTBOX_CHANNEL) as heard:
        yield heard


async def _quiet(heard: Heard, seconds: float = 0.3) -> int:
    """What ``heard`` has received once nothing more arrives for ``seconds``."""
    await asyncio.sleep(seconds)
    return heard.count


async def test_a_committed_outbox_row_is_announced_after_the_commit_and_a_rolled_back_one_never(
    database: tuple[Database, str], relay_channel: Heard
) -> None:
    db, _ = database
    local, thing_happened = _registry()
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await enqueue(session, thing_happened(n=1), subject="a", event_registry=local)
            raise RuntimeError("business rule failed")
    assert await _quiet(relay_channel) == 0

    async with db.transaction() as session:
        for n in range(3):
            await enqueue(session, thing_happened(n=n), subject="b", event_registry=local)
        # Nothing is announced from inside the transaction.
        await asyncio.sleep(0.2)
        assert relay_channel.count == 0
    await asyncio.wait_for(relay_channel.arrived.wait(), timeout=5)
    assert await _quiet(relay_channel) == 1  # one transaction, one notification


async def test_a_transaction_without_outbox_rows_announces_nothing(
    database: tuple[Database, str], relay_channel: Heard
) -> None:
    db, _ = database
    async with db.transaction() as session:
        await session.execute(sa.text("CREATE TABLE elsewhere (n int)"))
    assert await _quiet(relay_channel) == 0


async def test_commits_made_while_a_notification_is_out_share_one_more(
    database: tuple[Database, str],
) -> None:
    _, url = database
    single = Database(url, pool_size=1)
    try:
        async with _listening(url, "heaolu_test_channel") as heard:
            announcer = single.announcer("heaolu_test_channel")
            # The pool's one connection is busy, so the first notification waits to go out.
            async with single.engine.connect() as busy:
                await busy.exec_driver_sql("SELECT 1")
                announcer.announce()
                await asyncio.sleep(0.1)  # it has begun, and waits for the connection
                for _ in range(5):
                    announcer.announce()
            await announcer.finished()
            assert announcer.sent == 2
            assert await _quiet(heard) == 2
            # Announcements made before a notification goes out are covered by it.
            announcer.announce()
            announcer.announce()
            await announcer.finished()
            assert announcer.sent == 3
            assert await _quiet(heard) == 3
    finally:
        await single.dispose()


async def test_under_load_the_next_notification_waits_out_the_spacing_and_a_quiet_one_does_not(
    database: tuple[Database, str],
) -> None:
    _, url = database
    single = Database(url, pool_size=1)
    now = [1000.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    try:
        async with _listening(url, "heaolu_test_channel") as heard:
            announcer = Announcer(
                single.autocommit,
                "heaolu_test_channel",
                spacing=0.05,
                clock=lambda: now[0],
                sleep=sleep,
            )
            async with single.engine.connect() as busy:
                await busy.exec_driver_sql("SELECT 1")
                announcer.announce()
                await asyncio.sleep(0.1)  # it has begun, and waits for the connection
                now[0] += 0.01  # the round trip
                for _ in range(5):
                    announcer.announce()
            await announcer.finished()
            # Sent at 1000.00; the commits made while it was out go at 1000.05, not at once.
            assert waits == [pytest.approx(0.04)]
            assert announcer.sent == 2
            assert await _quiet(heard) == 2
            # A commit in a quiet spell is announced without waiting.
            now[0] += 1.0
            announcer.announce()
            await announcer.finished()
            assert waits == [pytest.approx(0.04)]
            assert announcer.sent == 3
            assert await _quiet(heard) == 3
    finally:
        await single.dispose()


async def test_the_database_paces_its_announcers_as_told(database: tuple[Database, str]) -> None:
    _, url = database
    paced = Database(url, pool_size=1, announce_spacing=0.05)
    try:
        assert paced.announcer(OUTBOX_CHANNEL).spacing == 0.05
        with pytest.raises(ValueError, match="negative"):
            Announcer(paced.autocommit, OUTBOX_CHANNEL, spacing=-1)
    finally:
        await paced.dispose()


async def test_a_notification_that_cannot_be_sent_loses_nothing_but_time(
    database: tuple[Database, str], caplog: pytest.LogCaptureFixture
) -> None:
    _, url = database
    gone = Database(url.replace("127.0.0.1:5432", "127.0.0.1:1"), pool_size=1)
    try:
        announcer = gone.announcer(OUTBOX_CHANNEL)
        announcer.announce()
        await announcer.finished()
        assert announcer.sent == 0
        assert "poll will find the rows" in caplog.text
    finally:
        await gone.dispose()


async def test_a_channel_is_a_plain_identifier(database: tuple[Database, str]) -> None:
    db, _ = database
    for channel in ("x; DROP TABLE outbox", "Outbox", "", "a" * 64):
        with pytest.raises(ValueError, match="identifier"):
            Announcer(db.autocommit, channel)


async def test_a_notification_cancelled_with_its_loop_does_not_stop_the_database_closing(
    database: tuple[Database, str],
) -> None:
    _, url = database
    single = Database(url, pool_size=1)
    announcer = single.announcer("heaolu_test_channel")
    async with single.engine.connect() as busy:
        await busy.exec_driver_sql("SELECT 1")
        announcer.announce()
        await asyncio.sleep(0.1)  # under way, waiting for the pool's one connection
        assert announcer._task is not None
        announcer._task.cancel()
    await single.dispose()
    assert announcer.sent == 0
