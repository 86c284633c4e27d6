"""The inbox consumer's batches against the real PostgreSQL: one transaction, failures isolated."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, EventPayload, EventRegistry
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.messaging import processed_event
from heaolu_shared.testing import consumer_record

pytestmark = pytest.mark.integration

THING = "ee.heaolu.test.thing.happened.v1"
OTHER = "ee.heaolu.test.other.happened.v1"


def _registry() -> EventRegistry:
    local = EventRegistry()

    @local.register(THING, topic="heaolu.test.v1", producer="test")
    class ThingHappened(EventPayload):
        n: int

    @local.register(OTHER, topic="heaolu.test.v1", producer="test")
    class OtherHappened(EventPayload):
        n: int

    return local


def _record(offset: int, event: CloudEvent | bytes) -> ConsumerRecord[bytes, bytes]:
    value = event if isinstance(event, bytes) else event.model_dump_json().encode()
    return consumer_record("heaolu.test.v1", offset, value)


def _event(n: int, event_type: str = THING, event_id: uuid.UUID | None = None) -> CloudEvent:
    return CloudEvent(
        id=event_id or uuid.uuid4(),
        source="/heaolu/test",
        type=event_type,
        dataschema="urn:test",
        data={"n": n},
    )


class Recorder:
    """A consumer whose handler writes each event's number to a table; dead letters are kept."""

    def __init__(
        self, db: Database, *, failing: frozenset[int] = frozenset(), batched: bool = False
    ) -> None:
        self.dead: list[int] = []
        self.failing = failing
        self.batch_calls: list[list[int]] = []

        async def handle(session: AsyncSession, event: CloudEvent, payload: Any) -> None:
            if payload.n in self.failing:
                raise RuntimeError("this message cannot be handled")
            await session.execute(sa.text("INSERT INTO effect (n) VALUES (:n)"), {"n": payload.n})

        async def handle_many(
            session: AsyncSession, items: Sequence[tuple[CloudEvent, Any]]
        ) -> None:
            numbers = [payload.n for _, payload in items]
            self.batch_calls.append(numbers)
            if self.failing.intersection(numbers):
                raise RuntimeError("this batch cannot be handled")
            await session.execute(
                sa.text("INSERT INTO effect (n) SELECT unnest(CAST(:ns AS int[]))"), {"ns": numbers}
            )

        self.consumer = InboxConsumer(
            name="test-batch",
            database=db,
            bootstrap="127.0.0.1:1",
            topics=["heaolu.test.v1"],
            handlers={THING: handle},
            dead_letter_topic="heaolu.test.dlt",
            max_attempts=2,
            retry_backoff=0.0,
            events=_registry(),
            batch_handlers={THING: handle_many} if batched else None,
        )

        async def dead_letter(
            record: ConsumerRecord[bytes, bytes], exc: BaseException, *, attempts: int
        ) -> None:
            try:
                self.dead.append(json.loads(record.value or b"")["data"]["n"])
            except ValueError:
                self.dead.append(-1)

        self.consumer._dead_letter = dead_letter  # type: ignore[method-assign]


async def _effects(db: Database) -> list[int]:
    async with db.transaction() as session:
        return list((await session.scalars(sa.text("SELECT n FROM effect ORDER BY n"))).all())


async def _processed(db: Database) -> int:
    async with db.transaction() as session:
        return int(
            await session.scalar(sa.select(sa.func.count()).select_from(processed_event)) or 0
        )


@pytest.fixture
async def db(database: tuple[Database, str]) -> Database:
    db, _ = database
    async with db.transaction() as session:
        await session.execute(sa.text("CREATE TABLE effect (n int PRIMARY KEY)"))
    return db


async def test_a_batch_takes_effect_once_per_event_in_one_go(db: Database) -> None:
    recorder = Recorder(db)
    seen = _event(1)
    async with db.transaction() as session:
        await session.execute(sa.text("INSERT INTO effect (n) VALUES (1)"))
        await session.execute(
            processed_event.insert().values(
                consumer="test-batch", event_id=seen.id, topic="t", partition=0, offset=0
            )
        )
    twice = _event(3)
    records = [
        _record(0, seen),  # processed before: a duplicate
        _record(1, _event(2)),
        _record(2, twice),
        _record(3, twice),  # the same event twice in one batch
        _record(4, _event(4, OTHER)),  # no handler here: ignored
        _record(5, _event(5)),
    ]

    results = await recorder.consumer.process_batch(records)

    assert [r.outcome for r in results] == [
        "duplicate",
        "processed",
        "processed",
        "duplicate",
        "processed",
    ]
    assert await _effects(db) == [1, 2, 3, 5]
    assert await _processed(db) == 4


async def test_a_failing_message_is_isolated_and_the_rest_apply_exactly_once(db: Database) -> None:
    recorder = Recorder(db, failing={3})
    records = [_record(i, _event(i)) for i in range(1, 6)]

    results = await recorder.consumer.process_batch(records)

    assert [r.outcome for r in results] == [
        "processed",
        "processed",
        "dead-lettered",
        "processed",
        "processed",
    ]
    assert recorder.dead == [3]
    assert await _effects(db) == [1, 2, 4, 5]
    assert await _processed(db) == 4


async def test_a_poison_message_in_a_batch_is_dead_lettered_and_the_rest_apply(
    db: Database,
) -> None:
    recorder = Recorder(db)
    records = [_record(0, _event(1)), _record(1, b"not json"), _record(2, _event(2))]

    results = await recorder.consumer.process_batch(records)

    assert [r.outcome for r in results] == ["processed", "dead-lettered", "processed"]
    assert recorder.dead == [-1]
    assert await _effects(db) == [1, 2]


async def test_consecutive_events_of_a_batch_handled_type_are_handled_in_one_call(
    db: Database,
) -> None:
    recorder = Recorder(db, batched=True)
    repeated = _event(3)
    records = [
        _record(0, _event(1)),
        _record(1, _event(2)),
        _record(2, repeated),
        _record(3, repeated),  # the same event twice: once in the call
        _record(4, _event(4, OTHER)),  # ignored: it does not cut the run
        _record(5, _event(5)),
    ]

    results = await recorder.consumer.process_batch(records)

    assert [r.outcome for r in results] == [
        "processed",
        "processed",
        "processed",
        "duplicate",
        "processed",
    ]
    assert recorder.batch_calls == [[1, 2, 3, 5]]
    assert await _effects(db) == [1, 2, 3, 5]
    assert await _processed(db) == 4


async def test_a_failing_batch_call_falls_back_to_one_by_one_and_isolates_the_message(
    db: Database,
) -> None:
    recorder = Recorder(db, failing=frozenset({3}), batched=True)
    records = [_record(i, _event(i)) for i in range(1, 6)]

    results = await recorder.consumer.process_batch(records)

    assert recorder.batch_calls == [[1, 2, 3, 4, 5]]
    assert [r.outcome for r in results] == [
        "processed",
        "processed",
        "dead-lettered",
        "processed",
        "processed",
    ]
    assert recorder.dead == [3]
    assert await _effects(db) == [1, 2, 4, 5]
    assert await _processed(db) == 4


async def test_a_poison_message_leaves_first_and_the_rest_stays_one_batch(db: Database) -> None:
    recorder = Recorder(db, batched=True)
    records = [
        _record(0, _event(1)),
        _record(1, b"not json"),
        _record(2, _event(2)),
        _record(3, _event(3)),
    ]

    results = await recorder.consumer.process_batch(records)

    assert [r.outcome for r in results] == ["processed", "dead-lettered", "processed", "processed"]
    assert recorder.dead == [-1]
    assert recorder.batch_calls == [[1, 2, 3]]
    assert await _effects(db) == [1, 2, 3]
