"""The migration that drops the outbox's notifying trigger (the relay is told after the commit,
ADR 0035): gone at the head, back when undone, gone again when redone."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from heaolu_shared.db import Database
from heaolu_shared.testing import migrated_database

from .conftest import MIGRATIONS

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


def _alembic(db: Database, step: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = db.engine.url.render_as_string(hide_password=False)
    if step == "down":
        command.downgrade(config, "0004_processed_events_by_time")
    else:
        command.upgrade(config, "head")


async def test_the_outbox_has_no_notifying_trigger_and_the_migration_goes_both_ways() -> None:
    async with migrated_database("audit_announce", MIGRATIONS) as db:
        assert await _outbox_triggers(db) == []
        await asyncio.to_thread(_alembic, db, "down")
        assert await _outbox_triggers(db) == ["outbox_notify"]
        await asyncio.to_thread(_alembic, db, "up")
        assert await _outbox_triggers(db) == []
