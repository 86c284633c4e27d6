"""A throwaway reporting database with the migrations applied (PostgreSQL only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import heaolu_reporting
from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database

MIGRATIONS = Path(heaolu_reporting.__file__).parent / "migrations"


@pytest.fixture
async def db() -> AsyncIterator[Database]:
    async with migrated_database("reporting", MIGRATIONS) as database:
        yield database
