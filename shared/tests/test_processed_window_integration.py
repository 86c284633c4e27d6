"""Processed events no topic can deliver again are forgotten, against the real PostgreSQL; those
still in the window keep turning re-deliveries into no-ops."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, EventPayload, EventRegistry
from heaolu_shared.inbox import FORGETTING_ALONE, InboxConsumer, remembered_for
from heaolu_shared.messaging import processed_event
from heaolu_shared.service_worker import forgetting
from heaolu_shared.testing import consumer_record

pytestmark = pytest.mark.integration

TOPIC = "heaolu.audit.v1"
THING = "ee.heaolu.test.thing.happened.v1"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
WINDOW = remembered_for([TOPIC])


def _registry() -> EventRegistry:
    local = EventRegistry()

    @local.register(THING, topic=TOPIC, producer="test")
    class ThingHappened(EventPayload):
        n: int

    return local


@pytest.fixture
async def consumers() -> AsyncIterator[list[InboxConsumer]]:
    """The consumers a test made, closed afterwards."""
    made: list[InboxConsumer] = []
    yield made
    for consumer in made:
        await consumer.close()


def _consumer(
    db: Database, name: str, effects: list[int], made: list[InboxConsumer]
) -> InboxConsumer:
    async def handle(session: AsyncSession, event: CloudEvent, payload: Any) -> None:
        effects.append(payload.n)

    consumer = InboxConsumer(
        name=name,
        database=db,
        bootstrap="127.0.0.1:1",
        topics=[TOPIC],
        handlers={THING: handle},
        dead_letter_topic="heaolu.test.dlt",
        events=_registry(),
    )
    made.append(consumer)
    return consumer


async def _remember(db: Database, consumer: str, event_id: uuid.UUID, at: datetime) -> None:
    async with db.transaction() as session:
        await session.execute(
            sa.insert(processed_event).values(
                consumer=consumer,
                event_id=event_id,
                topic=TOPIC,
                partition=0,
                offset=0,
                processed_at=at,
            )
        )


async def _remembered(db: Database) -> set[tuple[str, uuid.UUID]]:
    async with db.transaction() as session:
        rows = await session.execute(
            sa.select(processed_event.c.consumer, processed_event.c.event_id)
        )
        return {(row.consumer, row.event_id) for row in rows}


def _record(event_id: uuid.UUID, n: int) -> ConsumerRecord[bytes, bytes]:
    value = (
        CloudEvent(
            id=event_id, source="/heaolu/test", type=THING, dataschema="urn:t", data={"n": n}
        )
        .model_dump_json()
        .encode()
    )
    return consumer_record(TOPIC, n, value)


async def test_only_this_consumers_events_beyond_the_window_go_in_chunks(
    database: tuple[Database, str], consumers: list[InboxConsumer]
) -> None:
    db, _ = database
    effects: list[int] = []
    consumer = _consumer(db, "test.forget", effects, consumers)
    edge = NOW - WINDOW
    old = [uuid.uuid4() for _ in range(5)]
    for i, event_id in enumerate(old):
        await _remember(db, "test.forget", event_id, edge - timedelta(seconds=1 + i))
    kept = uuid.uuid4()
    await _remember(db, "test.forget", kept, edge + timedelta(seconds=1))
    others = uuid.uuid4()
    await _remember(db, "test.other", others, edge - timedelta(days=1))

    assert await consumer.forget_processed(NOW, chunk=2) == 5

    assert await _remembered(db) == {("test.forget", kept), ("test.other", others)}
    # An event still in the window is still a duplicate; a new one takes effect.
    fresh = uuid.uuid4()
    outcomes = await consumer.process_batch([_record(kept, 1), _record(fresh, 2)])
    assert [result.outcome for result in outcomes] == ["duplicate", "processed"]
    assert effects == [2]
    assert await consumer.forget_processed(NOW, chunk=2) == 0


async def test_the_worker_component_forgets_for_every_consumer(
    database: tuple[Database, str], consumers: list[InboxConsumer]
) -> None:
    db, _ = database
    first = _consumer(db, "test.first", [], consumers)
    second = _consumer(db, "test.second", [], consumers)
    gone = [uuid.uuid4(), uuid.uuid4()]
    await _remember(db, "test.first", gone[0], NOW - WINDOW - timedelta(minutes=1))
    await _remember(db, "test.second", gone[1], NOW - WINDOW - timedelta(minutes=1))
    stays = uuid.uuid4()
    await _remember(db, "test.second", stays, NOW - WINDOW + timedelta(minutes=1))

    stop = asyncio.Event()
    task = asyncio.create_task(forgetting([first, second], clock=lambda: NOW)(stop))
    try:
        for _ in range(100):
            if await _remembered(db) == {("test.second", stays)}:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await asyncio.wait_for(task, 5)
    assert await _remembered(db) == {("test.second", stays)}


async def test_a_replica_leaves_the_purge_to_the_one_already_purging(
    database: tuple[Database, str], consumers: list[InboxConsumer]
) -> None:
    db, _ = database
    consumer = _consumer(db, "test.replicas", [], consumers)
    old = uuid.uuid4()
    await _remember(db, "test.replicas", old, NOW - WINDOW - timedelta(hours=1))
    async with db.transaction() as other:
        assert await other.scalar(FORGETTING_ALONE, {"consumer": "test.replicas"})
        assert await consumer.forget_processed(NOW) == 0
        assert await _remembered(db) == {("test.replicas", old)}
    assert await consumer.forget_processed(NOW) == 1
    assert await _remembered(db) == set()
