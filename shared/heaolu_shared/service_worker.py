"""The standard worker of a service: its outbox relay plus its consumers."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from heaolu_shared.db import Database
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.outbox import OutboxRelay
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.worker import Runnable, periodic, run_until_signalled

log = logging.getLogger(__name__)

ConsumerFactory = Callable[[Database, ServiceSettings], InboxConsumer]
ComponentFactory = Callable[[Database, ServiceSettings], Runnable]

FORGET_INTERVAL = timedelta(hours=1)
"""How often the consumers' processed events beyond their window are deleted."""


def forgetting(
    inboxes: Sequence[InboxConsumer], clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> Runnable:
    """The component that deletes every consumer's processed events no topic can deliver again,
    every :data:`FORGET_INTERVAL`."""

    async def forget() -> None:
        for consumer in inboxes:
            forgotten = await consumer.forget_processed(clock())
            if forgotten:
                log.info(
                    "processed events forgotten",
                    extra={"consumer": consumer.name, "count": forgotten},
                )

    return periodic(forget, FORGET_INTERVAL, name="processed-event purge")


async def run_service_worker(
    settings: ServiceSettings,
    consumers: Sequence[ConsumerFactory] = (),
    components: Sequence[ComponentFactory] = (),
) -> None:
    """Run the relay, every consumer and any further component (e.g. a deadline scheduler) of a
    service until signalled."""
    database = Database(
        settings.database_url,
        pool_size=settings.db_pool_size,
        application_name=f"heaolu-{settings.service_name}-worker",
        announce_spacing=settings.outbox_drain_spacing_ms / 1000,
    )
    relay = OutboxRelay(
        database,
        settings.database_url,
        settings.kafka_bootstrap,
        drain_spacing=settings.outbox_drain_spacing_ms / 1000,
        fault=settings.fault,
        topic_prefix=settings.kafka_topic_prefix,
    )
    inboxes = [factory(database, settings) for factory in consumers]
    extra = [factory(database, settings) for factory in components]
    runnables: list[Runnable] = [relay.run, *(c.run for c in inboxes), *extra]
    if inboxes:
        runnables.append(forgetting(inboxes))

    async def close() -> None:
        await relay.close()
        for consumer in inboxes:
            await consumer.close()
        await database.dispose()

    await run_until_signalled(runnables, cleanup=[close])
