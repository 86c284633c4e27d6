"""``Idempotency-Key`` against the real PostgreSQL: replays, retention and the replay check."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import create_async_engine

from heaolu_shared import idempotency
from heaolu_shared.db import Database
from heaolu_shared.errors import NotPermitted
from heaolu_shared.messages import define

pytestmark = pytest.mark.integration

NO_LONGER_YOURS = define("test.no-longer-yours", et="Enam mitte teie oma", en="No longer yours")


class Made(BaseModel):
    id: uuid.UUID
    name: str


class Body(BaseModel):
    name: str


@pytest.fixture
async def db(database: tuple[Database, str]) -> AsyncIterator[Database]:
    db, url = database
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(idempotency.idempotency_metadata.create_all)
    await engine.dispose()
    yield db


async def _create(
    db: Database, key: str, name: str, *, authorize: bool | None = None
) -> tuple[Made, bool]:
    async def make() -> Made:
        return Made(id=uuid.uuid4(), name=name)

    async def check(stored: Made) -> None:
        if not authorize:
            raise NotPermitted(NO_LONGER_YOURS)

    async with db.transaction() as session:
        return await idempotency.once(
            session,
            caller="worker-1",
            key=key,
            operation="thing.create",
            body=Body(name=name),
            target="",
            response_model=Made,
            create=make,
            authorize_replay=None if authorize is None else check,
        )


async def _age(db: Database, key: str, by: timedelta) -> None:
    async with db.transaction() as session:
        await session.execute(
            sa.update(idempotency.idempotency_record)
            .where(idempotency.idempotency_record.c.key == key)
            .values(created_at=idempotency.idempotency_record.c.created_at - by)
        )


async def test_a_replay_answers_the_first_creation_and_another_body_conflicts(
    db: Database,
) -> None:
    first, created = await _create(db, "key-00000001", "a")
    again, replayed = await _create(db, "key-00000001", "a")
    assert (created, replayed) == (True, False)
    assert again == first
    with pytest.raises(idempotency.IdempotencyConflict):
        await _create(db, "key-00000001", "b")


async def test_a_replay_is_refused_when_the_caller_may_no_longer_see_the_answer(
    db: Database,
) -> None:
    first, _ = await _create(db, "key-00000002", "a")
    allowed, _ = await _create(db, "key-00000002", "a", authorize=True)
    assert allowed == first
    with pytest.raises(NotPermitted):
        await _create(db, "key-00000002", "a", authorize=False)


async def test_keys_are_forgotten_after_the_retention_and_purged(db: Database) -> None:
    first, _ = await _create(db, "key-00000003", "a")
    kept, _ = await _create(db, "key-00000004", "a")
    await _age(db, "key-00000003", idempotency.RETENTION + timedelta(minutes=1))

    # Past the retention the key is new again, even before the purge has run.
    fresh, created = await _create(db, "key-00000003", "a")
    assert created and fresh.id != first.id
    await _age(db, "key-00000003", idempotency.RETENTION + timedelta(minutes=1))

    async with db.transaction() as session:
        purged = await idempotency.purge_expired(session, datetime.now(UTC))
    assert purged == 1
    async with db.transaction() as session:
        keys = (await session.scalars(sa.select(idempotency.idempotency_record.c.key))).all()
    assert keys == ["key-00000004"]
    assert (await _create(db, "key-00000004", "a"))[0] == kept
