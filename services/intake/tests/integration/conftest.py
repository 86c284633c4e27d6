"""Intake's integration tests: a throwaway database with intake's migrations applied."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import heaolu_intake
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_intake.__file__).parent / "migrations"


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[Database]:
    async with migrated_database("intake", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(database: Database) -> AsyncIterator[object]:
    async with rolled_back_session(database) as s:
        yield s
