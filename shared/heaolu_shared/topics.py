"""The one declaration of Kafka topics: name, partitions, retention.

Automatic topic creation is disabled on the broker; ``python -m heaolu_shared.topics`` creates
missing topics from this list and updates the configs of existing ones.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

DAY_MS = 24 * 3600 * 1000

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicSpec:
    """A topic and the settings it is created with."""

    name: str
    partitions: int
    retention_ms: int
    description: str
    replication_factor: int = 3
    """Copies in a production cluster; a single-broker development cluster keeps one."""
    min_insync_replicas: int = 2
    """Copies that must acknowledge a write (producers use ``acks=all``)."""
    cleanup_policy: str = "delete"


TOPICS: tuple[TopicSpec, ...] = (
    TopicSpec("heaolu.intake.v1", 6, 30 * DAY_MS, "events produced by intake"),
    TopicSpec("heaolu.casework.v1", 6, 30 * DAY_MS, "events produced by casework"),
    TopicSpec("heaolu.court.v1", 3, 30 * DAY_MS, "events produced by court"),
    TopicSpec("heaolu.ngts.v1", 3, 30 * DAY_MS, "events produced by ngts"),
    TopicSpec("heaolu.reporting.v1", 3, 30 * DAY_MS, "events produced by reporting"),
    TopicSpec(
        "heaolu.ska-feed.v1",
        3,
        400 * DAY_MS,
        "the minimised feed for the Social Insurance Board (SKA): pseudonyms, municipality, age "
        "band, ISO week and categories only; produced by reporting",
    ),
    TopicSpec("heaolu.audit.v1", 6, 30 * DAY_MS, "audit records from every service"),
    TopicSpec("heaolu.casework.dlt", 1, 90 * DAY_MS, "dead letters of casework's consumers"),
    TopicSpec("heaolu.court.dlt", 1, 90 * DAY_MS, "dead letters of court's consumers"),
    TopicSpec("heaolu.ngts.dlt", 1, 90 * DAY_MS, "dead letters of ngts's consumers"),
    TopicSpec("heaolu.reporting.dlt", 1, 90 * DAY_MS, "dead letters of reporting's consumers"),
    TopicSpec("heaolu.audit.dlt", 1, 90 * DAY_MS, "dead letters of audit's consumers"),
    TopicSpec("heaolu.intake.dlt", 1, 90 * DAY_MS, "dead letters of intake's consumers"),
)


def dead_letter_topic(service: str) -> str:
    """The dead-letter topic of a consuming service."""
    return f"heaolu.{service}.dlt"


def named(topic: str, prefix: str = "") -> str:
    """The name of ``topic`` on the broker for a stack whose topics carry ``prefix``."""
    return f"{prefix}{topic}"


@asynccontextmanager
async def admin_client(bootstrap: str) -> AsyncIterator[AIOKafkaAdminClient]:
    """A started admin client of the broker, closed when the block ends."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


async def ensure_topics(
    bootstrap: str, topics: tuple[TopicSpec, ...] = TOPICS, *, prefix: str = ""
) -> list[str]:
    """Create the topics that do not exist yet and align retention of those that do, each
    named with ``prefix`` before it.

    Returns the names of the topics created.
    """
    async with admin_client(bootstrap) as admin:
        existing = set(await admin.list_topics())
        missing = [t for t in topics if named(t.name, prefix) not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(
                        named(t.name, prefix),
                        num_partitions=t.partitions,
                        replication_factor=1,
                        topic_configs={
                            "retention.ms": str(t.retention_ms),
                            "cleanup.policy": t.cleanup_policy,
                        },
                    )
                    for t in missing
                ]
            )
        present = [t for t in topics if named(t.name, prefix) in existing]
        if present:
            await admin.alter_configs(
                [
                    ConfigResource(
                        ConfigResourceType.TOPIC,
                        named(t.name, prefix),
                        {"retention.ms": str(t.retention_ms)},
                    )
                    for t in present
                ]
            )
        return [named(t.name, prefix) for t in missing]


async def delete_topics(bootstrap: str, prefix: str) -> list[str]:
    """Delete every declared topic named with ``prefix`` (a benchmark's, after its run); never
    the unprefixed ones. Returns the names deleted."""
    if not prefix:
        raise ValueError("only topics with a prefix are deleted")
    async with admin_client(bootstrap) as admin:
        existing = set(await admin.list_topics())
        gone = [name for name in (named(t.name, prefix) for t in TOPICS) if name in existing]
        if gone:
            await admin.delete_topics(gone)
        return gone


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Create Heaolu's Kafka topics from the declaration"
    )
    parser.add_argument("--bootstrap", default="127.0.0.1:19092")
    args = parser.parse_args()
    created = asyncio.run(ensure_topics(args.bootstrap))
    print(f"topics: {len(TOPICS)} declared, {len(created)} created")


if __name__ == "__main__":
    main()
