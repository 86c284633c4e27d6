"""Court through the gateway with real tokens: the custody-restriction application after a
separation, from the draft to the ruling, and casework's clocks."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import httpx
import pytest
from pypdf import PdfReader

from heaolu_shared.calendar import default_calendar
from tests.conftest import Tokens, bearer, eventually, fetch, read_topic
from tests.e2e.casework_flow import key, open_case
from tests.e2e.court_flow import (
    API,
    APPLICATION,
    COURT_OPINION_REQUEST,
    KLAT_APPLICATION,
    act,
    art80_with_task,
    case_with_approved_plan,
    opinion_request,
    removal_and_application,
)

pytestmark = pytest.mark.e2e


async def casework_clock(removal_id: str, kind: str) -> dict[str, object]:
    rows = await fetch(
        "casework",
        "SELECT id, status, breached_sent_at FROM deadline"
        " WHERE record_id = $1::uuid AND kind = $2",
        removal_id,
        kind,
    )
    assert len(rows) == 1
    return dict(rows[0])


async def test_separation_to_filing_to_ruling(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    worker, head = tokens("rakvere.worker"), tokens("rakvere.head")
    _, removal_id, separated_at, draft = await removal_and_application(
        gateway, tokens, hours_before=5
    )

    # The clocks count from the separation, five hours before the recording.
    calendar = default_calendar()
    assert draft["removal_id"] == removal_id
    assert draft["status"] == "draft"
    assert draft["head_approval_required"] is True
    clocks = {c["kind"]: c["due_at"] for c in draft["clocks"]}
    expected = {
        "court_filing": calendar.add_hours_deadline(separated_at, 48),
        "court_ruling": calendar.add_hours_deadline(separated_at, 72),
    }
    assert {k: datetime.fromisoformat(v) for k, v in clocks.items()} == expected

    path = f"{API}/custody-applications/{draft['id']}"
    read = await gateway.get(path, headers=bearer(worker))
    assert read.status_code == 200
    assert read.headers["cache-control"] == "no-store"
    etag = read.headers["etag"]

    incomplete = await act(gateway, worker, f"{path}/complete", etag)
    assert incomplete.status_code == 422
    assert "facts" in incomplete.json()["missing"]

    no_if_match = await gateway.patch(path, json=APPLICATION, headers=bearer(worker))
    assert no_if_match.status_code == 428
    edited = await gateway.patch(
        path, json=APPLICATION, headers=bearer(worker) | {"If-Match": etag}
    )
    assert edited.status_code == 200, edited.text
    stale = await gateway.patch(path, json=APPLICATION, headers=bearer(worker) | {"If-Match": etag})
    assert stale.status_code == 412

    completed = await act(gateway, worker, f"{path}/complete", edited.headers["etag"])
    assert completed.status_code == 200, completed.text
    unapproved = await act(gateway, worker, f"{path}/filing", completed.headers["etag"])
    assert unapproved.status_code == 422
    by_worker = await act(gateway, worker, f"{path}/approve", completed.headers["etag"])
    assert by_worker.status_code == 403
    approved = await act(gateway, head, f"{path}/approve", completed.headers["etag"])
    assert approved.status_code == 200, approved.text
    filed = await act(gateway, worker, f"{path}/filing", approved.headers["etag"])
    assert filed.status_code == 200, filed.text
    assert filed.json()["status"] == "filed"

    document = await gateway.get(f"{path}/document", headers=bearer(worker))
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(document.content)).pages)
    assert "Taotlus vanema hooldusõiguse piiramiseks" in text
    assert "Rakvere Linnavalitsus" in text
    assert "Mari Maasikas" in text
    assert draft["case_number"] and draft["case_number"] in text
    assert draft["number"] in text
    other = await gateway.get(f"{path}/document", headers=bearer(tokens("kohtla-jarve.worker")))
    assert other.status_code == 403

    # Casework's filing clock is met and never breached.
    filing = await eventually(
        lambda: casework_clock(removal_id, "court_filing"), lambda c: c["status"] == "met"
    )
    assert filing["breached_sent_at"] is None
    breaches = [
        r
        for r in await read_topic("heaolu.casework.v1", str(filing["id"]))
        if json.loads(r.value or b"{}")["type"].endswith("deadline.breached.v1")
    ]
    assert breaches == []

    ruled = await act(
        gateway,
        worker,
        f"{path}/ruling",
        filed.headers["etag"],
        {"outcome": "granted", "ruled_at": filed.json()["filed_at"], "court_case_number": "2-26-1"},
    )
    assert ruled.status_code == 200, ruled.text
    assert ruled.json()["ruling_outcome"] == "granted"
    ruling_clock = await eventually(
        lambda: casework_clock(removal_id, "court_ruling"), lambda c: c["status"] == "met"
    )
    assert ruling_clock["breached_sent_at"] is None
    court_events = [
        json.loads(r.value or b"{}") for r in await read_topic("heaolu.court.v1", draft["id"])
    ]
    types = [e["type"] for e in court_events]
    assert types == [
        "ee.heaolu.court.court_application.opened.v1",
        "ee.heaolu.court.court_application.filed.v1",
        "ee.heaolu.court.court_ruling.recorded.v1",
    ]
    filed_event = court_events[1]["data"]
    assert filed_event["within_target"] is True and filed_event["head_approved"] is True
    assert "facts" not in filed_event and "official_name" not in filed_event


async def test_klat_opinion_request_and_application_while_pending(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = bearer(tokens("rakvere.worker"))
    no_plan_case, _ = await open_case(gateway, tokens)
    refused = await gateway.post(
        f"{API}/klat-opinion-requests", json=opinion_request(no_plan_case, 14), headers=worker
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "court.klat-needs-approved-case-plan"
    assert refused.headers["content-language"] == "et"
    assert "juhtumiplaan" in refused.json()["detail"]

    case_id = await case_with_approved_plan(gateway, tokens)

    async def ask_about_a_child_of_ten() -> httpx.Response:
        return await gateway.post(
            f"{API}/klat-opinion-requests", json=opinion_request(case_id, 10), headers=worker
        )

    # Court learns of the approved plan from casework's event; then only the age refuses.
    too_young = await eventually(
        ask_about_a_child_of_ten, lambda r: r.json().get("field") == "age_exception_reason"
    )
    assert too_young.status_code == 422

    requested = await gateway.post(
        f"{API}/klat-opinion-requests",
        json=opinion_request(case_id, 14),
        headers=worker | key(),
    )
    assert requested.status_code == 201, requested.text
    request = requested.json()
    [clock] = request["clocks"]
    requested_at = datetime.fromisoformat(request["requested_at"])
    assert clock["kind"] == "klat_opinion"
    assert datetime.fromisoformat(clock["due_at"]) == default_calendar().add_calendar_days_deadline(
        requested_at, 30
    )

    path = f"{API}/klat-opinion-requests/{request['id']}"
    assert (await gateway.get(path, headers=bearer(tokens("ska.counsellor")))).status_code == 200
    for outsider in ("ska.central", "kohtla-jarve.worker", "rakvere.substitute"):
        assert (await gateway.get(path, headers=bearer(tokens(outsider)))).status_code == 403

    filed = await gateway.post(
        f"{API}/klat-applications",
        json=KLAT_APPLICATION | {"case_id": case_id, "request_id": request["id"]},
        headers=worker | key(),
    )
    assert filed.status_code == 201, filed.text
    assert filed.json()["ska_opinion"] == "pending"
    pdf = await gateway.get(f"{filed.headers['location']}/document", headers=worker)
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "vastust veel ei ole" in text

    by_worker = await gateway.post(
        f"{path}/opinion",
        json={"opinion": "suitable", "reasons": "x"},
        headers=worker | {"If-Match": requested.headers["etag"]},
    )
    assert by_worker.status_code == 403
    answered = await gateway.post(
        f"{path}/opinion",
        json={"opinion": "suitable", "reasons": "Muud abinõud on ammendatud."},
        headers=bearer(tokens("ska.counsellor")) | {"If-Match": requested.headers["etag"]},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["clocks"][0]["status"] == "met"


async def audited(record_id: str) -> list[str]:
    rows = await fetch(
        "court",
        "SELECT payload->'data'->>'actor_username' AS who FROM outbox"
        " WHERE event_type = 'ee.heaolu.audit.access.recorded.v1'"
        " AND payload->'data'->>'record_id' = $1 ORDER BY id",
        record_id,
    )
    return [r["who"] for r in rows]


async def test_brussels_art80_flows_ska_to_municipality_and_back(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    central, head = bearer(tokens("ska.central")), bearer(tokens("rakvere.head"))
    request, task = await art80_with_task(gateway, tokens)
    assert [c["kind"] for c in request["clocks"]] == ["brussels_response"]
    request_path = f"{API}/brussels-requests/{request['id']}"
    task_path = f"{API}/brussels-tasks/{task['id']}"

    listed = await gateway.get(f"{API}/brussels-tasks", headers=head)
    assert task["id"] in {t["id"] for t in listed.json()["items"]}
    for outsider, path in (
        ("rakvere.head", request_path),
        ("ska.counsellor", request_path),
        ("kohtla-jarve.head", task_path),
        ("rakvere.worker", task_path),
        ("ska.counsellor", task_path),
    ):
        r = await gateway.get(path, headers=bearer(tokens(outsider)))
        assert r.status_code == 403, (outsider, path)

    current = await gateway.get(task_path, headers=head)
    reported = await gateway.post(
        f"{task_path}/report",
        json={"report": "Laps elab emaga Rakveres, käib koolis; menetlusi ei ole."},
        headers=head | {"If-Match": current.headers["etag"]},
    )
    assert reported.status_code == 200, reported.text
    seen = await gateway.get(request_path, headers=central)
    answered = await gateway.post(
        f"{request_path}/answer",
        json={"answer": "Omavalitsuse aruanne on lisatud."},
        headers=central | {"If-Match": seen.headers["etag"]},
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["status"] == "answered"

    assert await audited(request["id"]) == ["ska.central", "ska.central", "ska.central"]
    task_trail = await audited(task["id"])
    assert "rakvere.head" in task_trail and "ska.central" in task_trail
    assert "kohtla-jarve.head" not in task_trail


async def test_opinion_to_the_court_with_the_child_heard(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker, head = bearer(tokens("rakvere.worker")), bearer(tokens("rakvere.head"))
    registered = await gateway.post(
        f"{API}/court-opinions", json=COURT_OPINION_REQUEST, headers=worker | key()
    )
    assert registered.status_code == 201, registered.text
    [clock] = registered.json()["clocks"]
    assert datetime.fromisoformat(clock["due_at"]) == default_calendar().end_of_local_day(
        date.fromisoformat(str(COURT_OPINION_REQUEST["due_on"]))
    )
    path = registered.headers["location"]
    drafted = await gateway.patch(
        path,
        json={
            "child_heard_at": datetime.now(UTC).isoformat(),
            "child_heard_how": "vestlus koolis",
            "child_heard_by": "Mari Maasikas",
            "child_age": 11,
            "child_views": "Tahab isa juures käia igal teisel nädalavahetusel.",
            "views_weighed": "11-aastase lapse soovil on suur kaal.",
            "opinion": "Toetame suhtluskorda igal teisel nädalavahetusel.",
            "official_name": "Mari Maasikas",
            "official_position": "lastekaitsespetsialist",
        },
        headers=worker | {"If-Match": registered.headers["etag"]},
    )
    assert drafted.status_code == 200, drafted.text
    approved = await gateway.post(
        f"{path}/approve", headers=head | {"If-Match": drafted.headers["etag"]}
    )
    assert approved.status_code == 200, approved.text
    sent = await gateway.post(
        f"{path}/sending", headers=worker | {"If-Match": approved.headers["etag"]}
    )
    assert sent.status_code == 200, sent.text
    pdf = await gateway.get(f"{path}/document", headers=worker)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Eestkosteasutuse arvamus kohtule" in text and "Tahab isa juures" in text


async def test_the_childs_return_home_ends_the_separation_in_casework(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    _, removal_id, _, draft = await removal_and_application(gateway, tokens, hours_before=1)
    path = f"{API}/custody-applications/{draft['id']}"
    etag = (await gateway.get(path, headers=bearer(worker))).headers["etag"]
    withdrawn = await act(gateway, worker, f"{path}/withdrawal", etag)
    assert withdrawn.status_code == 200, withdrawn.text
    assert {c["status"] for c in withdrawn.json()["clocks"]} == {"cancelled"}
    for kind in ("court_filing", "court_ruling"):

        async def probe(kind: str = kind) -> dict[str, object]:
            return await casework_clock(removal_id, kind)

        clock = await eventually(probe, lambda c: c["status"] == "cancelled")
        assert clock["breached_sent_at"] is None
