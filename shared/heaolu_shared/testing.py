"""Support for the services' integration tests: a throwaway database with migrations applied.

Each service's ``tests/integration/conftest.py`` creates one database for the test session with
:func:`migrated_database` and gives every test a session whose work is rolled back at the end
with :func:`rolled_back_session`, so tests neither see each other's rows nor the development
database. Only PostgreSQL is needed (``make integration``).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import jwt
import sqlalchemy as sa
from aiokafka import ConsumerRecord
from aiokafka.admin import NewTopic
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_shared.cli import migrate
from heaolu_shared.contracts.audit import ACCESS_RECORDED, ACCESSES_RECORDED, AccessesRecordedV1
from heaolu_shared.db import Database
from heaolu_shared.messaging import outbox
from heaolu_shared.topics import admin_client

ADMIN_DSN = os.environ.get(
    "HEAOLU_TEST_ADMIN_DSN", "postgresql://heaolu_admin:heaolu_admin_dev@127.0.0.1:5432/postgres"
)

_IDENTIFIER = re.compile(r"[a-z0-9_]+")


def admin_dsn(database: str) -> str:
    """The asyncpg DSN of ``database`` as the administrator."""
    return ADMIN_DSN.rsplit("/", 1)[0] + f"/{database}"


async def create_database(label: str, *, owner: str = "") -> str:
    """Create a new, empty database named after ``label``; its name.

    Given an ``owner`` (a service's role, which then migrates it as its own), only that role
    and the administrator (through membership) may connect, as to a service's own database.
    """
    if not _IDENTIFIER.fullmatch(label) or (owner and not _IDENTIFIER.fullmatch(owner)):
        raise ValueError("a database label and owner are lower-case letters, digits and _")
    name = f"heaolu_test_{label}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
        if owner:
            await admin.execute(f'REVOKE CONNECT ON DATABASE "{name}" FROM PUBLIC')
    finally:
        await admin.close()
    return name


async def remove_database(name: str) -> None:
    """Drop the database ``name``, whoever is still connected (:func:`drop_database`)."""
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await drop_database(admin, name)
    finally:
        await admin.close()


@asynccontextmanager
async def throwaway_database(label: str, *, owner: str = "") -> AsyncIterator[str]:
    """A new, empty database (:func:`create_database`; its asyncpg DSN, as the admin role),
    dropped afterwards, whoever is still connected."""
    name = await create_database(label, owner=owner)
    try:
        yield admin_dsn(name)
    finally:
        await remove_database(name)


@asynccontextmanager
async def migrated_database(service: str, migrations: Path) -> AsyncIterator[Database]:
    """A new database named after ``service`` with every migration applied; dropped afterwards."""
    async with throwaway_database(service) as dsn:
        url = dsn.replace("postgresql://", "postgresql+asyncpg://", 1)
        # Alembic's env.py runs its own event loop, so the upgrade runs in a worker thread.
        await asyncio.to_thread(migrate, migrations, url)
        db = Database(url, pool_size=2)
        try:
            yield db
        finally:
            await db.dispose()


async def drop_database(admin: asyncpg.Connection, name: str, *, attempts: int = 5) -> None:
    """Drop ``name`` even while something is still connected to it.

    ``WITH (FORCE)`` ends the other sessions, but PostgreSQL refuses when one of them belongs to
    no role the caller may signal: an autovacuum worker that happened to start on the fresh
    database is such a session. The local cluster grants ``pg_signal_backend`` to the admin role
    so that this cannot happen; the retries cover clusters set up before that grant.
    """
    for attempt in range(attempts):
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except (asyncpg.InsufficientPrivilegeError, asyncpg.ObjectInUseError):
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.5 * (attempt + 1))


@asynccontextmanager
async def rolled_back_session(db: Database) -> AsyncIterator[AsyncSession]:
    """A session inside a transaction that is rolled back when the block ends.

    Code under test may ``flush`` and even ``commit``: commits become savepoints of the outer
    transaction, which is never committed.
    """
    async with db.engine.connect() as conn:
        outer = await conn.begin()
        session = AsyncSession(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        try:
            yield session
        finally:
            await session.close()
            await outer.rollback()


def _listen(db: Database, record: Callable[[str, Any], None]) -> Callable[..., None]:
    def seen(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        record(statement, parameters)

    sa.event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    return seen


def executions(db: Database) -> list[str]:
    """The statements ``db`` sends to the server from now on, one entry per execution (an
    ``executemany`` of many rows is one)."""
    sent: list[str] = []
    _listen(db, lambda statement, _: sent.append(statement))
    return sent


@contextmanager
def executions_with_parameters(db: Database) -> Iterator[list[tuple[str, Any]]]:
    """:func:`executions` within the block, each with its parameters as the driver got them (to
    run a statement again, e.g. under ``EXPLAIN``)."""
    sent: list[tuple[str, Any]] = []
    seen = _listen(db, lambda statement, parameters: sent.append((statement, parameters)))
    try:
        yield sent
    finally:
        sa.event.remove(db.engine.sync_engine, "before_cursor_execute", seen)


def _plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _plan_nodes(child)


async def rows_read(
    session: AsyncSession, sent: list[tuple[str, Any]], table: str
) -> dict[str, int]:
    """Rows each scan of ``table`` read when the first ``SELECT`` of ``sent`` (from
    :func:`executions_with_parameters`) that names it runs again under ``EXPLAIN ANALYZE``, by
    scan (node type and index)."""
    statement, parameters = next(
        (s, p) for s, p in sent if s.lstrip().upper().startswith("SELECT") and table in s
    )
    connection = await session.connection()
    answer = await connection.exec_driver_sql(
        "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, tuple(parameters)
    )
    raw = answer.scalar_one()
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]
    return {
        f"{node['Node Type']} {node.get('Index Name', '')}".strip(): node["Actual Rows"]
        * node["Actual Loops"]
        for node in _plan_nodes(plan)
        if node.get("Relation Name") == table
    }


async def plan_as_if_large(session: AsyncSession, *tables: str) -> None:
    """Fresh statistics for ``tables`` and no sequential scans in the transaction: a test's few
    hundred rows the planner would read whole, where a real municipality's are not so few."""
    for table in tables:
        await session.execute(sa.text(f'ANALYZE "{table}"'))
    await session.execute(sa.text("SET LOCAL enable_seqscan = off"))


async def create_tables(db: Database, metadata: sa.MetaData) -> None:
    """Create a test's own tables in ``db``."""
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)


def signing_key() -> rsa.RSAPrivateKey:
    """A fresh RSA key of the size the identity provider signs with (tests' own tokens)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    """The JWKS entry of ``key``'s public half, as the identity provider publishes it."""
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    return public | {"kid": kid, "use": "sig", "alg": "RS256"}


def consumer_record(
    topic: str, offset: int, value: bytes, *, partition: int = 0
) -> ConsumerRecord[bytes, bytes]:
    """A Kafka record as a consumer's poll returns it, for feeding an inbox without a broker."""
    return ConsumerRecord(
        topic=topic,
        partition=partition,
        offset=offset,
        timestamp=0,
        timestamp_type=0,
        key=b"k",
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=len(value),
        headers=[],
    )


async def audit_records_sent(session: AsyncSession) -> list[dict[str, Any]]:
    """The audit records in the outbox the session sees (its own transaction's included), in
    order: one per event of one access, one per entry of an event of many, as the audit service
    appends them (ADR 0032)."""
    rows = await session.execute(
        sa.select(outbox.c.event_type, outbox.c.payload)
        .where(outbox.c.event_type.in_([ACCESS_RECORDED, ACCESSES_RECORDED]))
        .order_by(outbox.c.id)
    )
    records: list[dict[str, Any]] = []
    for event_type, payload in rows:
        data = dict(payload.get("data", payload))
        if event_type == ACCESS_RECORDED:
            records.append(data)
        else:
            records += [a.model_dump(mode="json") for a in AccessesRecordedV1(**data).each()]
    return records


@asynccontextmanager
async def kafka_topic(bootstrap: str, name: str, partitions: int = 1) -> AsyncIterator[str]:
    """A topic made for a test (the broker creates none on its own); deleted afterwards."""
    async with admin_client(bootstrap) as admin:
        await admin.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1)])
        try:
            yield name
        finally:
            await admin.delete_topics([name])
