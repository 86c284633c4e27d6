"""Casework's integration tests: one throwaway database with the migrations applied per test
session, and a session per test whose work is rolled back."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_casework
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_casework.__file__).parent / "migrations"


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Database]:
    async with migrated_database("casework", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(database: Database) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(database) as s:
        yield s
