"""Court's integration tests: a throwaway database with court's migrations applied."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_court
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_court.__file__).parent / "migrations"


@pytest.fixture(scope="session")
async def court_db() -> AsyncIterator[Database]:
    async with migrated_database("court", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(court_db: Database) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(court_db) as s:
        yield s
