"""Audit's integration tests: a throwaway migrated database, a rolled-back session per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_audit
from heaolu_shared.cli import alembic_config
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_audit.__file__).parent / "migrations"


async def migrate_to(db: Database, revision: str) -> None:
    """Bring ``db`` to ``revision`` of audit's migrations: down to an earlier one, or "head"."""
    config = alembic_config(MIGRATIONS, db.engine.url.render_as_string(hide_password=False))
    step = command.upgrade if revision == "head" else command.downgrade
    await asyncio.to_thread(step, config, revision)


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Database]:
    async with migrated_database("audit", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(database) as s:
        yield s
