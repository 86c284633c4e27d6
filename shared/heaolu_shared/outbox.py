"""The transactional outbox and its relay to Kafka.

Service code calls :func:`enqueue` inside the business transaction; the row commits (or not)
with the business rows. :class:`OutboxRelay` publishes committed rows with an idempotent
producer (``acks=all``), keyed by aggregate id, and marks them sent.

Delivery is at least once: a relay that dies after Kafka acknowledged a batch but before its
``sent_at`` update committed publishes the batch again on restart; consumers deduplicate by
event id. Several relay processes may run: the one whose connection holds a session-level advisory
lock drains, the others stand by and take the lock over when that connection ends (a relay that
stops or dies, or whose connection drops), which keeps the per-key order of rows that committed
in order. Holding the lock across drains makes a drain two statements in autocommit (read the
unsent rows, mark them sent) instead of a transaction of five round trips.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import asyncpg
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError, OutOfOrderSequenceNumber
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.db import Database, announce_on_commit, asyncpg_dsn
from heaolu_shared.events import CLOUDEVENTS_CONTENT_TYPE, EventPayload, EventRegistry, registry
from heaolu_shared.faults import crash_point
from heaolu_shared.kafka_tls import connection_options
from heaolu_shared.messaging import OUTBOX_CHANNEL, outbox
from heaolu_shared.statements import plain_insert, write
from heaolu_shared.telemetry import current_trace_headers, kafka_headers
from heaolu_shared.topics import named

log = logging.getLogger(__name__)

RELAY_LOCK_KEY = 0x4E4F_5554_424F_58
"""Advisory lock id held by the draining relay's connection (``"HEAOLU OUTBOX"``-ish, any
constant)."""

RELAY_CONNECTION_SETTINGS = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}
"""The server probes a silent relay after 10 s and ends its session after three unanswered
probes 5 s apart: a leader whose host vanished (a half-open connection) releases the lead within
about half a minute, where the operating system's default waits two hours."""

RELAY_STATEMENT_TIMEOUT = 30.0
"""Seconds a relay waits for one of its statements before it drops the connection and
reconnects (a connection that stopped answering from the relay's side)."""

SUMMARY_SECONDS = 10.0
"""How often, at most, the relay logs how many rows it published (one line per batch is noise
under load; a debug line per batch remains)."""

# The relay's statements, on its own connection (no session: SQLAlchemy's session and
# transaction cost more CPU than the statements do). JSONB comes as its own text: the bytes to
# publish, not decoded and encoded again.
_TRY_LEAD = "SELECT pg_try_advisory_lock($1)"
_UNSENT = (
    "SELECT id, topic, key, payload::text AS payload, headers::text AS headers, event_type"
    " FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1"
)
_MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ANY($1::bigint[])"

_ENQUEUE = plain_insert(outbox)
"""Built once, values as parameters: building ``insert().values(...)`` per event cost more than
executing it. The table's plain insert, so that held outbox rows can join a request's one
autocommit statement (:func:`heaolu_shared.statements.send_held`)."""


async def enqueue(
    session: AsyncSession,
    payload: EventPayload,
    *,
    subject: str,
    event_registry: EventRegistry = registry,
    source: str | None = None,
    time: datetime | None = None,
    propagate_trace: bool = True,
    event_id: uuid.UUID | None = None,
) -> str:
    """Add the event for ``payload`` to the outbox in the caller's transaction.

    ``subject`` is the aggregate id: it becomes the CloudEvent subject and the Kafka key, so it
    must never be personal data. Returns the event id. A minimised feed for outside consumers
    sets a coarse ``time`` and ``propagate_trace=False``, so neither the envelope's time nor
    the trace id ties a message back to the internal event it came from.
    """
    event = event_registry.envelope(payload, subject=subject, source=source, event_id=event_id)
    if time is not None:
        event = event.model_copy(update={"time": time})
    spec = event_registry.spec(event.type)
    # The relay hears of the row once the transaction has committed, not from inside it.
    announce_on_commit(session, OUTBOX_CHANNEL)
    # Inside ``deferred_writes`` the row waits for the block's end with the other writes.
    await write(
        session,
        _ENQUEUE,
        {
            "event_id": event.id,
            "topic": spec.topic,
            "key": subject,
            "event_type": event.type,
            "payload": event.model_dump(mode="json"),
            "headers": current_trace_headers() if propagate_trace else {},
        },
    )
    return str(event.id)


def new_producer(bootstrap: str, **overrides: Any) -> AIOKafkaProducer:
    """An idempotent producer with ``acks=all``."""
    options: dict[str, Any] = {
        "bootstrap_servers": bootstrap,
        "enable_idempotence": True,
        "acks": "all",
        "linger_ms": 5,
        "request_timeout_ms": 15000,
        "retry_backoff_ms": 200,
        **connection_options(),
    }
    options.update(overrides)
    return AIOKafkaProducer(**options)


class OutboxRelay:
    """Publishes committed outbox rows to Kafka and marks them sent."""

    def __init__(
        self,
        database: Database,
        database_url: str,
        bootstrap: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 1.0,
        drain_spacing: float = 0.0,
        fault: str = "",
        retention_hours: int = 72,
        topic_prefix: str = "",
    ) -> None:
        """``topic_prefix`` goes before each row's topic on the broker (a benchmark's stack)."""
        self._db = database
        self._topic_prefix = topic_prefix
        self._dsn = asyncpg_dsn(database_url)
        self._bootstrap = bootstrap
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._drain_spacing = drain_spacing
        self._last_drain = -drain_spacing
        self._fault = fault
        self._retention_hours = retention_hours
        self._wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._connection: asyncpg.Connection | None = None
        self._leading = False
        self._draining = asyncio.Lock()
        self._last_purge = 0.0
        self._published = 0
        """Rows published since the last summary in the log."""
        self._summarised_at = time.monotonic()
        self._announced = 0
        """Transactions announced since the last drain began."""
        self._spaced = False
        """Whether the next drain waits out the spacing (the last drain was under load)."""

    async def _start_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            # No linger: a drain hands the producer its whole batch before awaiting it, so the
            # batch is one request anyway; waiting 5 ms more only delays every event.
            producer = new_producer(self._bootstrap, linger_ms=0)
            await producer.start()
            self._producer = producer
        return self._producer

    async def _restart_producer(self) -> None:
        if self._producer is not None:
            with contextlib.suppress(Exception):
                await self._producer.stop()
        self._producer = None

    async def _connect(self) -> asyncpg.Connection:
        """The relay's connection: it listens for new rows and drains them (one per relay)."""
        if self._connection is None or self._connection.is_closed():
            self._connection = None
            self._leading = False
            conn = await asyncpg.connect(
                self._dsn,
                server_settings=RELAY_CONNECTION_SETTINGS,
                command_timeout=RELAY_STATEMENT_TIMEOUT,
            )
            await conn.add_listener(OUTBOX_CHANNEL, self._notified)
            self._connection = conn
        return self._connection

    def _notified(self, *_: object) -> None:
        """Outbox rows were committed: one notification per transaction, or one for the
        transactions a process committed while its last notification was out (ADR 0035)."""
        self._announced += 1
        self._wake.set()

    async def _disconnect(self) -> None:
        """Close the connection, which gives up the lead (the server releases the lock)."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                await self._connection.close()
        self._connection = None
        self._leading = False

    async def drain_once(self) -> int:
        """Publish one batch of unsent rows; returns how many rows were published (0 also
        while another relay leads). Drains of one relay take turns on its connection."""
        async with self._draining:
            return await self._drain()

    async def _drain(self) -> int:
        producer = await self._start_producer()
        conn = await self._connect()
        if not self._leading:
            self._leading = bool(await conn.fetchval(_TRY_LEAD, RELAY_LOCK_KEY))
            if not self._leading:
                return 0
        rows = await conn.fetch(_UNSENT, self._batch_size)
        if not rows:
            return 0
        futures = []
        for row in rows:
            headers = json.loads(row["headers"]) if row["headers"] else {}
            headers["content-type"] = CLOUDEVENTS_CONTENT_TYPE
            headers["ce-type"] = row["event_type"]
            futures.append(
                await producer.send(
                    named(row["topic"], self._topic_prefix),
                    value=row["payload"].encode(),
                    key=row["key"].encode(),
                    headers=kafka_headers(headers),
                )
            )
        await asyncio.gather(*futures)
        crash_point("relay_crash_after_send", self._fault)
        # Marked only after Kafka acknowledged every row: a relay that dies before this
        # publishes the rows again on restart (consumers deduplicate by event id).
        await conn.execute(_MARK_SENT, [row["id"] for row in rows])
        log.debug("outbox batch published", extra={"count": len(rows)})
        self._published += len(rows)
        return len(rows)

    async def purge_sent(self) -> int:
        """Delete rows sent longer ago than the retention; returns how many were deleted."""
        async with self._db.transaction() as session:
            result = await session.execute(
                sa.delete(outbox).where(
                    outbox.c.sent_at < sa.func.now() - timedelta(hours=self._retention_hours)
                )
            )
        return int(getattr(result, "rowcount", 0) or 0)

    async def run(self, stop: asyncio.Event) -> None:
        """Drain until ``stop`` is set, woken by NOTIFY or by the poll interval."""
        backoff = 0.5
        while not stop.is_set():
            # Under load drains start at least ``drain_spacing`` apart, so that the rows of the
            # spacing's commits go out as one batch. Load is more than one transaction announced
            # between the last drain's start and this one's, or any announced while this drain
            # was out (drains that follow each other at once each see a single transaction,
            # however busy the service): one transaction at a time (a quiet spell, or each
            # waiting for the last to be consumed) goes out at once.
            if self._spaced:
                await _sleep_or_stop(
                    stop, self._last_drain + self._drain_spacing - time.monotonic()
                )
            self._last_drain = time.monotonic()
            announced_before, self._announced = self._announced, 0
            # Cleared before draining: a row committed while a batch is out wakes the next drain
            # at once instead of waiting for the poll interval.
            self._wake.clear()
            try:
                while not stop.is_set() and await self.drain_once() == self._batch_size:
                    pass
                self._spaced = announced_before > 1 or self._announced > 0
                backoff = 0.5
            except OutOfOrderSequenceNumber:
                log.warning("producer out of order; restarting it")
                await self._restart_producer()
            except (
                TimeoutError,
                KafkaError,
                OSError,
                asyncpg.PostgresError,
                asyncpg.InterfaceError,
                sa.exc.SQLAlchemyError,
            ) as exc:
                log.warning(
                    "outbox relay batch failed; will retry",
                    extra={"error_type": type(exc).__name__},
                )
                await self._restart_producer()
                await self._disconnect()
                await _sleep_or_stop(stop, backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            self._summarise()
            if time.monotonic() - self._last_purge > 3600:
                self._last_purge = time.monotonic()
                await self.purge_sent()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(_first(self._wake, stop), timeout=self._poll_interval)

    def _summarise(self, *, final: bool = False) -> None:
        """One log line per interval under load rather than one per batch."""
        if self._published and (final or time.monotonic() - self._summarised_at >= SUMMARY_SECONDS):
            log.info("outbox rows published", extra={"count": self._published})
            self._published, self._summarised_at = 0, time.monotonic()

    async def close(self) -> None:
        """Stop the producer and close the connection."""
        self._summarise(final=True)
        await self._restart_producer()
        await self._disconnect()


async def _first(*events: asyncio.Event) -> None:
    waiters = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for w in waiters:
            w.cancel()


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    if seconds <= 0:
        return
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
