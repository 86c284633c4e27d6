"""The migration that drops the outbox's notifying trigger (the relay is told after the commit,
ADR 0035): gone at the head, back when undone, gone again when redone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database

from .conftest import MIGRATIONS, migrate_to

pytestmark = pytest.mark.integration


async def _outbox_triggers(db: Database) -> list[str]:
    async with db.transaction() as session:
        names = await session.scalars(
            sa.text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox'::regclass"
                " AND NOT tgisinternal ORDER BY tgname"
            )
        )
        return list(names)


async def test_the_outbox_has_no_notifying_trigger_and_the_migration_goes_both_ways() -> None:
    async with migrated_database("audit_announce", MIGRATIONS) as db:
        assert await _outbox_triggers(db) == []
        await migrate_to(db, "0004_processed_events_by_time")
        assert await _outbox_triggers(db) == ["outbox_notify"]
        await migrate_to(db, "head")
        assert await _outbox_triggers(db) == []
