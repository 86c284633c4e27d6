"""Substitution (asendamine): access to the absent worker's records, only inside the window; and
the staffing creations (a substitution, a counselling request) once per ``Idempotency-Key``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from tests.conftest import (
    Tokens,
    assessment_for,
    bearer,
    create_report,
    eventually,
    fetch,
    service_dsn,
)
from tests.e2e.casework_flow import key, open_case

pytestmark = pytest.mark.e2e


async def _assign(gateway: httpx.AsyncClient, tokens: Tokens, assessment_id: str, to: str) -> None:
    head = bearer(tokens("rakvere.head"))
    path = f"/api/casework/v1/preliminary-assessments/{assessment_id}"
    etag = (await gateway.get(path, headers=head)).headers["etag"]
    response = await gateway.patch(
        path, json={"assignee_username": to}, headers=head | {"If-Match": etag}
    )
    assert response.status_code == 200, response.text


async def _substitute(
    gateway: httpx.AsyncClient, tokens: Tokens, starts: datetime, ends: datetime
) -> httpx.Response:
    return await gateway.post(
        "/api/casework/v1/substitutions",
        json={
            "substitute_username": "rakvere.substitute",
            "starts_at": starts.isoformat(),
            "ends_at": ends.isoformat(),
        },
        headers=bearer(tokens("rakvere.worker")),
    )


async def test_substitute_gets_the_absent_workers_records_only_within_the_window(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    for user in ("rakvere.worker", "rakvere.substitute", "rakvere.head"):
        await gateway.get("/api/casework/v1/substitutions", headers=bearer(tokens(user)))
    absent_record = await assessment_for(await create_report(gateway, tokens("teacher.rakvere")))
    other_record = await assessment_for(await create_report(gateway, tokens("teacher.rakvere")))
    await _assign(gateway, tokens, absent_record, "rakvere.worker")
    await _assign(gateway, tokens, other_record, "rakvere.head")
    substitute = bearer(tokens("rakvere.substitute"))
    path = "/api/casework/v1/preliminary-assessments/{}"
    now = datetime.now(UTC)

    past = await _substitute(gateway, tokens, now - timedelta(hours=2), now - timedelta(hours=1))
    # Far ahead: the rows stay in a developer's database, and a window an hour ahead would be
    # active for the next run of the suite.
    later = now + timedelta(days=3650)
    future = await _substitute(gateway, tokens, later, later + timedelta(hours=1))
    assert past.status_code == future.status_code == 201
    assert (await gateway.get(path.format(absent_record), headers=substitute)).status_code == 403

    active = await _substitute(
        gateway, tokens, now - timedelta(minutes=1), now + timedelta(seconds=8)
    )
    assert active.status_code == 201
    request_id = f"subst-{uuid.uuid4().hex[:12]}"
    inside = await gateway.get(
        path.format(absent_record), headers=substitute | {"X-Request-ID": request_id}
    )
    assert inside.status_code == 200
    assert (await gateway.get(path.format(other_record), headers=substitute)).status_code == 403

    worker_subject = (
        await fetch(
            "casework", "SELECT subject FROM staff_member WHERE username = 'rakvere.worker'"
        )
    )[0]["subject"]
    record = (
        await eventually(
            lambda: fetch("audit", "SELECT * FROM audit_record WHERE request_id = $1", request_id),
            bool,
        )
    )[0]
    assert record["on_behalf_of"] == worker_subject
    assert record["actor_username"] == "rakvere.substitute"

    # The window ends by itself: nobody revokes it.
    await eventually(
        lambda: _status(gateway, path.format(absent_record), substitute),
        lambda status: status == 403,
        timeout=30,
    )


async def _status(gateway: httpx.AsyncClient, path: str, headers: dict[str, str]) -> int:
    return (await gateway.get(path, headers=headers)).status_code


@pytest.mark.parametrize(
    ("substitute", "field"),
    [("kohtla-jarve.worker", "substitute_username"), ("nobody.known", "substitute_username")],
)
async def test_the_substitute_must_be_a_colleague_of_the_same_municipality_and_role(
    gateway: httpx.AsyncClient, tokens: Tokens, substitute: str, field: str
) -> None:
    await gateway.get(
        "/api/casework/v1/substitutions", headers=bearer(tokens("kohtla-jarve.worker"))
    )
    now = datetime.now(UTC)
    response = await gateway.post(
        "/api/casework/v1/substitutions",
        json={
            "substitute_username": substitute,
            "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(days=1)).isoformat(),
        },
        headers=bearer(tokens("rakvere.worker")),
    )
    assert response.status_code == 422
    assert response.json()["field"] == field


async def test_a_worker_cannot_record_a_colleagues_absence(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    now = datetime.now(UTC)
    response = await gateway.post(
        "/api/casework/v1/substitutions",
        json={
            "absent_username": "rakvere.head",
            "substitute_username": "rakvere.substitute",
            "starts_at": now.isoformat(),
            "ends_at": (now + timedelta(days=1)).isoformat(),
        },
        headers=bearer(tokens("rakvere.worker")),
    )
    assert response.status_code == 403


async def test_a_retried_creation_with_the_same_key_records_one_substitution(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    now = datetime.now(UTC)
    # A window already over: it grants nothing to later tests.
    body = {
        "substitute_username": "rakvere.substitute",
        "starts_at": (now - timedelta(hours=6)).isoformat(),
        "ends_at": (now - timedelta(hours=5)).isoformat(),
    }
    headers = bearer(tokens("rakvere.worker")) | key()
    path = "/api/casework/v1/substitutions"

    first = await gateway.post(path, json=body, headers=headers)
    again = await gateway.post(path, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert again.json() == first.json()
    # The same key for another window is a mistake of the client, not a second window.
    other = body | {"ends_at": (now - timedelta(hours=4)).isoformat()}
    reused = await gateway.post(path, json=other, headers=headers)
    assert reused.status_code == 409
    assert reused.headers["content-type"].startswith("application/problem+json")


async def test_a_retried_counselling_request_with_the_same_key_opens_one(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    case_id, _ = await open_case(gateway, tokens)
    body = {"record_id": case_id, "question": "Kas juhtumiplaan on piisav?"}
    headers = bearer(tokens("rakvere.worker")) | key()
    path = "/api/casework/v1/counselling-requests"

    first = await gateway.post(path, json=body, headers=headers)
    again = await gateway.post(path, json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert again.json()["id"] == first.json()["id"]
    assert first.headers["location"].endswith(f"/counselling-requests/{first.json()['id']}")
    conn = await asyncpg.connect(service_dsn("casework"))
    try:
        opened = await conn.fetch(
            "SELECT id FROM counselling_request WHERE record_id = $1", uuid.UUID(case_id)
        )
    finally:
        await conn.close()
    assert [str(row["id"]) for row in opened] == [first.json()["id"]]
