"""Setting up NGTS for the end-to-end tests: a designated specialist and a fresh round list.

A round's list can be imported once, and the rounds are dates, so each test run starts the
round it uses afresh: its earlier participation (and with it its youths) is deleted and a new
one recorded as the seed records Viljandi's, as if applied before the deadline.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx

from tests.conftest import Tokens, bearer, local_today, service_dsn

VILJANDI = "0897"


async def fresh_participation(query_date: date) -> str:
    conn = await asyncpg.connect(service_dsn("ngts"))
    try:
        async with conn.transaction():
            await conn.execute(
                "DELETE FROM participation WHERE municipality = $1 AND query_date = $2",
                VILJANDI,
                query_date,
            )
            participation_id = uuid.uuid4()
            await conn.execute(
                "INSERT INTO participation (id, municipality, query_date, applied_at, applied_by,"
                " list_due_on, status, stored, refused, version)"
                " VALUES ($1, $2, $3, $4, 'e2e', $5, 'applied', 0, '{}', 1)",
                participation_id,
                VILJANDI,
                query_date,
                datetime(query_date.year, query_date.month - 1, 20, tzinfo=UTC),
                query_date + timedelta(days=7),
            )
        return str(participation_id)
    finally:
        await conn.close()


async def designate_specialist(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    """viljandi.ngts becomes known to NGTS and is designated by viljandi.head."""
    seen = await gateway.get("/api/ngts/v1/rounds", headers=bearer(tokens("viljandi.ngts")))
    assert seen.status_code == 200, seen.text
    designated = await gateway.post(
        "/api/ngts/v1/designations",
        json={
            "specialist_username": "viljandi.ngts",
            "starts_on": (local_today() - timedelta(days=1)).isoformat(),
        },
        headers=bearer(tokens("viljandi.head")) | {"Idempotency-Key": f"e2e-{uuid.uuid4()}"},
    )
    assert designated.status_code == 201, designated.text


async def imported_list(gateway: httpx.AsyncClient, tokens: Tokens, query_date: date) -> str:
    """A fresh participation of Viljandi in the round of ``query_date`` with its list fetched."""
    participation_id = await fresh_participation(query_date)
    imported = await gateway.post(
        f"/api/ngts/v1/participations/{participation_id}/list",
        headers=bearer(tokens("viljandi.ngts")) | {"Idempotency-Key": f"e2e-{uuid.uuid4()}"},
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["stored"] > 10
    return participation_id


async def youth_ids(
    gateway: httpx.AsyncClient, tokens: Tokens, participation_id: str, limit: int = 20
) -> list[str]:
    page = await gateway.get(
        f"/api/ngts/v1/participations/{participation_id}/youths",
        params={"limit": limit},
        headers=bearer(tokens("viljandi.ngts")),
    )
    assert page.status_code == 200, page.text
    return [item["id"] for item in page.json()["items"]]
