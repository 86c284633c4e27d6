"""Court through the gateway with real tokens: the custody-restriction application after a
separation, from the draft to the ruling, and casework's clocks."""

from __future__ import annotations

import io
import json
from datetime import datetime

import httpx
import pytest
from pypdf import PdfReader

from heaolu_shared.calendar import default_calendar
from tests.conftest import Tokens, bearer, eventually, fetch, read_topic
from tests.e2e.court_flow import API, APPLICATION, act, removal_and_application

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
