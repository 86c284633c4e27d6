"""``Idempotency-Key`` for creations: a retry gets the first answer, never a second record.

The key is remembered per caller together with a hash of the request and the answer, in the same
transaction as the creation, so a crash leaves either both or neither. A replay with the same
request returns the stored answer (200); the same key with a different request is a 409.

A stored answer is a copy of what was created, personal data included, so it is kept only as long
as a client may sensibly retry (:data:`RETENTION`), then purged; and a replay is answered only to
a caller who may still see what was created (the owning service says how).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, TypeVar

import sqlalchemy as sa
from fastapi import Header
from pydantic import BaseModel
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.db import Database, new_metadata
from heaolu_shared.errors import Conflict
from heaolu_shared.messages import define
from heaolu_shared.worker import Runnable, periodic

IdempotencyKey = Annotated[
    str | None,
    Header(alias="Idempotency-Key", max_length=128, pattern=r"^[A-Za-z0-9._:-]{8,128}$"),
]

idempotency_metadata = new_metadata()

idempotency_record = sa.Table(
    "idempotency_record",
    idempotency_metadata,
    sa.Column("caller", sa.String(64), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("operation", sa.String(64), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("response", JSONB, nullable=False),
    sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
)


RETENTION = timedelta(hours=24)
"""How long a key is remembered: long enough for any retry, short enough not to hoard copies."""


KEY_REUSED = define(
    "idempotency.key-reused",
    et="See Idempotency-Key on kasutusel teise päringu jaoks",
    en="This Idempotency-Key was used for a different request",
    ru="Этот Idempotency-Key использован для другого запроса",
)


class IdempotencyConflict(Conflict):
    slug = "idempotency-key-reused"


def create_idempotency_table(op: Any) -> None:
    """Create the table (called from a service's migration)."""
    idempotency_metadata.create_all(op.get_bind())


M = TypeVar("M", bound=BaseModel)


def request_hash(operation: str, body: BaseModel | None, target: str = "") -> str:
    raw = json.dumps(
        [operation, target, body.model_dump(mode="json") if body else None], sort_keys=True
    )
    return hashlib.sha256(raw.encode()).hexdigest()


async def once(
    session: AsyncSession,
    *,
    caller: str,
    key: str | None,
    operation: str,
    body: BaseModel | None,
    target: str,
    response_model: type[M],
    create: Callable[[], Awaitable[M]],
    authorize_replay: Callable[[M], Awaitable[None]] | None = None,
) -> tuple[M, bool]:
    """Run ``create`` once per ``(caller, key)``; ``(answer, created)``.

    ``target`` names what the creation hangs on (e.g. the case id), so the same key used on two
    cases is a conflict rather than a replay. ``authorize_replay`` gets the stored answer before
    it is returned again and raises when the caller may no longer see it (the case moved away).
    A key older than :data:`RETENTION` is forgotten.
    """
    if key is None:
        return await create(), True
    digest = request_hash(operation, body, target)
    # Serialise concurrent retries of the same key: the second waits and then sees the first.
    await session.execute(
        sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(f"idem:{caller}:{key}")))
    )
    row = (
        await session.execute(
            sa.select(idempotency_record.c.request_hash, idempotency_record.c.response).where(
                idempotency_record.c.caller == caller,
                idempotency_record.c.key == key,
                idempotency_record.c.created_at > sa.func.now() - RETENTION,
            )
        )
    ).first()
    if row is not None:
        if row.request_hash != digest:
            raise IdempotencyConflict(
                KEY_REUSED,
                extra={"field": "Idempotency-Key"},
            )
        stored = response_model.model_validate(row.response)
        if authorize_replay is not None:
            await authorize_replay(stored)
        return stored, False
    answer = await create()
    statement = pg_insert(idempotency_record).values(
        caller=caller,
        key=key,
        operation=operation,
        request_hash=digest,
        response=answer.model_dump(mode="json"),
    )
    # A forgotten key that the purge has not reached yet is replaced.
    excluded = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["caller", "key"],
            set_={
                "operation": excluded.operation,
                "request_hash": excluded.request_hash,
                "response": excluded.response,
                "created_at": sa.func.now(),
            },
        )
    )
    return answer, True


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    """Delete the keys (and the copies of answers) older than :data:`RETENTION`; how many."""
    result = await session.execute(
        sa.delete(idempotency_record).where(idempotency_record.c.created_at <= now - RETENTION)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def purger(database: Database, interval: timedelta = timedelta(hours=1)) -> Runnable:
    """The worker component that runs :func:`purge_expired` every ``interval``."""

    async def purge() -> None:
        async with database.transaction() as session:
            await purge_expired(session, datetime.now(UTC))

    return periodic(purge, interval, name="idempotency purge")
