"""Fixtures for the shared library's integration tests: a throwaway database and topic."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from sqlalchemy.ext.asyncio import create_async_engine

from heaolu_shared.db import Database
from heaolu_shared.messaging import messaging_metadata
from heaolu_shared.testing import drop_database

ADMIN_DSN = "postgresql://heaolu_admin:heaolu_admin_dev@127.0.0.1:5432/postgres"
KAFKA = "127.0.0.1:19092"


@pytest.fixture
async def database() -> AsyncIterator[tuple[Database, str]]:
    """A fresh database with the messaging tables (as the services' migrations leave them: no
    trigger, the relay is notified after each commit); dropped afterwards."""
    name = f"heaolu_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+asyncpg://heaolu_admin:heaolu_admin_dev@127.0.0.1:5432/{name}"
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(messaging_metadata.create_all)
    await engine.dispose()
    db = Database(url, pool_size=5)
    try:
        yield db, url
    finally:
        await db.dispose()
        try:
            await drop_database(admin, name)
        finally:
            await admin.close()


@pytest.fixture
async def topic() -> AsyncIterator[str]:
    """A fresh three-partition topic; deleted afterwards."""
    name = f"heaolu.test-{uuid.uuid4().hex[:12]}"
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    await admin.create_topics([NewTopic(name, num_partitions=3, replication_factor=1)])
    try:
        yield name
    finally:
        await admin.delete_topics([name])
        await admin.close()
