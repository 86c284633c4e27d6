"""Fixtures for the cross-service tests: the running system and real Keycloak tokens."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from heaolu_shared import calendar
from heaolu_shared.db import asyncpg_dsn
from heaolu_shared.topics import TOPICS
from stack import Stack, create_databases, database_url, drop_databases

ROOT = Path(__file__).resolve().parents[1]

GATEWAY = "http://127.0.0.1:8000"
KEYCLOAK_TOKEN_URL = "http://127.0.0.1:8180/realms/heaolu/protocol/openid-connect/token"
KAFKA = "127.0.0.1:19092"

T = TypeVar("T")


def local_today() -> date:
    """Today as the services count days: the date in Tallinn (two or three hours ahead of UTC,
    so late in the UTC evening it is already tomorrow there)."""
    return calendar.local_today(datetime.now(UTC))


_DATABASES: dict[str, str] = {}
"""Each service's database in this test session, by service (made by the ``stack`` fixture)."""


def service_database(service: str) -> str:
    """The name of ``service``'s database in this test session."""
    if service not in _DATABASES:
        raise RuntimeError("the session's databases are made by the `stack` fixture: use it first")
    return _DATABASES[service]


def service_url(service: str) -> str:
    """The SQLAlchemy URL of ``service``'s database in this session, as its role."""
    return database_url(service, service_database(service))


def service_dsn(service: str) -> str:
    """The asyncpg DSN of ``service``'s database in this session, as its role."""
    return asyncpg_dsn(service_url(service))


def service_env(service: str) -> dict[str, str]:
    """The environment of a command of ``service`` run in this session (its database)."""
    return os.environ | {"HEAOLU_ENVIRONMENT": "test", "HEAOLU_DATABASE_URL": service_url(service)}


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The whole system, started once for the session as `make run` starts it, on databases
    created empty for the session and dropped after it (the development databases are left
    alone)."""
    databases = create_databases("e2e")
    _DATABASES.update(databases)
    try:
        system = Stack(environment="test", databases=databases)
        # A low limit, so the anomaly test needs only a handful of reads.
        system.procs["audit-worker"].env["HEAOLU_ANOMALY_DISTINCT_SUBJECTS_PER_HOUR"] = "5"
        # The fault tests send hundreds of reports as one user; per-user limits have unit tests.
        system.procs["gateway"].env["HEAOLU_USER_RATE_PER_MINUTE"] = "100000"
        system.migrate()
        try:
            system.start_all()
            yield system
        finally:
            system.stop_all()
    finally:
        _DATABASES.clear()
        drop_databases(databases)


class Tokens:
    """Access tokens from the real Keycloak by password grant (dev client, demo users)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[float, str]] = {}

    def __call__(self, username: str) -> str:
        cached = self._cache.get(username)
        if cached and cached[0] > time.monotonic():
            return cached[1]
        response = httpx.post(
            KEYCLOAK_TOKEN_URL,
            data={
                "grant_type": "password",
                "client_id": "heaolu-dev",
                "username": username,
                "password": "demo",
            },
            timeout=30,
        )
        response.raise_for_status()
        body = response.json()
        self._cache[username] = (time.monotonic() + body["expires_in"] - 30, body["access_token"])
        return str(body["access_token"])


@pytest.fixture(scope="session")
def tokens() -> Tokens:
    return Tokens()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
async def gateway(stack: Stack) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=30) as client:
        yield client


async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    *,
    timeout: float = 60,
    interval: float = 0.25,
) -> T:
    """Poll ``probe`` until ``until`` holds for its result; the last result otherwise fails."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if until(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout}s; last: {result!r}")
        await asyncio.sleep(interval)


async def fetch(service: str, query: str, *args: Any) -> list[asyncpg.Record]:
    """Run a read-only query against a service database (tests only)."""
    conn = await asyncpg.connect(service_dsn(service))
    try:
        return list(await conn.fetch(query, *args))
    finally:
        await conn.close()


async def read_topic(topic: str, key: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on ``topic`` with ``key``, from the beginning up to the current end."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=KAFKA, group_id=f"test-reader-{uuid.uuid4()}", enable_auto_commit=False
    )
    await consumer.start()
    try:
        declared = next(t for t in TOPICS if t.name == topic)
        partitions = [TopicPartition(topic, p) for p in range(declared.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        found: list[ConsumerRecord[bytes, bytes]] = []
        while remaining:
            for tp, records in (await consumer.getmany(*remaining, timeout_ms=1000)).items():
                found += [r for r in records if r.key == key.encode() and r.offset < end[tp]]
                if records and records[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
        return found
    finally:
        await consumer.stop()


def sample_report(
    municipality: str = "0663", need_level: str = "in_need", child_code: str | None = None
) -> dict[str, Any]:
    """A synthetic report body: routed by the child's location unless the register knows them."""
    child: dict[str, Any] = (
        {"personal_code": child_code}
        if child_code
        else {"description": "Umbes 8-aastane poiss, nimi teadmata"}
    )
    return {
        "child": child,
        "location": {"municipality": municipality, "description": "Kooli juures"},
        "need_level": need_level,
        "concern": {
            "category": "school_absence",
            "text": "Laps on mitu päeva koolist puudunud ja tundub näljane.",
        },
        "channel": "school",
    }


def synthetic_personal_code() -> str:
    """A valid synthetic personal code of a child born 2009-2024, unknown to the register."""
    import random
    from datetime import date, timedelta

    while True:
        birth = date(2009, 1, 1) + timedelta(days=random.randint(0, 5800))
        century = "5" if birth.year < 2100 else "7"
        sex = random.choice((0, 1))
        base = f"{int(century) + sex}{birth:%y%m%d}{random.randint(100, 999):03d}"
        digits = [int(c) for c in base]
        check = sum(d * w for d, w in zip(digits, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1), strict=True)) % 11
        if check == 10:
            weights = (3, 4, 5, 6, 7, 8, 9, 1, 2, 3)
            check = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
            check = 0 if check == 10 else check
        return base + str(check)


DEV_PSEUDONYM_KEY = "dev-only-pseudonym-key-change-me"


async def create_report(
    gateway: httpx.AsyncClient,
    token: str,
    municipality: str = "0663",
    child_code: str | None = None,
) -> str:
    response = await gateway.post(
        "/api/intake/v1/reports",
        json=sample_report(municipality, child_code=child_code),
        headers=bearer(token),
    )
    assert response.status_code == 201, response.text
    return str(response.json()["report_id"])


async def assessment_for(report_id: str) -> str:
    """The id of the preliminary assessment casework opened for a report."""
    rows = await eventually(
        lambda: fetch(
            "casework",
            "SELECT id FROM preliminary_assessment WHERE report_id = $1::uuid",
            report_id,
        ),
        bool,
    )
    return str(rows[0]["id"])
