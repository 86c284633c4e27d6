"""What audit consumes (every service's access records) and publishes (anomaly alerts)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_audit.service import append_batch
from heaolu_audit.settings import Settings, get_settings
from heaolu_shared.contracts.audit import (
    ACCESS_RECORDED,
    ACCESSES_RECORDED,
    TOPIC,
    AccessesRecordedV1,
    AccessRecordedV1,
)
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic

ACCESS_CONSUMER = "audit.access"


def records_of(
    event: CloudEvent, payload: AccessRecordedV1 | AccessesRecordedV1
) -> list[tuple[uuid.UUID, AccessRecordedV1]]:
    """The audit records an event stands for, each with its own event id: the event's own for
    one access; for many, one derived from the event's id and the record's place in it, the same
    every time the event is delivered, so the chain's unique event id still refuses a copy."""
    if isinstance(payload, AccessRecordedV1):
        return [(event.id, payload)]
    return [
        (uuid.uuid5(event.id, str(place)), access) for place, access in enumerate(payload.each())
    ]


async def on_access_recorded(
    session: AsyncSession, event: CloudEvent, payload: AccessRecordedV1 | AccessesRecordedV1
) -> None:
    settings: Settings = get_settings()
    await append_batch(
        session, records_of(event, payload), settings.anomaly_distinct_subjects_per_hour
    )


async def on_access_recorded_batch(
    session: AsyncSession,
    items: Sequence[tuple[CloudEvent, AccessRecordedV1 | AccessesRecordedV1]],
) -> None:
    """A batch's records appended under one lock with one insert (ADR 0020), events of one
    access and of many alike."""
    settings: Settings = get_settings()
    await append_batch(
        session,
        [record for event, payload in items for record in records_of(event, payload)],
        settings.anomaly_distinct_subjects_per_hour,
    )


def access_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    return InboxConsumer(
        name=ACCESS_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=[TOPIC],
        handlers={ACCESS_RECORDED: on_access_recorded, ACCESSES_RECORDED: on_access_recorded},
        batch_handlers={
            ACCESS_RECORDED: on_access_recorded_batch,
            ACCESSES_RECORDED: on_access_recorded_batch,
        },
        # Nobody waits on the trail: a fetch may wait a quarter of a second to fill, so the chain
        # grows in batches (one lock, one read of its head, one insert each), as reporting does.
        batch_wait_ms=250,
        dead_letter_topic=dead_letter_topic("audit"),
        fault=settings.fault,
    )


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(settings, consumers=[access_consumer])
