"""What reporting consumes and publishes.

One consumer (``reporting.facts``) reads the intake, casework, court and NGTS topics: every
event of a type in ``facts.service.APPLY`` is minimised, archived and applied to the fact tables,
and the SKA feed message it calls for is written to the outbox in the same transaction. The outbox
relay publishes the feed to ``heaolu.ska-feed.v1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.facts import service as facts
from heaolu_reporting.feed import service as feed
from heaolu_reporting.settings import get_settings
from heaolu_shared.contracts.casework import TOPIC as CASEWORK_TOPIC
from heaolu_shared.contracts.court import TOPIC as COURT_TOPIC
from heaolu_shared.contracts.intake import TOPIC as INTAKE_TOPIC
from heaolu_shared.contracts.ngts import TOPIC as NGTS_TOPIC
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, EventPayload
from heaolu_shared.inbox import BatchHandler, Handler, InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.statements import deferred_writes
from heaolu_shared.topics import dead_letter_topic

FACTS_CONSUMER = "reporting.facts"
TOPICS = (INTAKE_TOPIC, CASEWORK_TOPIC, COURT_TOPIC, NGTS_TOPIC)
"""The topics reporting reads."""


async def on_events(session: AsyncSession, events: Sequence[tuple[CloudEvent, Any]]) -> None:
    """Record each fact and tell SKA, once, in the events' order. The writes wait for the end
    and go out one statement per kind (the feed's reads of facts send what waits first)."""
    key = get_settings().feed_pseudonym_key
    async with deferred_writes(session):
        for event_type, minimised in await facts.archive_new(session, events, key):
            await facts.apply(session, event_type, minimised)
            await feed.publish(session, minimised, key)


async def on_event(session: AsyncSession, event: CloudEvent, payload: EventPayload) -> None:
    """One event alone (the inbox's careful path)."""
    await on_events(session, [(event, payload)])


def facts_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    handlers: dict[str, Handler] = {event_type: on_event for event_type in facts.APPLY}
    batch_handlers: dict[str, BatchHandler] = {event_type: on_events for event_type in facts.APPLY}
    return InboxConsumer(
        name=FACTS_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=TOPICS,
        handlers=handlers,
        batch_handlers=batch_handlers,
        dead_letter_topic=dead_letter_topic("reporting"),
        fault=settings.fault,
        # Statistics are read hours later: a quarter of a second more per event buys batches of
        # the events that arrived meanwhile, one transaction and one offset commit for each, and
        # four fetches a second when idle.
        batch_wait_ms=250,
    )


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(settings, consumers=[facts_consumer])
