"""The migration that indexes processed events by time, on the service whose table grows
fastest: built concurrently and valid, undone and done again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from heaolu_shared.db import Database
from heaolu_shared.messaging import PROCESSED_AT_INDEX
from heaolu_shared.testing import migrated_database

from .conftest import MIGRATIONS, migrate_to

pytestmark = pytest.mark.integration


async def _index_valid(db: Database) -> bool | None:
    """Whether the index is valid; None when there is none."""
    async with db.transaction() as session:
        return await session.scalar(
            sa.text(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                " WHERE c.relname = :name"
            ),
            {"name": PROCESSED_AT_INDEX},
        )


async def test_the_index_is_built_valid_and_the_migration_goes_both_ways() -> None:
    async with migrated_database("audit_index", MIGRATIONS) as db:
        assert await _index_valid(db) is True
        await migrate_to(db, "0003_sealed_actor")
        assert await _index_valid(db) is None
        await migrate_to(db, "head")
        assert await _index_valid(db) is True
