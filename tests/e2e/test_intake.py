"""Intake: validation, routing, triage, linking, reporter protection, idempotency, applications."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from heaolu_intake.common.register import SYNTHETIC_RESIDENTS
from heaolu_shared.pseudonym import pseudonymize
from stack import Stack
from tests.conftest import (
    DEV_PSEUDONYM_KEY,
    Tokens,
    assessment_for,
    bearer,
    eventually,
    fetch,
    local_today,
    read_topic,
    sample_report,
    synthetic_personal_code,
)

pytestmark = pytest.mark.e2e

RESIDENT_OF_KOHTLA_JARVE = next(c for c, m in SYNTHETIC_RESIDENTS.items() if m == "0321")
ADULT = "37605030299"


async def _report_count() -> int:
    return int((await fetch("intake", "SELECT count(*) AS n FROM report"))[0]["n"])


def _with(path: str, value: Any) -> dict[str, Any]:
    body = copy.deepcopy(sample_report())
    *parents, last = path.split(".")
    node = body
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return body


ADULT_BIRTH = (local_today() - timedelta(days=18 * 366)).isoformat()
INVALID = {
    "checksum": (_with("child", {"personal_code": "37605030298"}), 422, "child.personal_code"),
    "impossible-date": (
        _with("child", {"personal_code": "51513320006"}),
        422,
        "child.personal_code",
    ),
    "code-injection": (
        _with("child", {"personal_code": "1' OR '1'='1"}),
        422,
        "child.personal_code",
    ),
    "not-identified": (_with("child", {}), 422, "child"),
    "adult-by-code": (_with("child", {"personal_code": ADULT}), 422, "child"),
    "adult-by-birth-date": (
        _with("child", {"name": "Sünteetiline Täiskasvanu", "birth_date": ADULT_BIRTH}),
        422,
        "child",
    ),
    "birth-in-future": (
        _with("child", {"name": "Tuleviku Laps", "birth_date": "2099-01-01"}),
        422,
        "child",
    ),
    "observed-in-future": (_with("observed_on", "2099-01-01"), 422, "observed_on"),
    "municipality-injection": (
        _with("location.municipality", "0663'; DROP TABLE report;--"),
        422,
        "location.municipality",
    ),
    "concern-too-long": (_with("concern.text", "x" * 10001), 422, "concern.text"),
    "control-character": (_with("concern.text", "abc\x00def"), 422, "concern.text"),
    "bidi-override": (_with("concern.text", "abc\u202edef"), 422, "concern.text"),
    "unknown-field": (_with("shoe_size", 42), 422, ""),
    "unknown-nested-field": (_with("child.shoe_size", 42), 422, "child"),
    "wrong-type": (_with("need_level", 5), 422, "need_level"),
    "unknown-category": (_with("concern.category", "gossip"), 422, "concern.category"),
    "too-many-involved": (_with("involved", [{"role": "sibling"}] * 21), 422, "involved"),
    "bad-email": (_with("reporter", {"email": "not-an-email"}), 422, "reporter.email"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
async def test_invalid_reports_are_refused_with_the_field_named_and_nothing_stored(
    gateway: httpx.AsyncClient, tokens: Tokens, case: str
) -> None:
    body, status, field = INVALID[case]
    before = await _report_count()

    response = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(tokens("teacher.rakvere"))
    )

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    named = {e["field"] for e in problem.get("errors", [])} | {problem.get("field")}
    assert field in named or any(n and n.startswith(field) for n in named), problem
    assert await _report_count() == before


async def test_an_adult_is_refused_with_directions_in_the_callers_language(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    response = await gateway.post(
        "/api/intake/v1/reports",
        json=_with("child", {"personal_code": ADULT}),
        headers=bearer(tokens("teacher.rakvere")),
    )
    problem = response.json()
    assert problem["type"] == "https://heaolu.ee/problems/not-a-child"
    assert "sotsiaaltöötaja" in problem["detail"] and response.headers["content-language"] == "et"
    english = await gateway.post(
        "/api/intake/v1/reports",
        json=_with("child", {"personal_code": ADULT}),
        headers=bearer(tokens("teacher.rakvere")) | {"Accept-Language": "en"},
    )
    assert "social worker" in english.json()["detail"]
    assert english.headers["content-language"] == "en"


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [(b"{not json", "application/json"), (b"child=1", "application/x-www-form-urlencoded")],
)
async def test_malformed_bodies_are_refused(
    gateway: httpx.AsyncClient, tokens: Tokens, raw: bytes, content_type: str
) -> None:
    before = await _report_count()
    response = await gateway.post(
        "/api/intake/v1/reports",
        content=raw,
        headers=bearer(tokens("teacher.rakvere")) | {"Content-Type": content_type},
    )
    assert response.status_code == 422
    assert await _report_count() == before


async def test_injection_strings_in_free_text_are_data_stored_verbatim(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    text = "'); DROP TABLE report; -- <script>alert(1)</script>"
    response = await gateway.post(
        "/api/intake/v1/reports",
        json=_with("concern.text", text),
        headers=bearer(tokens("teacher.rakvere")),
    )
    assert response.status_code == 201
    rows = await fetch(
        "intake", "SELECT concern FROM report WHERE id = $1::uuid", response.json()["report_id"]
    )
    assert rows[0]["concern"] == text


async def _create(
    gateway: httpx.AsyncClient, token: str, body: dict[str, Any], **headers: str
) -> dict[str, Any]:
    response = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(token) | headers
    )
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


async def _stored(report_id: str) -> Any:
    """How intake stored a report (the reporter's answer does not say)."""
    rows = await fetch(
        "intake",
        "SELECT coalesce(municipality, 'ska_triage') AS routed_to, linked_to::text, urgent "
        "FROM report WHERE id = $1::uuid",
        report_id,
    )
    return rows[0]


async def test_routing_by_registered_residence_before_location(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    body = _with("child", {"personal_code": RESIDENT_OF_KOHTLA_JARVE})
    created = await _create(gateway, tokens("teacher.rakvere"), body)

    stored = await _stored(created["report_id"])
    assert stored["routed_to"] == "0321"
    thread = stored["linked_to"] or created["report_id"]
    rows = await eventually(
        lambda: fetch(
            "casework",
            "SELECT municipality FROM preliminary_assessment WHERE report_id = $1::uuid",
            thread,
        ),
        bool,
    )
    assert rows[0]["municipality"] == "0321"


async def test_routing_by_location_when_the_residence_is_unknown(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    created = await _create(
        gateway,
        tokens("teacher.rakvere"),
        sample_report("0897", child_code=synthetic_personal_code()),
    )
    assert (await _stored(created["report_id"]))["routed_to"] == "0897"
    rows = await fetch(
        "intake", "SELECT routing_basis FROM report WHERE id = $1::uuid", created["report_id"]
    )
    assert rows[0]["routing_basis"] == "location"


async def test_unknown_whereabouts_go_to_ska_triage_and_on_to_the_municipality(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    body = _with("location", {"description": "Bussijaamas, linn teadmata"})
    created = await _create(gateway, tokens("teacher.rakvere"), body)
    report_id = created["report_id"]
    assert (await _stored(report_id))["routed_to"] == "ska_triage"

    ska = bearer(tokens("ska.counsellor"))
    triage = await gateway.get(
        "/api/intake/v1/reports", params={"queue": "ska_triage"}, headers=ska
    )
    assert report_id in {r["id"] for r in triage.json()["items"]}
    head_view = await gateway.get("/api/intake/v1/reports", headers=bearer(tokens("rakvere.head")))
    assert report_id not in {r["id"] for r in head_view.json()["items"]}
    assert (
        await gateway.get(
            "/api/intake/v1/reports",
            params={"queue": "ska_triage"},
            headers=bearer(tokens("rakvere.head")),
        )
    ).status_code == 403

    current = await gateway.get(f"/api/intake/v1/reports/{report_id}", headers=ska)
    rerouted = await gateway.post(
        f"/api/intake/v1/reports/{report_id}/reroute",
        json={"municipality": "0663", "reason": "Laps viibib Rakveres"},
        headers=ska | {"If-Match": current.headers["etag"]},
    )
    assert rerouted.status_code == 200, rerouted.text
    assessment = await assessment_for(report_id)
    rows = await fetch(
        "casework",
        "SELECT municipality FROM preliminary_assessment WHERE id = $1::uuid",
        assessment,
    )
    assert rows[0]["municipality"] == "0663"
    routed = await read_topic("heaolu.intake.v1", report_id)
    assert [json.loads(r.value)["type"] for r in routed] == ["ee.heaolu.intake.report.routed.v1"]


async def test_rerouting_between_municipalities_moves_the_case_and_is_audited(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    created = await _create(gateway, tokens("teacher.rakvere"), sample_report("0663"))
    report_id = created["report_id"]
    assessment = await assessment_for(report_id)
    head = bearer(tokens("rakvere.head"))
    current = await gateway.get(f"/api/intake/v1/reports/{report_id}", headers=head)
    request_id = f"reroute-{uuid.uuid4().hex[:12]}"

    moved = await gateway.post(
        f"/api/intake/v1/reports/{report_id}/reroute",
        json={"municipality": "0321", "reason": "Pere kolis Kohtla-Järvele"},
        headers=head | {"If-Match": current.headers["etag"], "X-Request-ID": request_id},
    )

    assert moved.status_code == 200, moved.text
    await eventually(
        lambda: fetch(
            "casework",
            "SELECT 1 FROM preliminary_assessment WHERE id = $1::uuid AND municipality = '0321'",
            assessment,
        ),
        bool,
    )
    path = f"/api/casework/v1/preliminary-assessments/{assessment}"
    assert (await gateway.get(path, headers=head)).status_code == 403
    assert (
        await gateway.get(f"/api/intake/v1/reports/{report_id}", headers=head)
    ).status_code == 403
    audit = await eventually(
        lambda: fetch(
            "audit", "SELECT purpose FROM audit_record WHERE request_id = $1", request_id
        ),
        bool,
    )
    assert audit[0]["purpose"] == "re-routing"


async def test_a_second_report_about_the_same_child_joins_the_thread_and_danger_escalates(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    code = synthetic_personal_code()
    teacher = tokens("teacher.rakvere")
    first = await _create(gateway, teacher, sample_report(child_code=code))
    assessment = await assessment_for(first["report_id"])
    second = await _create(gateway, teacher, sample_report(child_code=code))
    third = await _create(gateway, teacher, sample_report(child_code=code, need_level="in_danger"))

    stored = [await _stored(r["report_id"]) for r in (first, second, third)]
    assert stored[0]["linked_to"] is None
    assert stored[1]["linked_to"] == stored[2]["linked_to"] == first["report_id"]
    assert stored[2]["urgent"] is True
    rows = await eventually(
        lambda: fetch(
            "casework",
            "SELECT linked_reports, urgent, need_level FROM "
            "preliminary_assessment WHERE id = $1::uuid",
            assessment,
        ),
        lambda r: r[0]["linked_reports"] == 2,
    )
    assert rows[0]["urgent"] is True and rows[0]["need_level"] == "in_danger"
    assert (
        await fetch(
            "casework",
            "SELECT 1 FROM preliminary_assessment WHERE report_id = $1::uuid",
            second["report_id"],
        )
        == []
    )
    linked = await read_topic("heaolu.intake.v1", first["report_id"])
    types = [json.loads(r.value)["type"] for r in linked]
    assert types.count("ee.heaolu.intake.report.linked.v1") == 2


async def test_a_child_in_danger_is_flagged_urgent_and_published_as_such(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    created = await _create(
        gateway, tokens("teacher.rakvere"), sample_report(need_level="in_danger")
    )
    assert (await _stored(created["report_id"]))["urgent"] is True
    events = await eventually(lambda: read_topic("heaolu.intake.v1", created["report_id"]), bool)
    data = json.loads(events[0].value)["data"]
    assert data["urgent"] is True and data["need_level"] == "in_danger"
    assessment = await assessment_for(created["report_id"])
    rows = await fetch(
        "casework", "SELECT urgent FROM preliminary_assessment WHERE id = $1::uuid", assessment
    )
    assert rows[0]["urgent"] is True


REPORTER_MARKER = f"Sünteetiline Teataja {uuid.uuid4().hex[:8]}"
REPORTER = {
    "name": REPORTER_MARKER,
    "phone": "+372 5555 0101",
    "email": "synthetic.reporter@example.org",
    "relation": "naaber",
}


async def test_the_reporter_stays_hidden_everywhere_and_only_the_assigned_worker_reveals(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    await gateway.get("/api/intake/v1/service-catalogue", headers=bearer(tokens("rakvere.worker")))
    await gateway.get("/api/intake/v1/reports", headers=bearer(tokens("rakvere.worker")))
    body = sample_report(child_code=synthetic_personal_code()) | {"reporter": REPORTER}
    created = await _create(gateway, tokens("teacher.rakvere"), body)
    report_id = created["report_id"]
    head = bearer(tokens("rakvere.head"))

    whole = await gateway.get(f"/api/intake/v1/reports/{report_id}", headers=head)
    queue = await gateway.get("/api/intake/v1/reports", headers=head)
    await assessment_for(report_id)
    outbox = await fetch("intake", "SELECT payload::text AS p FROM outbox")
    stored = await fetch(
        "intake", "SELECT reporter_sealed FROM report WHERE id = $1::uuid", report_id
    )
    messages = await read_topic("heaolu.intake.v1", report_id)
    logs = "".join(p.read_text(errors="replace") for p in stack.logs.glob("*.log"))
    for where, text in {
        "read": whole.text,
        "queue": queue.text,
        "outbox": "".join(r["p"] for r in outbox),
        "database column": stored[0]["reporter_sealed"].decode("latin-1"),
        "kafka": "".join(m.value.decode() for m in messages),
        "logs": logs,
    }.items():
        assert REPORTER_MARKER not in text, where
        assert "synthetic.reporter@example.org" not in text, where

    refused = await gateway.post(
        f"/api/intake/v1/reports/{report_id}/reporter/reveal", headers=head
    )
    assert refused.status_code == 403
    assigned = await gateway.patch(
        f"/api/intake/v1/reports/{report_id}",
        json={"assignee_username": "rakvere.worker"},
        headers=head | {"If-Match": whole.headers["etag"]},
    )
    assert assigned.status_code == 200, assigned.text
    request_id = f"reveal-{uuid.uuid4().hex[:12]}"
    revealed = await gateway.post(
        f"/api/intake/v1/reports/{report_id}/reporter/reveal",
        headers=bearer(tokens("rakvere.worker")) | {"X-Request-ID": request_id},
    )
    assert revealed.status_code == 200
    assert revealed.json()["name"] == REPORTER_MARKER
    assert revealed.json()["username"] == "teacher.rakvere"
    audit = await eventually(
        lambda: fetch(
            "audit",
            "SELECT action, record_type FROM audit_record WHERE request_id = $1",
            request_id,
        ),
        bool,
    )
    assert (audit[0]["action"], audit[0]["record_type"]) == ("reveal", "report_reporter")

    receipt = await gateway.get(
        f"/api/intake/v1/reports/{report_id}", headers=bearer(tokens("teacher.rakvere"))
    )
    assert receipt.json() == {
        "receipt_number": created["receipt_number"],
        "status": "being_handled",
    }
    stale = await gateway.patch(
        f"/api/intake/v1/reports/{report_id}",
        json={"assignee_username": "rakvere.worker"},
        headers=head | {"If-Match": whole.headers["etag"]},
    )
    assert stale.status_code == 412


async def test_the_same_idempotency_key_makes_one_report(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    key = f"retry-{uuid.uuid4()}"
    body = sample_report()
    teacher = tokens("teacher.rakvere")
    first = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(teacher) | {"Idempotency-Key": key}
    )
    again = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(teacher) | {"Idempotency-Key": key}
    )
    other = await gateway.post(
        "/api/intake/v1/reports",
        json=_with("need_level", "in_danger"),
        headers=bearer(teacher) | {"Idempotency-Key": key},
    )

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["report_id"] == again.json()["report_id"]
    assert other.status_code == 409
    rows = await fetch("intake", "SELECT count(*) AS n FROM idempotency_record WHERE key = $1", key)
    assert rows[0]["n"] == 1
    events = await eventually(
        lambda: read_topic("heaolu.intake.v1", first.json()["report_id"]), bool
    )
    assert len(events) == 1


async def test_anonymous_reporter_checks_the_receipt_without_signing_in(
    gateway: httpx.AsyncClient,
) -> None:
    # Created straight at intake: the gateway's public route is rate-limited per address and
    # another test spends that allowance on purpose.
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8001") as intake:
        created = await intake.post("/api/intake/v1/public/reports", json=sample_report())
    assert created.status_code == 201
    receipt = await gateway.get(
        f"/api/intake/v1/public/receipts/{created.json()['receipt_number']}"
    )
    assert receipt.json()["status"] == "received"
    unknown = await gateway.get("/api/intake/v1/public/receipts/0000-0000-0000")
    assert unknown.status_code == 404


async def test_a_citizen_applies_for_a_service_routed_to_their_municipality(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    jaan = bearer(tokens("citizen.jaan"))
    catalogue = await gateway.get("/api/intake/v1/service-catalogue", headers=jaan)
    assert "home_care" in catalogue.json()
    created = await gateway.post(
        "/api/intake/v1/applications",
        json={"service_code": "home_care", "description": "Vajan abi koduste toimetustega"},
        headers=jaan,
    )
    assert created.status_code == 201, created.text
    assert created.json()["municipality"] == "0919"
    events = await eventually(
        lambda: read_topic("heaolu.intake.v1", created.json()["application_id"]), bool
    )
    event = json.loads(events[0].value)
    assert event["type"] == "ee.heaolu.intake.application.received.v1"
    assert event["data"]["applicant_pseudonym"] == pseudonymize("38001085718", DEV_PSEUDONYM_KEY)
    assert "38001085718" not in events[0].value.decode()

    unknown = await gateway.post(
        "/api/intake/v1/applications",
        json={"service_code": "yacht", "description": "x"},
        headers=jaan,
    )
    assert unknown.status_code == 422 and unknown.json()["field"] == "service_code"
    no_applicant = await gateway.post(
        "/api/intake/v1/applications",
        json={"service_code": "home_care", "description": "x"},
        headers=bearer(tokens("voru.social")),
    )
    assert no_applicant.status_code == 422


async def test_the_intake_queue_pages_with_a_cursor_without_gaps_or_repeats(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    for _ in range(3):
        await _create(gateway, tokens("teacher.rakvere"), sample_report("0663"))
    head = bearer(tokens("rakvere.head"))
    whole = await gateway.get("/api/intake/v1/reports", params={"limit": 7}, headers=head)
    pages: list[str] = []
    cursor = None
    for _ in range(3):
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = (await gateway.get("/api/intake/v1/reports", params=params, headers=head)).json()
        pages += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
    assert pages[:7] == [r["id"] for r in whole.json()["items"]]
    bad = await gateway.get(
        "/api/intake/v1/reports", params={"cursor": "not-a-cursor"}, headers=head
    )
    assert bad.status_code == 400


async def test_the_worker_assigned_in_casework_reads_the_report_and_later_linked_reports(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    """One assignment: casework's assignment of the assessment reaches intake, so the assigned
    worker reads the report behind it and a later report about the same child; the channel,
    which characterises the reporter, only the handling worker sees."""
    code = synthetic_personal_code()
    worker, head = bearer(tokens("rakvere.worker")), bearer(tokens("rakvere.head"))
    await gateway.get("/api/casework/v1/substitutions", headers=worker)
    thread = await _create(gateway, tokens("teacher.rakvere"), sample_report(child_code=code))
    report_path = f"/api/intake/v1/reports/{thread['report_id']}"
    before = await gateway.get(report_path, headers=worker)
    assert before.status_code == 403
    assessment_id = await assessment_for(thread["report_id"])
    path = f"/api/casework/v1/preliminary-assessments/{assessment_id}"
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "rakvere.worker"},
        headers=head | {"If-Match": (await gateway.get(path, headers=head)).headers["etag"]},
    )
    assert assigned.status_code == 200, assigned.text

    whole = await eventually(
        lambda: gateway.get(report_path, headers=worker), lambda r: r.status_code == 200
    )
    assert whole.json()["concern"] and whole.json()["channel"] == "school"
    assert (await gateway.get(report_path, headers=head)).json()["channel"] is None
    linked = await _create(gateway, tokens("teacher.rakvere"), sample_report(child_code=code))
    assert (await _stored(linked["report_id"]))["linked_to"] == thread["report_id"]
    later = await gateway.get(f"/api/intake/v1/reports/{linked['report_id']}", headers=worker)
    assert later.status_code == 200 and later.json()["linked_to"] == thread["report_id"]
    other = await gateway.get(report_path, headers=bearer(tokens("rakvere.substitute")))
    assert other.status_code == 403
