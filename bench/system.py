"""The whole system for a benchmark, on databases of its own.

A benchmark that starts the system runs it on six databases created empty for the run (each
owned by its service's role, migrated and seeded as ``make run`` does) and on Kafka topics and
consumer groups of its own (every name with the run's prefix before it), all dropped at its end.
Every run starts from the same state, whatever ran before it, and a run's synthetic reports never
reach the development databases and topics that ``make run`` shows (nor the topics a rebuild of
reporting reads).
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from heaolu_shared.cli import migrate
from heaolu_shared.db import asyncpg_dsn
from heaolu_shared.testing import create_database, remove_database
from heaolu_shared.topics import delete_topics, ensure_topics, named
from stack import Stack, create_databases, database_url, drop_databases

KAFKA = "127.0.0.1:19092"


@dataclass(frozen=True)
class BenchSystem:
    """The running system and the databases it runs on."""

    stack: Stack
    databases: Mapping[str, str]
    """Each service's database, by service."""
    topic_prefix: str = ""
    """Before the name of each of the run's topics and consumer groups on the broker."""

    def topic(self, name: str) -> str:
        """The run's own topic of the declared topic ``name``."""
        return named(name, self.topic_prefix)

    def dsn(self, service: str) -> str:
        """The asyncpg DSN of ``service``'s database, as its role."""
        return asyncpg_dsn(database_url(service, self.databases[service]))

    @property
    def services_by_database(self) -> dict[str, str]:
        """The service whose database each is, by database name."""
        return {name: service for service, name in self.databases.items()}


@asynccontextmanager
async def running_system(
    environment: Mapping[str, str] | None = None,
) -> AsyncIterator[BenchSystem]:
    """The whole system started on fresh databases and topics, with ``environment`` in every
    process and no per-user rate limit at the gateway (the load comes from one user); stopped,
    and its databases and topics dropped, when the block ends."""
    prefix = f"bench-{uuid.uuid4().hex[:12]}."
    names = await asyncio.to_thread(create_databases, "bench")
    try:
        await ensure_topics(KAFKA, prefix=prefix)
        stack = Stack(databases=names)
        for process in stack.procs.values():
            process.env.update(environment or {})
            process.env["HEAOLU_KAFKA_TOPIC_PREFIX"] = prefix
        stack.procs["gateway"].env["HEAOLU_USER_RATE_PER_MINUTE"] = "10000000"
        await asyncio.to_thread(stack.migrate)
        try:
            await asyncio.to_thread(stack.start_all)
            yield BenchSystem(stack, names, prefix)
        finally:
            await asyncio.to_thread(stack.stop_all)
    finally:
        try:
            await delete_topics(KAFKA, prefix)
        finally:
            await asyncio.to_thread(drop_databases, names)


@asynccontextmanager
async def service_database(service: str, label: str) -> AsyncIterator[str]:
    """One service's database for a benchmark of its own: created empty under a name of its own
    (``heaolu_test_<label>_...``, owned by the service's role and closed to other roles), the
    service's migrations applied, and dropped when the block ends, whoever is still connected,
    even when the benchmark fails. Yields its SQLAlchemy URL as the service's role."""
    name = await create_database(label, owner=f"heaolu_{service}")
    try:
        url = database_url(service, name)
        package = importlib.import_module(f"heaolu_{service}")
        migrations = Path(str(package.__file__)).parent / "migrations"
        # Alembic's env.py runs its own event loop, so the upgrade runs in a worker thread.
        await asyncio.to_thread(migrate, migrations, url)
        yield url
    finally:
        await remove_database(name)
