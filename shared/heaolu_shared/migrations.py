"""Alembic wiring shared by the services' ``migrations/env.py``."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

LOCK_TIMEOUT = "5s"


def _run(connection: Connection, metadata: MetaData) -> None:
    # A migration waits at most this long for a lock instead of queueing behind live traffic.
    connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    context.configure(connection=connection, target_metadata=metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(metadata: MetaData) -> None:
    """Run the configured Alembic migrations online; the URL comes from the Alembic config."""
    database_url: str = context.config.attributes["database_url"]

    async def go() -> None:
        engine = create_async_engine(database_url, poolclass=pool.NullPool)
        async with engine.connect() as conn:
            await conn.run_sync(_run, metadata)
            await conn.commit()
        await engine.dispose()

    asyncio.run(go())
