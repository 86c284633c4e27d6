"""Audit's integration tests: a throwaway migrated database, a rolled-back session per test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_audit
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_audit.__file__).parent / "migrations"


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Database]:
    async with migrated_database("audit", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(database) as s:
        yield s
