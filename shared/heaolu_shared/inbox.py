"""The idempotent inbox consumer.

For each message the consumer records ``(consumer, event_id)`` in ``processed_event`` in the
same transaction as the handler's effects, so a re-delivered event is skipped. Offsets are
committed manually, only after the database commit. A message whose handler keeps failing is
sent to the service's dead-letter topic with the error and processing goes on; a message that
cannot be parsed at all goes there at once. Outages of the database or Kafka are retried without
limit instead: they say nothing about the message. Nothing is dropped silently.

What one poll returns is processed as one batch: one transaction, one ``processed_event``
insert for the whole batch, the handlers in offset order (ADR 0020, ADR 0023). When anything in
the batch fails, the transaction is rolled back and the batch is processed again one message at a
time, so the failing message is isolated (retried, then dead-lettered) and every other message
still takes effect exactly once. Offsets are committed after the effects, at most once per
``commit_interval`` while messages keep coming and at once when a poll comes back empty
(ADR 0024): a crash re-delivers what was not committed, and the processed events skip it.

A processed event is remembered as long as a topic the consumer reads can deliver it again (the
longest retention among its topics, :mod:`heaolu_shared.topics`) and a margin more, then
forgotten (:meth:`InboxConsumer.forget_processed`, ADR 0032): the table keeps a bounded window,
not every event since the service began.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from opentelemetry import trace
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.db import Database
from heaolu_shared.events import (
    CloudEvent,
    EventPayload,
    EventRegistry,
    UnknownEventType,
    registry,
)
from heaolu_shared.faults import crash_point
from heaolu_shared.kafka_tls import connection_options
from heaolu_shared.messaging import processed_event
from heaolu_shared.outbox import new_producer
from heaolu_shared.telemetry import context_from_headers, decode_kafka_headers, kafka_headers
from heaolu_shared.topics import TOPICS, TopicSpec, named

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, CloudEvent, Any], Awaitable[None]]
"""A handler gets the transaction's session, the envelope and the validated payload."""

BatchHandler = Callable[[AsyncSession, Sequence[tuple[CloudEvent, Any]]], Awaitable[None]]
"""Handles consecutive new events of a batch at once, in offset order, in the batch's
transaction (e.g. one multi-row insert): a run of events whose types map to the same batch
handler (one type, or several when one function handles them all). It must have the same effect
as each type's :data:`Handler` applied to each event in turn, which the one-by-one path still
uses."""

TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    asyncio.TimeoutError,
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.DisconnectionError,
)


RECORD_PROCESSED_BATCH = sa.text(
    """
    INSERT INTO processed_event (consumer, event_id, topic, partition, "offset")
    SELECT :consumer, event_id, topic, partition, "offset"
    FROM unnest(
        CAST(:event_ids AS uuid[]),
        CAST(:topics AS text[]),
        CAST(:partitions AS integer[]),
        CAST(:offsets AS bigint[])
    ) AS batch (event_id, topic, partition, "offset")
    ON CONFLICT DO NOTHING
    RETURNING event_id
    """
).columns(processed_event.c.event_id)
"""A batch's events recorded with one statement whose text never changes with the batch's size
(a multi-row ``VALUES`` insert is compiled anew for every batch), returning the new ones. A single
event uses it too: SQLAlchemy 2.0 does not cache PostgreSQL's ``INSERT ... ON CONFLICT``
construct and compiled it for every message."""


PROCESSED_MARGIN = timedelta(days=7)
"""How much longer than its topics' retention a consumer remembers an event it processed."""

FORGET_CHUNK = 10_000
"""Processed events forgotten per transaction: a purge never holds many locks for long."""

FORGETTING_ALONE = sa.text(
    "SELECT pg_try_advisory_xact_lock(hashtext('processed_event'), hashtext(:consumer))"
)
"""Taken by the transaction of each chunk: a replica of the worker that finds another one
purging the same consumer's events leaves it to that one."""

FORGET_PROCESSED = sa.text(
    """
    DELETE FROM processed_event
    WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM processed_event
        WHERE processed_at < :before AND consumer = :consumer
        LIMIT :chunk
    ))
    """
)


def remembered_for(topics: Iterable[str], declared: Sequence[TopicSpec] = TOPICS) -> timedelta:
    """How long a consumer of ``topics`` must remember the events it processed: a consumer whose
    offsets are reset to the earliest reads back as far as the longest retention among them, and
    :data:`PROCESSED_MARGIN` more. A topic not declared is an error: its retention is unknown."""
    retention = {spec.name: spec.retention_ms for spec in declared}
    names = list(topics)
    unknown = sorted(set(names) - retention.keys())
    if unknown or not names:
        raise ValueError(f"topics without a declared retention: {unknown or 'none given'}")
    return timedelta(milliseconds=max(retention[name] for name in names)) + PROCESSED_MARGIN


class PoisonMessage(Exception):
    """A message that can never be processed (not JSON, not a CloudEvent, invalid payload)."""


@dataclass
class _Prepared:
    """A parsed message that a handler of this consumer takes."""

    record: ConsumerRecord[bytes, bytes]
    event: CloudEvent
    payload: EventPayload
    handler: Handler


def _runs(items: list[_Prepared], batch_handlers: dict[str, BatchHandler]) -> list[list[_Prepared]]:
    """The items in order, cut into what one call handles: consecutive events whose types have
    the same batch handler together, every other event alone."""
    runs: list[list[_Prepared]] = []
    for item in items:
        handler = batch_handlers.get(item.event.type)
        previous = batch_handlers.get(runs[-1][0].event.type) if runs else None
        if handler is not None and handler is previous:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


class _BatchFailed(Exception):
    """Something in a batch failed: process it again message by message."""


@dataclass
class ProcessResult:
    """What became of one message."""

    outcome: str  # "processed", "duplicate", "ignored", "dead-lettered"
    event_id: str | None = None


def _safe_error(exc: BaseException) -> str:
    """An error description without input values (they may be personal data)."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['type']}" for e in exc.errors())
    if isinstance(exc, PoisonMessage):
        return str(exc)
    return type(exc).__name__


class InboxConsumer:
    """Consumes topics for one named consumer of a service, with handlers by event type."""

    def __init__(
        self,
        *,
        name: str,
        database: Database,
        bootstrap: str,
        topics: Sequence[str],
        handlers: dict[str, Handler],
        dead_letter_topic: str,
        max_attempts: int = 5,
        retry_backoff: float = 0.2,
        fault: str = "",
        events: EventRegistry = registry,
        batch_handlers: dict[str, BatchHandler] | None = None,
        batch_wait_ms: int = 0,
        commit_interval: float = 1.0,
        topic_prefix: str = "",
    ) -> None:
        """``batch_wait_ms``: how long the broker may hold a fetch back to fill it (up to
        64 KiB), so that a consumer off the interactive path gets larger batches for that much
        more latency; 0 answers as soon as one message is there. ``commit_interval``: offsets
        are committed at most this often while messages keep coming, and at once when a poll
        comes back empty (a crash re-delivers at most that much, which ``processed_event``
        turns into no-ops). ``topic_prefix`` goes before the topics' and the consumer group's
        names on the broker (a benchmark's stack); ``name`` and ``topics`` stay as declared."""
        self._commit_interval = commit_interval
        self._topic_prefix = topic_prefix
        self.name = name
        self._batch_handlers = batch_handlers or {}
        self._batch_wait_ms = batch_wait_ms
        self._registry = events
        self._db = database
        self._bootstrap = bootstrap
        self._topics = list(topics)
        self._handlers = handlers
        self._dlt = dead_letter_topic
        self._max_attempts = max_attempts
        self._retry_backoff = retry_backoff
        self._fault = fault
        self._tracer = trace.get_tracer("heaolu.inbox")
        self._consumer: AIOKafkaConsumer | None = None
        self._tally: collections.Counter[str] = collections.Counter()
        """Outcomes since the last offset commit, by kind."""
        self._dlt_producer = new_producer(bootstrap)

    async def forget_processed(self, now: datetime, chunk: int = FORGET_CHUNK) -> int:
        """Delete this consumer's processed events older than :func:`remembered_for` its topics
        before ``now``, ``chunk`` rows per transaction; returns how many. Stops at once while
        another replica is purging this consumer's events."""
        parameters = {
            "consumer": self.name,
            "before": now - remembered_for(self._topics),
            "chunk": chunk,
        }
        forgotten = 0
        while True:
            async with self._db.transaction() as session:
                if not await session.scalar(FORGETTING_ALONE, {"consumer": self.name}):
                    return forgotten
                result = await session.execute(FORGET_PROCESSED, parameters)
            deleted = int(getattr(result, "rowcount", 0) or 0)
            forgotten += deleted
            if deleted < chunk:
                return forgotten

    def _parse(self, record: ConsumerRecord[bytes, bytes]) -> CloudEvent:
        # Parsed and validated in one pass (pydantic's own JSON parser), not json.loads first.
        try:
            return CloudEvent.model_validate_json(record.value or b"")
        except ValidationError as exc:
            if any(error["type"] == "json_invalid" for error in exc.errors()):
                raise PoisonMessage("message value is not JSON") from exc
            raise PoisonMessage("message is not a valid CloudEvent: " + _safe_error(exc)) from exc

    async def process(self, record: ConsumerRecord[bytes, bytes]) -> ProcessResult:
        """Process one record: handle it once, skip a duplicate, or dead-letter it."""
        headers = decode_kafka_headers(record.headers)
        with self._tracer.start_as_current_span(
            f"consume {record.topic}",
            context=context_from_headers(headers),
            kind=trace.SpanKind.CONSUMER,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": record.topic,
                "messaging.consumer.group.name": self.name,
                "messaging.kafka.offset": record.offset,
            },
        ) as span:
            try:
                event = self._parse(record)
                handler = self._handlers.get(event.type)
                if handler is None:
                    return ProcessResult("ignored", str(event.id))
                span.set_attribute("messaging.message.id", str(event.id))
                span.set_attribute("cloudevents.event_type", event.type)
                try:
                    payload: EventPayload = self._registry.parse(event)
                except (ValidationError, UnknownEventType) as exc:
                    raise PoisonMessage("payload invalid: " + _safe_error(exc)) from exc
            except PoisonMessage as exc:
                await self._dead_letter(record, exc, attempts=0)
                return ProcessResult("dead-lettered")
            return await self._handle_with_retries(record, event, payload, handler)

    async def process_batch(
        self, records: Sequence[ConsumerRecord[bytes, bytes]]
    ) -> list[ProcessResult]:
        """Process the records of one poll in one transaction; isolate a failure.

        Records this consumer has no handler for, or that cannot be parsed, are dealt with one by
        one (ignored, or dead-lettered before the batch's transaction); the rest are recorded in
        ``processed_event`` with one statement and handled in offset order. If any handler fails
        the whole transaction is rolled back and every record goes through :meth:`process`.
        """
        if len(records) == 1:
            return [await self.process(records[0])]
        prepared: list[_Prepared] = []
        positions: list[int] = []
        outcomes: dict[int, ProcessResult] = {}
        ignored: dict[int, ProcessResult] = {}
        for position, record in enumerate(records):
            try:
                event = self._parse(record)
                handler = self._handlers.get(event.type)
                if handler is None:
                    ignored[position] = ProcessResult("ignored", str(event.id))
                    continue
                payload = self._registry.parse(event)
            except (PoisonMessage, ValidationError, UnknownEventType):
                # A poison message never takes effect, so it leaves first (the careful path
                # dead-letters it) and the rest of the batch stays a batch.
                outcomes[position] = await self.process(record)
                continue
            prepared.append(_Prepared(record, event, payload, handler))
            positions.append(position)
        if not prepared:
            return [outcomes.get(i) or ignored[i] for i in range(len(records))]
        try:
            handled = await self._handle_batch(prepared)
        except _BatchFailed:
            log.warning(
                "batch failed; processing its messages one by one",
                extra={"consumer": self.name, "count": len(prepared)},
            )
            handled = [await self.process(item.record) for item in prepared]
        else:
            log.debug(
                "event batch processed",
                extra={"consumer": self.name, "count": len(prepared), "processed": len(handled)},
            )
        outcomes.update(zip(positions, handled, strict=True))
        return [outcomes[i] for i in sorted(outcomes)]

    def _processed(
        self, events: Sequence[tuple[ConsumerRecord[bytes, bytes], CloudEvent]]
    ) -> dict[str, Any]:
        """The parameters of :data:`RECORD_PROCESSED_BATCH` for these events."""
        return {
            "consumer": self.name,
            "event_ids": [event.id for _, event in events],
            "topics": [record.topic for record, _ in events],
            "partitions": [record.partition for record, _ in events],
            "offsets": [record.offset for record, _ in events],
        }

    async def _handle_batch(self, prepared: list[_Prepared]) -> list[ProcessResult]:
        attempt = 0
        while True:
            attempt += 1
            try:
                results: list[ProcessResult] = []
                async with self._db.transaction() as session:
                    inserted = set(
                        await session.scalars(
                            RECORD_PROCESSED_BATCH,
                            self._processed([(item.record, item.event) for item in prepared]),
                        )
                    )
                    new: list[_Prepared] = []
                    for item in prepared:
                        if item.event.id not in inserted:
                            log.info(
                                "duplicate event skipped",
                                extra={"event_id": str(item.event.id), "consumer": self.name},
                            )
                            results.append(ProcessResult("duplicate", str(item.event.id)))
                            continue
                        # The same event twice in one batch takes effect once.
                        inserted.discard(item.event.id)
                        new.append(item)
                        results.append(ProcessResult("processed", str(item.event.id)))
                    for run in _runs(new, self._batch_handlers):
                        await self._handle_run(session, run)
                # The effects are committed; the offset is committed only after the batch.
                crash_point("consumer_crash_before_offset_commit", self._fault)
                return results
            except TRANSIENT_ERRORS as exc:
                log.warning(
                    "transient failure of a batch; retrying",
                    extra={"error_type": type(exc).__name__, "attempt": attempt},
                )
                await asyncio.sleep(min(self._retry_backoff * 2 ** min(attempt, 6), 10.0))
            except Exception as exc:
                raise _BatchFailed from exc

    async def _handle_run(self, session: AsyncSession, run: list[_Prepared]) -> None:
        """One event with its handler, or consecutive events of one type with the batch
        handler (one span linked to every event's trace)."""
        first = run[0]
        batch_handler = self._batch_handlers.get(first.event.type)
        if batch_handler is None:
            with self._tracer.start_as_current_span(
                f"consume {first.record.topic}",
                context=context_from_headers(decode_kafka_headers(first.record.headers)),
                kind=trace.SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.destination.name": first.record.topic,
                    "messaging.consumer.group.name": self.name,
                    "messaging.kafka.offset": first.record.offset,
                    "messaging.message.id": str(first.event.id),
                    "cloudevents.event_type": first.event.type,
                },
            ):
                await first.handler(session, first.event, first.payload)
            return
        links = [
            trace.Link(span_context)
            for item in run
            if (
                span_context := trace.get_current_span(
                    context_from_headers(decode_kafka_headers(item.record.headers))
                ).get_span_context()
            ).is_valid
        ]
        with self._tracer.start_as_current_span(
            f"consume {first.record.topic}",
            kind=trace.SpanKind.CONSUMER,
            links=links,
            attributes={
                "messaging.system": "kafka",
                "messaging.destination.name": first.record.topic,
                "messaging.consumer.group.name": self.name,
                "messaging.batch.message_count": len(run),
                "cloudevents.event_type": first.event.type,
            },
        ):
            await batch_handler(session, [(item.event, item.payload) for item in run])

    async def _handle_with_retries(
        self,
        record: ConsumerRecord[bytes, bytes],
        event: CloudEvent,
        payload: EventPayload,
        handler: Handler,
    ) -> ProcessResult:
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._db.transaction() as session:
                    inserted = await session.scalar(
                        RECORD_PROCESSED_BATCH, self._processed([(record, event)])
                    )
                    if inserted is None:
                        log.info(
                            "duplicate event skipped",
                            extra={"event_id": str(event.id), "consumer": self.name},
                        )
                        return ProcessResult("duplicate", str(event.id))
                    await handler(session, event, payload)
                # The effects are committed; the offset is committed only after the batch.
                crash_point("consumer_crash_before_offset_commit", self._fault)
                log.debug(
                    "event processed",
                    extra={
                        "event_id": str(event.id),
                        "event_type": event.type,
                        "consumer": self.name,
                    },
                )
                return ProcessResult("processed", str(event.id))
            except TRANSIENT_ERRORS as exc:
                log.warning(
                    "transient failure; retrying",
                    extra={
                        "event_id": str(event.id),
                        "error_type": type(exc).__name__,
                        "attempt": attempt,
                    },
                )
                await asyncio.sleep(min(self._retry_backoff * 2 ** min(attempt, 6), 10.0))
            except Exception as exc:
                if attempt >= self._max_attempts:
                    await self._dead_letter(record, exc, attempts=attempt)
                    return ProcessResult("dead-lettered", str(event.id))
                log.warning(
                    "handler failed; retrying",
                    extra={
                        "event_id": str(event.id),
                        "error_type": type(exc).__name__,
                        "attempt": attempt,
                    },
                )
                await asyncio.sleep(self._retry_backoff * 2 ** (attempt - 1))

    async def _dead_letter(
        self, record: ConsumerRecord[bytes, bytes], exc: BaseException, *, attempts: int
    ) -> None:
        headers = [
            (k, v) for k, v in (record.headers or ()) if not k.startswith("dlt-")
        ] + kafka_headers(
            {
                "dlt-consumer": self.name,
                "dlt-error-type": type(exc).__name__,
                "dlt-error": _safe_error(exc)[:1000],
                "dlt-attempts": str(attempts),
                "dlt-original-topic": record.topic,
                "dlt-original-partition": str(record.partition),
                "dlt-original-offset": str(record.offset),
            }
        )
        await self._dlt_producer.send_and_wait(
            named(self._dlt, self._topic_prefix),
            value=record.value,
            key=record.key,
            headers=headers,
        )
        log.error(
            "message dead-lettered",
            extra={
                "consumer": self.name,
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "error_type": type(exc).__name__,
            },
        )

    async def start(self) -> None:
        """Join the consumer group."""
        await self._dlt_producer.start()
        self._consumer = AIOKafkaConsumer(
            *(named(topic, self._topic_prefix) for topic in self._topics),
            bootstrap_servers=self._bootstrap,
            group_id=named(self.name, self._topic_prefix),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_interval_ms=300000,
            isolation_level="read_committed",
            **(
                {"fetch_max_wait_ms": self._batch_wait_ms, "fetch_min_bytes": 65_536}
                if self._batch_wait_ms
                else {}
            ),
            **connection_options(),
        )
        await self._consumer.start()

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until ``stop`` is set; the batch in hand is finished and committed first."""
        if self._consumer is None:
            await self.start()
        consumer = self._consumer
        assert consumer is not None
        pending: dict[TopicPartition, int] = {}
        committed_at = time.monotonic()
        while not stop.is_set():
            try:
                batches = await consumer.getmany(timeout_ms=500, max_records=200)
            except KafkaError as exc:
                log.warning("fetch failed", extra={"error_type": type(exc).__name__})
                await asyncio.sleep(1.0)
                continue
            if batches:
                # Everything one poll returned, every partition, in one transaction; each
                # partition's records stay in their order.
                results = await self.process_batch(
                    [r for records in batches.values() for r in records]
                )
                self._tally.update(result.outcome for result in results)
                pending.update({tp: rs[-1].offset + 1 for tp, rs in batches.items()})
            # Offsets follow the effects, which are already committed: under load once per
            # interval (an offset commit is a write on the broker), idle at once.
            if pending and (
                not batches or time.monotonic() - committed_at >= self._commit_interval
            ):
                await self._commit(consumer, pending)
                pending, committed_at = {}, time.monotonic()
        if pending:
            await self._commit(consumer, pending)

    async def _commit(self, consumer: AIOKafkaConsumer, offsets: dict[TopicPartition, int]) -> None:
        # One line per offset commit (at most one a second under load) rather than one per event.
        log.info("events consumed", extra={"consumer": self.name, **self._tally})
        self._tally.clear()
        try:
            await consumer.commit(offsets)
        except CommitFailedError:
            # The group rebalanced: the new owner re-reads from the last commit and the
            # processed-event table turns those re-deliveries into no-ops.
            log.warning("offset commit failed after rebalance", extra={"consumer": self.name})

    async def close(self) -> None:
        """Leave the group and stop the producer."""
        if self._consumer is not None:
            with contextlib.suppress(Exception):
                await self._consumer.stop()
        with contextlib.suppress(Exception):
            await self._dlt_producer.stop()
