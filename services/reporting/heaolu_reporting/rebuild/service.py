"""Rebuild the read models: empty them, replay reporting's archive, then the topics from the start.

The archive (``fact_event``) reaches back beyond Kafka's retention; the topics add whatever the
archive lacks (an event is archived once, so one found there is not applied twice). The SKA
feed is not published again: what SKA was sent stays sent (``feed_event``). The live worker may
keep running; its upserts and this replay commute (ADR 0016).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, TopicPartition
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import READ_MODELS, ArchivedEvent
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, EventPayload, registry
from heaolu_shared.statements import deferred_writes

BATCH = 500


class Recorder(Protocol):
    async def __call__(
        self, session: AsyncSession, event: CloudEvent, payload: EventPayload, key: str
    ) -> EventPayload | None: ...


Applier = Callable[[AsyncSession, str, EventPayload], Awaitable[None]]


@dataclass
class Counts:
    archived: int = 0
    """Events replayed from the archive."""
    consumed: int = 0
    """Records read from the topics."""
    added: int = 0
    """Of those, events the archive did not have yet (applied now)."""
    skipped: int = 0
    """Records of types reporting does not use, or that cannot be read."""
    by_type: dict[str, int] = field(default_factory=dict)


class Progress(Protocol):
    def total(self, n: int) -> None: ...
    def advance(self, n: int) -> None: ...


async def reset(db: Database) -> None:
    """Empty every read model (the archive and the feed stay)."""
    names = ", ".join(model.__tablename__ for model in READ_MODELS)
    async with db.transaction() as session:
        await session.execute(sa.text(f"TRUNCATE {names}"))


async def replay_archive(db: Database, apply: Applier, progress: Progress, counts: Counts) -> None:
    async with db.transaction() as session:
        last = await session.scalar(sa.select(sa.func.max(ArchivedEvent.seq))) or 0
        total = await session.scalar(sa.select(sa.func.count()).select_from(ArchivedEvent)) or 0
    progress.total(int(total))
    after = 0
    while after < last:
        # The facts' upserts go out one execution per statement at the end of each batch.
        async with db.transaction() as session, deferred_writes(session):
            rows = (
                await session.execute(
                    sa.select(ArchivedEvent.seq, ArchivedEvent.event_type, ArchivedEvent.data)
                    .where(ArchivedEvent.seq > after, ArchivedEvent.seq <= last)
                    .order_by(ArchivedEvent.seq)
                    .limit(BATCH)
                )
            ).all()
            if not rows:
                break
            for _seq, event_type, data in rows:
                payload = registry.spec(event_type).model.model_validate(data)
                await apply(session, event_type, payload)
                counts.by_type[event_type] = counts.by_type.get(event_type, 0) + 1
            after = rows[-1][0]
        counts.archived += len(rows)
        progress.advance(len(rows))


async def replay_topics(
    db: Database,
    bootstrap: str,
    topics: Mapping[str, int],
    handled: frozenset[str],
    record: Recorder,
    key: str,
    progress: Progress,
    counts: Counts,
) -> None:
    """Read ``topics`` (name: partitions) from their start to their end as of now; record what
    the archive lacks."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(t, p) for t, n in topics.items() for p in range(n)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        begin = await consumer.beginning_offsets(partitions)
        end = await consumer.end_offsets(partitions)
        progress.total(sum(end[tp] - begin[tp] for tp in partitions))
        remaining = {tp for tp in partitions if end[tp] > begin[tp]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000, max_records=BATCH)
            async with db.transaction() as session, deferred_writes(session):
                for tp, records in batches.items():
                    for message in records:
                        if message.offset >= end[tp]:
                            continue
                        counts.consumed += 1
                        await _record_one(session, message.value, handled, record, key, counts)
                    if records and records[-1].offset + 1 >= end[tp]:
                        remaining.discard(tp)
            progress.advance(sum(len(r) for r in batches.values()))
    finally:
        await consumer.stop()


async def _record_one(
    session: AsyncSession,
    value: bytes | None,
    handled: frozenset[str],
    record: Recorder,
    key: str,
    counts: Counts,
) -> None:
    try:
        raw: Any = json.loads(value or b"")
        event = CloudEvent.model_validate(raw)
        if event.type not in handled:
            counts.skipped += 1
            return
        payload = registry.parse(event)
    except (ValueError, ValidationError):
        # The live consumer dead-letters such a record; a rebuild only counts it.
        counts.skipped += 1
        return
    if await record(session, event, payload, key) is not None:
        counts.added += 1
        counts.by_type[event.type] = counts.by_type.get(event.type, 0) + 1
