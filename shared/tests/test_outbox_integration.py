"""The outbox relay against the real PostgreSQL and Kafka."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer

from heaolu_shared.db import Database
from heaolu_shared.events import EventPayload, EventRegistry
from heaolu_shared.messaging import outbox
from heaolu_shared.outbox import RELAY_CONNECTION_SETTINGS, OutboxRelay, enqueue

pytestmark = [pytest.mark.integration, pytest.mark.kafka]

KAFKA = "127.0.0.1:19092"


def _registry(topic: str) -> tuple[EventRegistry, type[EventPayload]]:
    local = EventRegistry()

    @local.register("ee.heaolu.test.thing.happened.v1", topic=topic, producer="test")
    class ThingHappened(EventPayload):
        thing_id: uuid.UUID
        n: int

    return local, ThingHappened


def _committer(db: Database, topic: str, subject: str) -> Callable[[int], Awaitable[None]]:
    """Commits one event numbered ``n`` about ``subject`` per call, each in its own transaction."""
    local, thing_happened = _registry(topic)

    async def commit(n: int) -> None:
        async with db.transaction() as session:
            await enqueue(
                session,
                thing_happened(thing_id=uuid.uuid4(), n=n),
                subject=subject,
                event_registry=local,
            )

    return commit


def _counting_relay(
    db: Database, url: str, during: Callable[[int], Awaitable[None]]
) -> tuple[OutboxRelay, list[int]]:
    """A relay spacing its drains a second apart under load, and the sizes of the batches it
    published; ``during(n)`` runs while the n-th batch is still out (before its drain ends)."""
    relay = OutboxRelay(db, url, KAFKA, poll_interval=3600, drain_spacing=1.0)
    drain = relay.drain_once
    batches: list[int] = []

    async def counted() -> int:
        published = await drain()
        if published:
            batches.append(published)
            await during(len(batches))
        return published

    relay.drain_once = counted  # type: ignore[method-assign]
    return relay, batches


async def _read_all(topic: str, expected: int) -> list[dict]:
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=KAFKA,
        auto_offset_reset="earliest",
        group_id=f"reader-{uuid.uuid4()}",
        enable_auto_commit=False,
    )
    await consumer.start()
    events: list[dict] = []
    try:
        for _ in range(60):
            batches = await consumer.getmany(timeout_ms=500)
            events += [json.loads(r.value) for rs in batches.values() for r in rs]
            if len(events) >= expected:
                # one more fetch, to see duplicates that would follow
                batches = await consumer.getmany(timeout_ms=1500)
                events += [json.loads(r.value) for rs in batches.values() for r in rs]
                break
    finally:
        await consumer.stop()
    return events


async def test_two_relays_publish_every_row_exactly_once_in_key_order(
    database: tuple[Database, str], topic: str, caplog: pytest.LogCaptureFixture
) -> None:
    db, url = database
    local, thing_happened = _registry(topic)
    things = [uuid.uuid4() for _ in range(10)]
    for n in range(30):
        async with db.transaction() as session:
            for thing in things:
                await enqueue(
                    session,
                    thing_happened(thing_id=thing, n=n),
                    subject=str(thing),
                    event_registry=local,
                )

    relays = [OutboxRelay(db, url, KAFKA, batch_size=40) for _ in range(2)]

    async def drain(relay: OutboxRelay) -> None:
        while await relay.drain_once():
            pass

    with caplog.at_level(logging.INFO, logger="heaolu_shared.outbox"):
        await asyncio.gather(*(drain(r) for r in relays), *(drain(r) for r in relays))
        for relay in relays:
            await relay.close()
    # The log sums up what was published (at the latest when a relay closes), not every batch.
    summaries = [r for r in caplog.records if r.getMessage() == "outbox rows published"]
    assert sum(r.__dict__["count"] for r in summaries) == 300
    assert len(summaries) < 300 // 40

    events = await _read_all(topic, 300)
    ids = Counter(e["id"] for e in events)
    assert len(ids) == 300 and max(ids.values()) == 1
    for thing in things:
        sequence = [e["data"]["n"] for e in events if e["subject"] == str(thing)]
        assert sequence == list(range(30))
    async with db.transaction() as session:
        unsent = await session.scalar(sa.select(sa.func.count()).where(outbox.c.sent_at.is_(None)))
    assert unsent == 0


async def test_one_relay_leads_and_a_standby_takes_over_when_its_connection_ends(
    database: tuple[Database, str], topic: str
) -> None:
    db, url = database
    commit = _committer(db, topic, "l")
    leader, standby = OutboxRelay(db, url, KAFKA), OutboxRelay(db, url, KAFKA)
    try:
        await commit(1)
        assert await leader.drain_once() == 1
        await commit(2)
        # The leader keeps the lock between drains: the standby publishes nothing.
        assert await standby.drain_once() == 0
        await leader.close()
        assert await standby.drain_once() == 1
        await commit(3)
        assert await standby.drain_once() == 1
    finally:
        await leader.close()
        await standby.close()

    events = await _read_all(topic, 3)
    assert [e["data"]["n"] for e in events] == [1, 2, 3]


async def test_a_leader_whose_session_the_server_ends_hands_over_the_lead(
    database: tuple[Database, str], topic: str
) -> None:
    """A leader whose host vanished answers no keepalive probe: the server, told by the relay's
    own connection to probe after 10 s, ends the session, and the standby takes the lead."""
    db, url = database
    commit = _committer(db, topic, "k")
    leader, standby = OutboxRelay(db, url, KAFKA), OutboxRelay(db, url, KAFKA)
    try:
        await commit(1)
        assert await leader.drain_once() == 1
        connection = await leader._connect()
        probes = [await connection.fetchval(f"SHOW {name}") for name in RELAY_CONNECTION_SETTINGS]
        assert probes == ["10", "5", "3"]
        await commit(2)
        assert await standby.drain_once() == 0
        # What the server does once three probes go unanswered. With a timeout the call waits
        # until the backend has exited (and its advisory lock is free), not only signalled.
        async with db.transaction() as session:
            ended = await session.scalar(
                sa.select(sa.func.pg_terminate_backend(connection.get_server_pid(), 10_000))
            )
        assert ended is True
        assert await standby.drain_once() == 1
    finally:
        await leader.close()
        await standby.close()

    events = await _read_all(topic, 2)
    assert [e["data"]["n"] for e in events] == [1, 2]


async def test_rolled_back_business_transaction_publishes_nothing(
    database: tuple[Database, str], topic: str
) -> None:
    db, url = database
    local, thing_happened = _registry(topic)

    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await enqueue(
                session,
                thing_happened(thing_id=uuid.uuid4(), n=1),
                subject="x",
                event_registry=local,
            )
            raise RuntimeError("business rule failed")
    relay = OutboxRelay(db, url, KAFKA)
    assert await relay.drain_once() == 0
    await relay.close()


async def test_the_relay_is_woken_by_notify_and_stops_on_request(
    database: tuple[Database, str], topic: str
) -> None:
    db, url = database
    local, thing_happened = _registry(topic)
    relay = OutboxRelay(db, url, KAFKA, poll_interval=3600)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(1.0)  # let it drain the empty outbox and start waiting
    async with db.transaction() as session:
        await enqueue(
            session, thing_happened(thing_id=uuid.uuid4(), n=7), subject="y", event_registry=local
        )

    events = await _read_all(topic, 1)
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    await relay.close()

    assert [e["data"]["n"] for e in events] == [7]


async def test_a_row_committed_while_a_batch_is_out_is_published_without_waiting_to_poll(
    database: tuple[Database, str], topic: str
) -> None:
    db, url = database
    local, thing_happened = _registry(topic)
    relay = OutboxRelay(db, url, KAFKA, poll_interval=3600)
    drain = relay.drain_once
    committed_during_drain = False

    async def drain_and_commit_another() -> int:
        nonlocal committed_during_drain
        published = await drain()
        if published and not committed_during_drain:
            committed_during_drain = True
            async with db.transaction() as session:
                await enqueue(
                    session,
                    thing_happened(thing_id=uuid.uuid4(), n=2),
                    subject="z",
                    event_registry=local,
                )
            await asyncio.sleep(0.5)  # its notification arrives while this drain is running
        return published

    relay.drain_once = drain_and_commit_another  # type: ignore[method-assign]
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(1.0)
    async with db.transaction() as session:
        await enqueue(
            session, thing_happened(thing_id=uuid.uuid4(), n=1), subject="z", event_registry=local
        )

    events = await _read_all(topic, 2)
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    await relay.close()

    assert [e["data"]["n"] for e in events] == [1, 2]


async def test_one_transaction_at_a_time_goes_out_at_once_and_under_load_drains_keep_the_spacing(
    database: tuple[Database, str], topic: str
) -> None:
    db, url = database
    commit = _committer(db, topic, "s")

    async def during(batch: int) -> None:
        if batch == 3:
            # Two transactions commit while this batch is out: the relay is under load.
            await commit(4)
            await commit(5)
            await asyncio.sleep(0.3)  # their notifications arrive during this drain

    relay, batches = _counting_relay(db, url, during)

    async def published(count: int) -> None:
        for _ in range(500):
            if len(batches) >= count:
                return
            await asyncio.sleep(0.01)

    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(0.2)  # the empty outbox drained
    await commit(1)
    await published(1)  # the first row after a quiet spell goes out on its own
    # One transaction at a time, both well within the spacing: neither waits for it (a fixed
    # spacing would publish them together).
    await commit(2)
    await asyncio.sleep(0.3)
    await commit(3)
    await published(3)
    await published(4)  # rows 4 and 5, together
    # Under load: both of these within the spacing of the drain that published 4 and 5, apart
    # long enough for a relay without spacing to publish the second on its own.
    await commit(6)
    await asyncio.sleep(0.3)
    await commit(7)

    events = await _read_all(topic, 7)
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    await relay.close()

    assert [e["data"]["n"] for e in events] == [1, 2, 3, 4, 5, 6, 7]
    assert batches == [1, 1, 1, 2, 2]


async def test_a_transaction_committed_while_a_drain_is_out_spaces_the_next_drain(
    database: tuple[Database, str], topic: str
) -> None:
    """Back-to-back drains see one transaction each, however busy the service: a commit during a
    drain is the sign of load, and the rows of the spacing that follows go out together."""
    db, url = database
    commit = _committer(db, topic, "w")

    async def during(batch: int) -> None:
        if batch == 1:
            await commit(2)  # one transaction, announced while this batch is out
            await asyncio.sleep(0.1)

    relay, batches = _counting_relay(db, url, during)
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    await asyncio.sleep(0.2)  # the empty outbox drained
    await commit(1)
    for _ in range(500):
        if batches:
            break
        await asyncio.sleep(0.01)
    # Within the spacing of the drain that published 1, apart long enough for a relay without
    # spacing to publish each on its own.
    await asyncio.sleep(0.3)
    await commit(3)
    await asyncio.sleep(0.3)
    await commit(4)

    events = await _read_all(topic, 4)
    stop.set()
    await asyncio.wait_for(running, timeout=10)
    await relay.close()

    assert [e["data"]["n"] for e in events] == [1, 2, 3, 4]
    assert batches == [1, 3]
