"""The audit trail: one record per access with the right subject, tamper evidence, the citizen's
own log, substitution marked, and anomaly alerts."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest

from heaolu_intake.common.register import SYNTHETIC_RESIDENTS
from heaolu_shared.pseudonym import pseudonymize
from heaolu_shared.roles import Role
from heaolu_shared.testing import admin_dsn
from tests.conftest import (
    DEV_PSEUDONYM_KEY,
    Tokens,
    assessment_for,
    bearer,
    create_report,
    eventually,
    fetch,
    sample_report,
    service_database,
    synthetic_personal_code,
)

pytestmark = pytest.mark.e2e

MARI = "61003150009"
assert MARI in SYNTHETIC_RESIDENTS


async def _records_for_request(request_id: str) -> list[asyncpg.Record]:
    return await fetch("audit", "SELECT * FROM audit_record WHERE request_id = $1", request_id)


async def _emitted(service: str, request_id: str) -> int:
    """Audit events the request put into its service's outbox (known at once, no waiting)."""
    rows = await fetch(
        service,
        "SELECT count(*) AS n FROM outbox WHERE event_type = $1 "
        "AND payload -> 'data' ->> 'request_id' = $2",
        "ee.heaolu.audit.access.recorded.v1",
        request_id,
    )
    return int(rows[0]["n"])


async def _one_record(request_id: str, service: str = "intake") -> asyncpg.Record:
    """The request's audit record, after checking its service emitted exactly one."""
    assert await _emitted(service, request_id) == 1
    rows = await eventually(lambda: _records_for_request(request_id), bool)
    assert len(rows) == 1
    return rows[0]


async def test_each_personal_data_endpoint_writes_exactly_one_record_with_the_subject(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    code = synthetic_personal_code()
    subject = pseudonymize(code, DEV_PSEUDONYM_KEY)
    report_id = await create_report(gateway, tokens("teacher.rakvere"), child_code=code)
    assessment_id = await assessment_for(report_id)
    head = bearer(tokens("rakvere.head"))
    calls = {
        "assessment": (f"/api/casework/v1/preliminary-assessments/{assessment_id}", subject),
        "report": (f"/api/intake/v1/reports/{report_id}", subject),
        "assessment_list": ("/api/casework/v1/preliminary-assessments", None),
        "report_list": ("/api/intake/v1/reports", None),
    }
    for name, (path, expected_subject) in calls.items():
        request_id = f"audit-{name}-{uuid.uuid4().hex[:12]}"
        response = await gateway.get(path, headers=head | {"X-Request-ID": request_id})
        assert response.status_code == 200, response.text

        record = await _one_record(request_id, path.split("/")[2])

        assert record["subject_pseudonym"] == expected_subject, name
        assert record["actor_role"] == Role.DEPARTMENT_HEAD
        assert record["actor_institution"] == "0663"
        assert code not in str(dict(record))


async def test_reads_that_are_refused_leave_no_access_record(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    report_id = await create_report(gateway, tokens("teacher.rakvere"))
    assessment_id = await assessment_for(report_id)
    request_id = f"refused-{uuid.uuid4().hex[:12]}"
    response = await gateway.get(
        f"/api/casework/v1/preliminary-assessments/{assessment_id}",
        headers=bearer(tokens("kohtla-jarve.worker")) | {"X-Request-ID": request_id},
    )
    assert response.status_code == 403
    allowed_id = f"allowed-{uuid.uuid4().hex[:12]}"
    await gateway.get(
        f"/api/casework/v1/preliminary-assessments/{assessment_id}",
        headers=bearer(tokens("rakvere.head")) | {"X-Request-ID": allowed_id},
    )
    await _one_record(allowed_id, "casework")  # the trail has caught up past the refused one
    assert await _records_for_request(request_id) == []


async def _verify(gateway: httpx.AsyncClient, tokens: Tokens) -> dict:
    response = await gateway.get(
        "/api/audit/v1/chain/verification", headers=bearer(tokens(Role.AUDITOR))
    )
    assert response.status_code == 200
    return dict(response.json())


async def test_tampering_with_the_trail_breaks_the_chain_at_the_first_changed_row(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    await create_report(gateway, tokens("teacher.rakvere"))
    await gateway.get("/api/intake/v1/reports", headers=bearer(tokens("rakvere.head")))
    await eventually(lambda: fetch("audit", "SELECT seq FROM audit_record WHERE seq >= 3"), bool)
    assert (await _verify(gateway, tokens))["valid"] is True

    conn = await asyncpg.connect(admin_dsn(service_database("audit")))
    try:
        with pytest.raises(asyncpg.RaiseError, match="append-only"):
            await conn.execute("UPDATE audit_record SET purpose = 'x' WHERE seq = 2")
        await conn.execute("SET ROLE heaolu_audit")
        await conn.execute("ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only")
        original = await conn.fetchrow("SELECT * FROM audit_record WHERE seq = 2")
        try:
            await conn.execute("UPDATE audit_record SET purpose = 'nothing to see' WHERE seq = 2")
            altered = await _verify(gateway, tokens)
            assert altered["valid"] is False
            assert altered["first_broken_seq"] == 2
            assert altered["reason"] == "row content altered"

            await conn.execute(
                "UPDATE audit_record SET purpose = $1 WHERE seq = 2", original["purpose"]
            )
            await conn.execute("DELETE FROM audit_record WHERE seq = 2")
            deleted = await _verify(gateway, tokens)
            assert deleted["valid"] is False
            assert deleted["first_broken_seq"] == 2
            assert deleted["reason"] == "row missing"
        finally:
            columns = list(original.keys())
            if not await conn.fetchval("SELECT 1 FROM audit_record WHERE seq = 2"):
                await conn.execute(
                    f"INSERT INTO audit_record ({', '.join(columns)}) VALUES "
                    f"({', '.join(f'${i + 1}' for i in range(len(columns)))})",
                    *original.values(),
                )
            await conn.execute("ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only")
    finally:
        await conn.close()
    assert (await _verify(gateway, tokens))["valid"] is True


async def test_a_citizen_sees_who_accessed_their_data_and_nobody_elses(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    report_id = await create_report(gateway, tokens("teacher.rakvere"), child_code=MARI)
    request_id = f"citizen-{uuid.uuid4().hex[:12]}"
    await gateway.get(
        f"/api/intake/v1/reports/{report_id}",
        headers=bearer(tokens("rakvere.head")) | {"X-Request-ID": request_id},
    )
    await _one_record(request_id)

    mari = await gateway.get("/api/audit/v1/my-access-log", headers=bearer(tokens("citizen.mari")))
    assert mari.status_code == 200
    entries = mari.json()["items"]
    assert any(
        e["role"] == Role.DEPARTMENT_HEAD
        and e["institution"] == "0663"
        and e["record_type"] == "report"
        for e in entries
    )
    assert "rakvere.head" not in mari.text and "actor_subject" not in mari.text

    jaan = await gateway.get("/api/audit/v1/my-access-log", headers=bearer(tokens("citizen.jaan")))
    assert jaan.status_code == 200
    for citizen, log in ((MARI, entries), ("38001085718", jaan.json()["items"])):
        rows = await fetch(
            "audit",
            "SELECT count(*) AS n FROM audit_record WHERE subject_pseudonym = $1 "
            "AND NOT withheld_from_subject",
            pseudonymize(citizen, DEV_PSEUDONYM_KEY),
        )
        assert len(log) == min(rows[0]["n"], 100)
    worker = await gateway.get(
        "/api/audit/v1/my-access-log", headers=bearer(tokens("rakvere.worker"))
    )
    assert worker.status_code == 403


async def test_auditor_finds_accesses_by_person_and_by_user(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    code = synthetic_personal_code()
    report_id = await create_report(gateway, tokens("teacher.rakvere"), child_code=code)
    request_id = f"byperson-{uuid.uuid4().hex[:12]}"
    await gateway.get(
        f"/api/intake/v1/reports/{report_id}",
        headers=bearer(tokens("rakvere.head")) | {"X-Request-ID": request_id},
    )
    record = await _one_record(request_id)
    auditor = bearer(tokens(Role.AUDITOR))

    by_person = await gateway.post(
        "/api/audit/v1/records/by-person", json={"personal_code": code}, headers=auditor
    )
    by_user = await gateway.get(
        "/api/audit/v1/records",
        params={
            "actor_subject": record["actor_subject"],
            "since": (datetime.now(UTC) - timedelta(minutes=10)).isoformat(),
        },
        headers=auditor,
    )

    found = by_person.json()["items"]
    assert {(r["action"], r["record_id"]) for r in found} == {
        ("create", report_id),
        ("read", report_id),
    }
    assert request_id in {r["request_id"] for r in by_user.json()["items"]}
    refused = await gateway.post(
        "/api/audit/v1/records/by-person",
        json={"personal_code": code},
        headers=bearer(tokens("rakvere.head")),
    )
    assert refused.status_code == 403


async def test_opening_too_many_persons_in_an_hour_raises_an_alert(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    reporter, head = tokens("teacher.rakvere"), bearer(tokens("rakvere.head"))
    report_ids = [
        await create_report(gateway, reporter, child_code=synthetic_personal_code())
        for _ in range(7)
    ]
    for report_id in report_ids:
        assert (
            await gateway.get(f"/api/intake/v1/reports/{report_id}", headers=head)
        ).status_code == 200
    head_subject = (
        await fetch("casework", "SELECT subject FROM staff_member WHERE username = 'rakvere.head'")
    )[0]["subject"]

    alerts = await eventually(
        lambda: _alerts(gateway, tokens(Role.AUDITOR)),
        lambda items: any(a["actor_subject"] == head_subject for a in items),
    )
    alert = next(a for a in alerts if a["actor_subject"] == head_subject)
    assert alert["distinct_subjects"] > alert["limit"] == 5


async def _alerts(gateway: httpx.AsyncClient, token: str) -> list[dict]:
    response = await gateway.get(
        "/api/audit/v1/alerts", params={"limit": 500}, headers=bearer(token)
    )
    assert response.status_code == 200
    return list(response.json()["items"])


async def test_creating_personal_data_is_audited_also_for_anonymous_reporters(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    code = synthetic_personal_code()
    signed_in = await create_report(gateway, tokens("teacher.rakvere"), child_code=code)
    records = await eventually(
        lambda: fetch("audit", "SELECT * FROM audit_record WHERE record_id = $1", signed_in), bool
    )
    assert [(r["action"], r["actor_subject"], r["actor_role"]) for r in records] == [
        ("create", "sealed", "sealed")
    ]
    assert records[0]["actor_sealed"] and records[0]["withheld_from_subject"]
    assert records[0]["subject_pseudonym"] == pseudonymize(code, DEV_PSEUDONYM_KEY)

    # Straight to intake: the gateway's public route is rate-limited per client address.
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8001") as intake:
        anonymous = await intake.post("/api/intake/v1/public/reports", json=sample_report())
    assert anonymous.status_code == 201
    anonymous_id = anonymous.json()["report_id"]
    records = await eventually(
        lambda: fetch("audit", "SELECT * FROM audit_record WHERE record_id = $1", anonymous_id),
        bool,
    )
    assert [(r["action"], r["actor_subject"], r["actor_role"]) for r in records] == [
        ("create", "sealed", "sealed")
    ]


async def test_the_familys_log_and_the_audit_topic_do_not_reveal_a_professional_reporter(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    """LasteKS §27: after a teacher reports Mari, her log shows no act of reporting and nothing
    about the reporter; the audit topic carries the reporter only sealed."""
    report_id = await create_report(gateway, tokens("teacher.rakvere"), child_code=MARI)
    records = await eventually(
        lambda: fetch("audit", "SELECT * FROM audit_record WHERE record_id = $1", report_id),
        bool,
    )
    teacher = records[0]
    request_id = f"family-{uuid.uuid4().hex[:12]}"
    await gateway.get(
        f"/api/intake/v1/reports/{report_id}",
        headers=bearer(tokens("rakvere.head")) | {"X-Request-ID": request_id},
    )
    await _one_record(request_id)
    log = await gateway.get(
        "/api/audit/v1/my-access-log", params={"limit": 500}, headers=bearer(tokens("citizen.mari"))
    )
    assert log.status_code == 200
    # Only what happened since this report (the development trail keeps older runs' records).
    since = [
        e
        for e in log.json()["items"]
        if datetime.fromisoformat(e["occurred_at"]) >= teacher["occurred_at"]
    ]
    # The head's read is there (the log works); the act of reporting is not.
    assert any(e["role"] == Role.DEPARTMENT_HEAD and e["action"] == "read" for e in since)
    assert not any(e["action"] == "create" and e["record_type"] == "report" for e in since)
    for entry in since:
        assert entry["role"] not in (Role.PROFESSIONAL_REPORTER, "public", "sealed"), entry
        assert entry["purpose"] != "report received" and entry["record_type"] != "report_reporter"
    # What the relay publishes on the audit topic, as intake's outbox holds it.
    published = await fetch(
        "intake",
        "SELECT payload::text AS p FROM outbox WHERE topic = 'heaolu.audit.v1' "
        "AND payload->'data'->>'record_id' = $1",
        report_id,
    )
    mine = [json.loads(r["p"])["data"] for r in published]
    mine = [d for d in mine if d["action"] == "create"]
    assert len(mine) == 1 and mine[0]["actor_subject"] == "sealed" and mine[0]["actor_sealed"]
    text = json.dumps(mine)
    assert "teacher.rakvere" not in text and Role.PROFESSIONAL_REPORTER not in text
    assert teacher["actor_username"] is None
