"""Statutory clocks: due times from the working-day calendar, and the scheduler's events with
time controlled by the test (the scan runs at a chosen ``now``; nothing sleeps)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from heaolu_casework.common.models import Deadline
from heaolu_casework.deadlines.scheduler import EVENTS
from heaolu_shared.calendar import default_calendar
from heaolu_shared.db import Database
from heaolu_shared.deadlines import DeadlineScheduler
from tests.conftest import (
    Tokens,
    bearer,
    eventually,
    fetch,
    read_topic,
    service_url,
    synthetic_personal_code,
)
from tests.e2e.casework_flow import API, assigned_assessment

pytestmark = pytest.mark.e2e
SCHEDULER = "heaolu-test-scheduler"


async def _clock(assessment_id: str) -> dict:  # type: ignore[type-arg]
    rows = await fetch(
        "casework",
        "SELECT d.id, d.due_at, d.warn_at, d.legal_basis, d.assignee, a.received_at "
        "FROM deadline d JOIN preliminary_assessment a ON a.id = d.record_id "
        "WHERE d.record_id = $1::uuid",
        assessment_id,
    )
    assert len(rows) == 1
    return dict(rows[0])


async def test_preliminary_assessment_clock_and_breach(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    assessment_id = await assigned_assessment(gateway, tokens, child_code=synthetic_personal_code())
    clock = await _clock(assessment_id)
    # The due time is the statutory term from the shared calendar, shown with its legal basis.
    assert clock["due_at"] == default_calendar().calendar_days_term(clock["received_at"], 10)
    assert "LasteKS §28" in clock["legal_basis"]
    mine = (
        await gateway.get(f"{API}/my-deadlines", params={"limit": 200}, headers=bearer(worker))
    ).json()
    listed = [d for d in mine["items"] if d["record_id"] == assessment_id]
    assert listed and listed[0]["kind"] == "preliminary_assessment"
    assert [d["due_at"] for d in mine["items"]] == sorted(d["due_at"] for d in mine["items"])

    database = Database(
        service_url("casework"), pool_size=2, application_name="heaolu-test-scheduler"
    )
    scheduler = DeadlineScheduler(database, Deadline, EVENTS)
    try:
        await scheduler.run_once(now=clock["warn_at"] + timedelta(seconds=1))
        await scheduler.run_once(now=clock["due_at"] + timedelta(seconds=1))
        # A second pass at the same time announces nothing again for this clock.
        await scheduler.run_once(now=clock["due_at"] + timedelta(seconds=2))
    finally:
        await database.dispose()

    async def announced() -> list[str]:
        records = await read_topic("heaolu.casework.v1", str(clock["id"]))
        return [json.loads(r.value)["type"] for r in records]

    types = await eventually(announced, lambda t: "ee.heaolu.casework.deadline.breached.v1" in t)
    assert types == [
        "ee.heaolu.casework.deadline.approaching.v1",
        "ee.heaolu.casework.deadline.breached.v1",
    ]
    record = json.loads((await read_topic("heaolu.casework.v1", str(clock["id"])))[-1].value)
    assert record["data"]["record_id"] == assessment_id
    assert record["data"]["kind"] == "preliminary_assessment"
    assert record["data"]["assignee"] == clock["assignee"]


async def test_a_decision_meets_the_clock_so_nothing_is_breached(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    assessment_id = await assigned_assessment(gateway, tokens, child_code=synthetic_personal_code())
    path = f"{API}/preliminary-assessments/{assessment_id}"
    etag = (await gateway.get(path, headers=bearer(worker))).headers["etag"]
    decided = await gateway.post(
        f"{path}/decision",
        json={"outcome": "forwarded", "forwarded_to_official": "Politsei", "reason": "Kuritegu"},
        headers=bearer(worker) | {"If-Match": etag},
    )
    assert decided.status_code == 200, decided.text
    clock = await _clock(assessment_id)
    database = Database(
        service_url("casework"), pool_size=2, application_name="heaolu-test-scheduler"
    )
    try:
        await DeadlineScheduler(database, Deadline, EVENTS).run_once(
            now=clock["due_at"] + timedelta(seconds=1)
        )
    finally:
        await database.dispose()
    rows = await fetch(
        "casework", "SELECT status, breached_sent_at FROM deadline WHERE id = $1", clock["id"]
    )
    assert rows[0]["status"] == "met" and rows[0]["breached_sent_at"] is None
    assert await read_topic("heaolu.casework.v1", str(clock["id"])) == []
