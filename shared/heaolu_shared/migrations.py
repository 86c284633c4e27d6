"""Alembic wiring shared by the services' ``migrations/env.py``."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

LOCK_TIMEOUT = "5s"


def _run(connection: Connection, metadata: MetaData) -> None:
    # A migration waits at most this long for a lock instead of queueing behind live traffic.
    # Committed at once (the setting stays for the session), so that the migrations' transaction
    # is Alembic's own and a migration may step out of it (``autocommit_block``).
    connection.exec_driver_sql(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    connection.commit()
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


def reindex_due_lists(tables: Mapping[str, str | None], *, with_id: bool) -> None:
    """Rebuild each table's ``ix_<table>_municipality_due`` and ``ix_<table>_assignee_due``
    indexes (partial where the table maps to a condition), ending in ``id`` or not.

    For migrations only. Lists page by ``(due_at, id)``; without the id, a page of the earliest
    due times reads every row sharing the first due time and sorts them. The indexes are built
    inside the migration's transaction: a service's worklist tables hold at most a few hundred
    thousand rows, which take seconds.
    """
    for table, condition in tables.items():
        where = sa.text(condition) if condition else None
        for lead in ("municipality", "assignee"):
            name = f"ix_{table}_{lead}_due"
            op.drop_index(name, table_name=table)
            columns = [lead, "due_at", *(["id"] if with_id else [])]
            op.create_index(name, table, columns, postgresql_where=where)
