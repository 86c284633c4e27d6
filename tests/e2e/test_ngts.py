"""NGTS through the gateway: the protected list, outreach to an outcome and the handover to
casework, the purge that leaves no trace, and the inquiry clock."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from dateutil.relativedelta import relativedelta

from heaolu_ngts.main import last_query_date
from heaolu_shared.calendar import default_calendar
from heaolu_shared.topics import TOPICS
from tests.conftest import (
    KAFKA,
    ROOT,
    Tokens,
    bearer,
    eventually,
    fetch,
    local_today,
    service_dsn,
    service_env,
)
from tests.e2e.ngts_flow import designate_specialist, imported_list, youth_ids

pytestmark = pytest.mark.e2e

ROUND = last_query_date(local_today())
PURGED_ROUND = ROUND.replace(year=ROUND.year - 1)
"""A round a year old: its retention has ended."""
NGTS = "/api/ngts/v1"


@pytest.fixture(scope="module")
async def participation_id(stack: object, tokens: Tokens) -> str:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=60) as gateway:
        await designate_specialist(gateway, tokens)
        return await imported_list(gateway, tokens, ROUND)


def specialist(tokens: Tokens, **extra: str) -> dict[str, str]:
    return bearer(tokens("viljandi.ngts")) | extra


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"e2e-{uuid.uuid4()}"}


async def _audited(request_id: str, count: int) -> list[asyncpg.Record]:
    return await eventually(
        lambda: fetch(
            "audit",
            "SELECT subject_pseudonym, record_type FROM audit_record WHERE request_id = $1",
            request_id,
        ),
        lambda rows: len(rows) >= count,
    )


async def test_every_youth_viewed_is_one_audit_record_and_the_answer_is_protected(
    gateway: httpx.AsyncClient, tokens: Tokens, participation_id: str
) -> None:
    request_id = f"e2e-ngts-{uuid.uuid4().hex}"
    page = await gateway.get(
        f"{NGTS}/participations/{participation_id}/youths",
        params={"limit": 5},
        headers=specialist(tokens, **{"X-Request-ID": request_id}),
    )
    assert page.status_code == 200, page.text
    assert page.headers["data-protection"] == "no-copy, no-print, no-screenshot, no-export"
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["watermark-id"]
    assert len(page.json()["items"]) == 5

    rows = await _audited(request_id, 5)
    await asyncio.sleep(1)  # nothing more arrives for this request
    rows = await _audited(request_id, 5)
    assert len(rows) == 5
    assert len({r["subject_pseudonym"] for r in rows}) == 5
    assert {r["record_type"] for r in rows} == {"ngts_youth"}

    one_id = f"e2e-ngts-{uuid.uuid4().hex}"
    youth = await gateway.get(
        f"{NGTS}/youths/{page.json()['items'][0]['id']}",
        headers=specialist(tokens, **{"X-Request-ID": one_id}),
    )
    assert youth.status_code == 200
    assert len(await _audited(one_id, 1)) == 1


@pytest.mark.parametrize(
    ("suffix", "params", "accept"),
    [
        ("/youths/export", {}, "application/json"),
        ("/youths", {"format": "csv"}, "application/json"),
        ("/youths", {}, "text/csv"),
        ("/youths", {"limit": "1000"}, "application/json"),
        ("/youths", {"limit": "51"}, "application/json"),
    ],
    ids=["export", "csv-format", "csv-accept", "oversized-page", "one-over-the-limit"],
)
async def test_exports_csv_and_oversized_pages_of_the_list_are_refused(
    gateway: httpx.AsyncClient,
    tokens: Tokens,
    participation_id: str,
    suffix: str,
    params: dict[str, str],
    accept: str,
) -> None:
    response = await gateway.get(
        f"{NGTS}/participations/{participation_id}{suffix}",
        params=params,
        headers=specialist(tokens, Accept=accept),
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


async def test_outreach_to_an_outcome_and_the_helped_youth_in_casework(
    gateway: httpx.AsyncClient, tokens: Tokens, participation_id: str
) -> None:
    youth_id = (await youth_ids(gateway, tokens, participation_id, limit=10))[-1]
    path = f"{NGTS}/youths/{youth_id}"
    now = datetime.now(UTC)

    async def post(suffix: str, body: dict[str, object]) -> httpx.Response:
        return await gateway.post(f"{path}{suffix}", json=body, headers=specialist(tokens) | key())

    call_first = await post("/contacts", {"channel": "phone", "occurred_at": now.isoformat()})
    assert call_first.status_code == 422, call_first.text
    sms = await post("/contacts", {"channel": "sms", "occurred_at": now.isoformat()})
    assert sms.status_code == 201, sms.text
    call = await post(
        "/contacts",
        {"channel": "phone", "occurred_at": now.isoformat(), "answer": "wants_help"},
    )
    assert call.json()["youth_status"] == "wants_help"
    plan_first = await post("/plan", {"goals": "Kutseõppesse astumine"})
    assert plan_first.status_code == 422
    assert plan_first.json()["code"] == "ngts.plan-needs-consent"
    assert "nõusolek" in plan_first.json()["detail"]  # Estonian, the default language
    consent = await post(
        "/consent", {"consented_at": now.isoformat(), "handover_to_social_services": True}
    )
    assert consent.status_code == 201, consent.text
    plan = await post("/plan", {"goals": "Kutseõppesse astumine", "services_offered": ["mentor"]})
    assert plan.status_code == 201, plan.text
    handover_id = plan.json()["handover_id"]
    outcome = await post("/outcome", {"kind": "studying", "goal_reached_at": now.isoformat()})
    assert outcome.status_code == 201, outcome.text
    calendar = default_calendar()
    follow_up_end = calendar.end_of_local_day(calendar.local_date(now) + relativedelta(months=6))
    assert datetime.fromisoformat(outcome.json()["follow_up_until"]) == follow_up_end

    head = bearer(tokens("viljandi.head"))
    application = await eventually(
        lambda: gateway.get(f"/api/casework/v1/applications/{handover_id}", headers=head),
        lambda r: r.status_code == 200,
    )
    assert application.json()["service_code"] == "ngts_support"
    youth = (await gateway.get(path, headers=specialist(tokens))).json()
    case = await gateway.post(
        f"/api/casework/v1/applications/{handover_id}/case",
        json={
            "applicant": {
                "given_name": youth["given_name"],
                "family_name": youth["family_name"],
                "personal_code": youth["personal_code"],
            }
        },
        headers=head | {"If-Match": application.headers["etag"]},
    )
    assert case.status_code == 201, case.text
    assert case.json()["kind"] == "social_services"


def _friday_before_a_public_holiday(after: date) -> date:
    calendar = default_calendar()
    day = after
    while not (
        day.weekday() == 4
        and calendar.is_working_day(day)
        and any(
            calendar.is_holiday(day + timedelta(days=n)) and (day + timedelta(days=n)).weekday() < 5
            for n in range(1, 5)
        )
    ):
        day += timedelta(days=1)
    return day


async def test_an_inquiry_received_on_a_friday_before_a_holiday_is_due_in_five_working_days(
    gateway: httpx.AsyncClient, tokens: Tokens, participation_id: str
) -> None:
    calendar = default_calendar()
    friday = _friday_before_a_public_holiday(date(local_today().year - 1, 1, 1))
    received = calendar.end_of_local_day(friday) - timedelta(hours=10)
    created = await gateway.post(
        f"{NGTS}/inquiries",
        json={
            "asked_by": "ministry",
            "contact_person": "Sotsiaalministeeriumi kontaktisik",
            "question": "Mitu noort on kevadvoorust kontakteeritud?",
            "received_at": received.isoformat(),
        },
        headers=specialist(tokens) | key(),
    )
    assert created.status_code == 201, created.text
    due = datetime.fromisoformat(created.json()["due_at"])
    assert due == calendar.add_working_days_deadline(received, 5)
    assert calendar.working_days_between(friday, calendar.local_date(due)) == 5

    answered = await gateway.post(
        f"{NGTS}/inquiries/{created.json()['id']}/answer",
        json={"answer": "12 noort"},
        headers=specialist(tokens, **{"If-Match": created.headers["etag"]}),
    )
    assert answered.status_code == 200, answered.text
    body = answered.json()
    on_time = datetime.fromisoformat(body["answered_at"]) <= datetime.fromisoformat(body["due_at"])
    assert body["answered_on_time"] is on_time


@pytest.fixture
def log_offsets() -> Iterator[dict[str, int]]:
    logs = ROOT / ".local" / "logs"
    yield {str(p): p.stat().st_size for p in logs.glob("*.log")}


async def _records_since(topic: str, since_ms: int) -> list[bytes]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=KAFKA, group_id=f"test-scan-{uuid.uuid4()}", enable_auto_commit=False
    )
    await consumer.start()
    try:
        declared = next(t for t in TOPICS if t.name == topic)
        partitions = [TopicPartition(topic, p) for p in range(declared.partitions)]
        consumer.assign(partitions)
        starts = await consumer.offsets_for_times({tp: since_ms for tp in partitions})
        end = await consumer.end_offsets(partitions)
        remaining = set()
        for tp in partitions:
            found = starts.get(tp)
            if found is not None and found.offset < end[tp]:
                consumer.seek(tp, found.offset)
                remaining.add(tp)
        values: list[bytes] = []
        while remaining:
            for tp, records in (await consumer.getmany(*remaining, timeout_ms=1000)).items():
                values += [(r.key or b"") + (r.value or b"") for r in records if r.offset < end[tp]]
                if records and records[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
        return values
    finally:
        await consumer.stop()


async def _rows_mentioning(service: str, needles: list[str]) -> dict[str, int]:
    patterns = [f"%{n}%" for n in needles]
    conn = await asyncpg.connect(service_dsn(service))
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        found: dict[str, int] = {}
        for table in tables:
            count = await conn.fetchval(
                f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE ANY($1::text[])', patterns
            )
            if count:
                found[table] = count
        return found
    finally:
        await conn.close()


async def test_after_the_purge_the_youths_appear_nowhere(
    gateway: httpx.AsyncClient, tokens: Tokens, log_offsets: dict[str, int]
) -> None:
    since_ms = int(time.time() * 1000) - 1000
    old_list = await imported_list(gateway, tokens, PURGED_ROUND)
    shown = await youth_ids(gateway, tokens, old_list, limit=5)
    await gateway.get(f"{NGTS}/youths/{shown[0]}", headers=specialist(tokens))
    youths = await fetch(
        "ngts",
        "SELECT personal_code, given_name || ' ' || family_name AS name FROM youth"
        " WHERE participation_id = $1::uuid",
        old_list,
    )
    needles = [y["personal_code"] for y in youths] + [y["name"] for y in youths]
    assert len(youths) > 10

    purge = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "heaolu_ngts.retention.command"],
        cwd=ROOT,
        env=service_env("ngts"),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "lists purged" in purge.stdout
    status = await fetch("ngts", "SELECT status FROM participation WHERE id = $1::uuid", old_list)
    assert status[0]["status"] == "purged"
    await eventually(
        lambda: fetch("ngts", "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL"),
        lambda rows: rows[0]["n"] == 0,
    )

    for service in ("ngts", "casework", "audit", "reporting"):
        try:
            assert await _rows_mentioning(service, needles) == {}, service
        except (asyncpg.InvalidCatalogNameError, asyncpg.InvalidPasswordError):
            continue  # a service without a database yet has nothing to scan
    for topic in ("heaolu.ngts.v1", "heaolu.audit.v1", "heaolu.reporting.v1"):
        for value in await _records_since(topic, since_ms):
            assert not any(n.encode() in value for n in needles), topic
    for path, offset in log_offsets.items():
        written = (await asyncio.to_thread(Path(path).read_bytes))[offset:]
        assert not any(n.encode() in written for n in needles), path
