"""A stack whose topics carry a prefix (a benchmark's) publishes, consumes and dead-letters only
on its own topics and in its own consumer groups, and its topics can be made and removed whole."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from heaolu_shared.db import Database
from heaolu_shared.events import EventPayload, EventRegistry
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.outbox import OutboxRelay, enqueue
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.testing import consumer_record, kafka_topic
from heaolu_shared.topics import TOPICS, delete_topics, ensure_topics, named

pytestmark = [pytest.mark.integration, pytest.mark.kafka]

KAFKA = "127.0.0.1:19092"


@pytest.fixture
def prefix() -> str:
    return f"test-{uuid.uuid4().hex[:10]}."


@pytest.fixture
async def prefixed(prefix: str, topic: str) -> AsyncIterator[str]:
    """The fixture topic's twin under ``prefix``, one partition; deleted afterwards."""
    async with kafka_topic(KAFKA, named(topic, prefix)) as name:
        yield name


async def _values(topic: str, partitions_made: int = 1) -> list[bytes]:
    """The value of every message on ``topic`` (made with ``partitions_made``) now."""
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(topic, p) for p in range(partitions_made)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        found: list[bytes] = []
        remaining = {tp for tp in partitions if end[tp] > 0}
        for _ in range(30):
            if not remaining:
                break
            for tp, records in (await consumer.getmany(*remaining, timeout_ms=1000)).items():
                found += [r.value or b"" for r in records if r.offset < end[tp]]
                if records and records[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
        return found
    finally:
        await consumer.stop()


async def test_the_relay_publishes_to_the_prefixed_topic_only(
    database: tuple[Database, str], topic: str, prefixed: str, prefix: str
) -> None:
    db, url = database
    local = EventRegistry()

    @local.register("ee.heaolu.test.thing.happened.v1", topic=topic, producer="test")
    class ThingHappened(EventPayload):
        n: int

    async with db.transaction() as session:
        for n in range(3):
            await enqueue(session, ThingHappened(n=n), subject="s", event_registry=local)
    relay = OutboxRelay(db, url, KAFKA, poll_interval=3600, topic_prefix=prefix)
    try:
        assert await relay.drain_once() == 3
    finally:
        await relay.close()

    assert sorted(json.loads(v)["data"]["n"] for v in await _values(prefixed)) == [0, 1, 2]
    assert await _values(topic, 3) == []  # the conftest fixture's three partitions


async def test_a_consumer_subscribes_and_dead_letters_under_the_prefix(
    database: tuple[Database, str], topic: str, prefixed: str, prefix: str
) -> None:
    db, _ = database
    dead_letters = f"heaolu.test-dlt-{uuid.uuid4().hex[:8]}"
    consumer = InboxConsumer(
        name="test-prefixed",
        database=db,
        bootstrap=KAFKA,
        topics=[topic],
        handlers={},
        dead_letter_topic=dead_letters,
        topic_prefix=prefix,
    )
    try:
        async with kafka_topic(KAFKA, named(dead_letters, prefix)) as dlt:
            await consumer.start()
            assert consumer._consumer is not None
            assert consumer._consumer.subscription() == {prefixed}
            assert consumer._consumer._group_id == f"{prefix}test-prefixed"

            await consumer._dead_letter(
                consumer_record(prefixed, 7, b"not an event"), ValueError("unreadable"), attempts=1
            )
            assert await _values(dlt) == [b"not an event"]
    finally:
        await consumer.close()


def test_a_prefix_is_what_a_topic_name_may_hold() -> None:
    assert ServiceSettings(kafka_topic_prefix="bench-0a1b.").kafka_topic_prefix == "bench-0a1b."
    with pytest.raises(ValueError):
        ServiceSettings(kafka_topic_prefix="bench 1/")


async def test_the_declared_topics_are_made_and_removed_under_a_prefix(prefix: str) -> None:
    made = await ensure_topics(KAFKA, prefix=prefix)
    try:
        assert sorted(made) == sorted(named(t.name, prefix) for t in TOPICS)
        assert await ensure_topics(KAFKA, prefix=prefix) == []  # already there
    finally:
        removed = await delete_topics(KAFKA, prefix)
    assert sorted(removed) == sorted(made)
    with pytest.raises(ValueError):
        await delete_topics(KAFKA, "")
