"""Fixtures for the shared library's integration tests: a throwaway database and topic."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from heaolu_shared.db import Database
from heaolu_shared.messaging import messaging_metadata
from heaolu_shared.testing import create_tables, kafka_topic, throwaway_database

KAFKA = "127.0.0.1:19092"


@pytest.fixture
async def database() -> AsyncIterator[tuple[Database, str]]:
    """A fresh database with the messaging tables (as the services' migrations leave them: no
    trigger, the relay is notified after each commit); dropped afterwards."""
    async with throwaway_database("shared") as dsn:
        url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
        db = Database(url, pool_size=5)
        try:
            await create_tables(db, messaging_metadata)
            yield db, url
        finally:
            await db.dispose()


@pytest.fixture
async def topic() -> AsyncIterator[str]:
    """A fresh three-partition topic; deleted afterwards."""
    async with kafka_topic(KAFKA, f"heaolu.test-{uuid.uuid4().hex[:12]}", 3) as name:
        yield name
