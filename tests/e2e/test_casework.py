"""Casework end to end through the gateway with real tokens: from a report to a case plan and a
removal on Kafka, the refusals, concurrency, transfer, applications and decisions."""

from __future__ import annotations

import asyncio
import io
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pypdf import PdfReader

from heaolu_shared.calendar import default_calendar
from tests.conftest import (
    Tokens,
    assessment_for,
    bearer,
    create_report,
    eventually,
    fetch,
    read_topic,
    synthetic_personal_code,
)
from tests.e2e.casework_flow import (
    API,
    add_mother,
    assigned_assessment,
    care_provider,
    child,
    completed_needs_assessment,
    etag_of,
    every_item,
    home_visit,
    key,
    needs_body,
    open_case,
    plan_body,
    removal_body,
)

pytestmark = pytest.mark.e2e
TOPIC = "heaolu.casework.v1"


def _types(records: list) -> dict[str, dict]:  # type: ignore[type-arg]
    return {json.loads(r.value)["type"]: json.loads(r.value)["data"] for r in records}


async def test_report_to_case_plan_to_removal_on_kafka(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    case_id, _ = await open_case(gateway, tokens)
    await add_mother(gateway, worker, case_id)
    assessment_id = await completed_needs_assessment(gateway, worker, case_id)
    assessment = (
        await gateway.get(f"{API}/needs-assessments/{assessment_id}", headers=bearer(worker))
    ).json()
    assert assessment["status"] == "completed" and assessment["child_opinion"]

    plan = await gateway.post(
        f"{API}/cases/{case_id}/case-plans",
        json=plan_body(with_opinion=False),
        headers=bearer(worker) | key(),
    )
    assert plan.status_code == 201, plan.text
    plan_path = f"{API}/case-plans/{plan.json()['id']}"
    refused = await gateway.post(
        f"{plan_path}/approve", headers=bearer(worker) | {"If-Match": plan.headers["etag"]}
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["missing"] == ["child_opinion"]

    updated = await gateway.put(
        plan_path,
        json=plan_body(with_opinion=True),
        headers=bearer(worker) | {"If-Match": plan.headers["etag"]},
    )
    assert updated.status_code == 200, updated.text
    approved = await gateway.post(
        f"{plan_path}/approve", headers=bearer(worker) | {"If-Match": updated.headers["etag"]}
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"

    separated_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=30)
    removal = await gateway.post(
        f"{API}/cases/{case_id}/removals",
        json=removal_body(separated_at),
        headers=bearer(worker) | key(),
    )
    assert removal.status_code == 201, removal.text
    ruling_due = separated_at + timedelta(hours=72)
    assert datetime.fromisoformat(removal.json()["ruling_due_at"]) == ruling_due

    case = (await gateway.get(f"{API}/cases/{case_id}", headers=bearer(worker))).json()
    assert case["removal_clock"]["ruling_due_at"] == removal.json()["ruling_due_at"]
    assert 71 < case["removal_clock"]["hours_left"] <= 71.5
    deadlines = await every_item(gateway, f"{API}/cases/{case_id}/deadlines", worker)
    kinds = {d["kind"]: d for d in deadlines}
    assert {"court_filing", "court_ruling", "case_plan_review", "action_evaluation"} <= set(kinds)
    assert "72 hours" in kinds["court_ruling"]["legal_basis"]

    events = _types(
        await eventually(
            lambda: read_topic(TOPIC, case_id),
            lambda found: "ee.heaolu.casework.removal.recorded.v1" in _types(found),
        )
    )
    for expected in (
        "case.opened",
        "assessment.completed",
        "case_plan.approved",
        "removal.recorded",
    ):
        assert f"ee.heaolu.casework.{expected}.v1" in events
    recorded = events["ee.heaolu.casework.removal.recorded.v1"]
    assert datetime.fromisoformat(recorded["ruling_due_at"]) == ruling_due
    assert datetime.fromisoformat(recorded["court_filing_due_at"]) == separated_at + timedelta(
        hours=48
    )
    assert recorded["legal_ground"] == "custodian_caused_danger"
    # The feed carries a pseudonym, never the child's name or the facts.
    raw = json.dumps(events)
    assert "Testlaps" not in raw and "joobes" not in raw


async def test_refusals_name_the_problem_and_store_nothing(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    code = synthetic_personal_code()
    assessment_id = await assigned_assessment(gateway, tokens, child_code=code)
    path = f"{API}/preliminary-assessments/{assessment_id}"
    etag = await etag_of(gateway, path, worker)
    no_reason = await gateway.post(
        f"{path}/decision",
        json={"outcome": "not_opened", "one_off_measure": "Nõustamine"},
        headers=bearer(worker) | {"If-Match": etag},
    )
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    no_measure = await gateway.post(
        f"{path}/decision",
        json={"outcome": "not_opened", "reason": "Vajadus kadus"},
        headers=bearer(worker) | {"If-Match": etag},
    )
    assert no_measure.status_code == 422 and no_measure.json()["field"] == "one_off_measure"
    wrong_child = await gateway.post(
        f"{path}/decision",
        json={"outcome": "open_case", "child": child(synthetic_personal_code())},
        headers=bearer(worker) | {"If-Match": etag},
    )
    assert wrong_child.status_code == 422 and wrong_child.json()["field"] == "child.personal_code"
    assert (await etag_of(gateway, path, worker)) == etag  # nothing was stored

    not_opened = await gateway.post(
        f"{path}/decision",
        json={
            "outcome": "not_opened",
            "reason": "Vajadus rahuldatud",
            "one_off_measure": "Nõustamine",
        },
        headers=bearer(worker) | {"If-Match": etag},
    )
    assert not_opened.status_code == 200, not_opened.text
    assert not_opened.json()["status"] == "not_opened"
    again = await gateway.post(
        f"{path}/decision",
        json={"outcome": "not_opened", "reason": "x", "one_off_measure": "y"},
        headers=bearer(worker) | {"If-Match": not_opened.headers["etag"]},
    )
    assert again.status_code == 409

    case_id, _ = await open_case(gateway, tokens)
    no_ground = removal_body()
    del no_ground["legal_ground"]
    refused = await gateway.post(
        f"{API}/cases/{case_id}/removals", json=no_ground, headers=bearer(worker) | key()
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["legal_ground"]
    long_contact = removal_body()
    long_contact["contact_until"] = (
        datetime.fromisoformat(long_contact["separated_at"]) + timedelta(hours=73)
    ).isoformat()
    refused = await gateway.post(
        f"{API}/cases/{case_id}/removals", json=long_contact, headers=bearer(worker) | key()
    )
    assert refused.status_code == 422 and refused.json()["field"] == "contact_until"
    rows = await fetch(
        "casework", "SELECT count(*) AS n FROM removal WHERE case_id = $1::uuid", case_id
    )
    assert rows[0]["n"] == 0

    needs = await gateway.post(
        f"{API}/cases/{case_id}/needs-assessments",
        json=needs_body(with_opinion=False),
        headers=bearer(worker) | key(),
    )
    incomplete = await gateway.post(
        f"{API}/needs-assessments/{needs.json()['id']}/complete",
        headers=bearer(worker) | {"If-Match": needs.headers["etag"]},
    )
    assert incomplete.status_code == 422 and incomplete.json()["missing"] == ["child_opinion"]


async def test_placement_over_the_cap_needs_consent_and_ska_approval(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker, head = tokens("rakvere.worker"), tokens("rakvere.head")
    provider = await care_provider(gateway, head, f"HP-{synthetic_personal_code()[-6:]}")
    body = {"provider_code": provider, "starts_on": datetime.now(UTC).date().isoformat()}
    for _ in range(4):
        case_id, _ = await open_case(gateway, tokens)
        placed = await gateway.post(
            f"{API}/cases/{case_id}/placements", json=body, headers=bearer(worker) | key()
        )
        assert placed.status_code == 201, placed.text
        assert placed.json()["over_capacity"] is False
        assert placed.json()["form"] == "foster_family"
    fifth, _ = await open_case(gateway, tokens)
    # The request cannot make the foster family a family home with room for six.
    roomier = await gateway.post(
        f"{API}/cases/{fifth}/placements",
        json=body | {"form": "family_home"},
        headers=bearer(worker) | key(),
    )
    assert roomier.status_code == 422, roomier.text
    over = await gateway.post(
        f"{API}/cases/{fifth}/placements",
        json=body | {"guardian_consent": True},
        headers=bearer(worker) | key(),
    )
    assert over.status_code == 422, over.text
    assert over.json()["field"] == "ska_approval_ref" and over.json()["capacity"] == 4
    approved = await gateway.post(
        f"{API}/cases/{fifth}/placements",
        json=body | {"guardian_consent": True, "ska_approval_ref": "SKA-2026-1234"},
        headers=bearer(worker) | key(),
    )
    assert approved.status_code == 201 and approved.json()["over_capacity"] is True
    assert approved.headers["location"] == f"{API}/placements/{approved.json()['id']}"
    registered = await every_item(
        gateway, f"{API}/care-providers", worker, {"municipality": "0663"}
    )
    in_care = next(p["in_care"] for p in registered if p["code"] == provider)
    assert in_care == 5

    family_home = await care_provider(
        gateway, head, f"PK-{provider}", form="family_home", capacity=6
    )
    second = await gateway.post(
        f"{API}/cases/{fifth}/placements",
        json={"provider_code": family_home, "starts_on": body["starts_on"]},
        headers=bearer(worker) | key(),
    )
    assert second.status_code == 409, second.text
    temporary = await gateway.post(
        f"{API}/cases/{fifth}/placements",
        json={
            "provider_code": family_home,
            "starts_on": "2026-12-01",
            "ends_on": "2027-03-15",
            "temporary": True,
            "custodian_consent": True,
        },
        headers=bearer(worker) | key(),
    )
    assert temporary.status_code == 422 and temporary.json()["field"] == "ends_on"
    path = f"{API}/cases/{fifth}"
    closed = await gateway.post(
        f"{path}/close",
        json={"reason": "moved_abroad"},
        headers=bearer(worker) | {"If-Match": await etag_of(gateway, path, worker)},
    )
    assert closed.status_code == 200, closed.text
    ended = await every_item(gateway, f"{path}/placements", worker)
    assert [p["status"] for p in ended] == ["ended"]
    registered = await every_item(
        gateway, f"{API}/care-providers", worker, {"municipality": "0663"}
    )
    assert next(p["in_care"] for p in registered if p["code"] == provider) == 4


async def test_stale_if_match_and_concurrent_updates(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    head = tokens("rakvere.head")
    case_id, _ = await open_case(gateway, tokens)
    path = f"{API}/cases/{case_id}"
    etag = await etag_of(gateway, path, head)
    await gateway.get(f"{API}/substitutions", headers=bearer(tokens("rakvere.substitute")))
    first = await gateway.patch(
        path,
        json={"assignee_username": "rakvere.substitute"},
        headers=bearer(head) | {"If-Match": etag},
    )
    assert first.status_code == 200 and first.headers["etag"] != etag
    stale = await gateway.patch(
        path,
        json={"assignee_username": "rakvere.worker"},
        headers=bearer(head) | {"If-Match": etag},
    )
    assert stale.status_code == 412 and stale.headers["content-type"] == "application/problem+json"
    missing = await gateway.patch(
        path, json={"assignee_username": "rakvere.worker"}, headers=bearer(head)
    )
    assert missing.status_code == 428

    current = first.headers["etag"]
    results = await asyncio.gather(
        *(
            gateway.patch(
                path,
                json={"assignee_username": name},
                headers=bearer(head) | {"If-Match": current},
            )
            for name in ("rakvere.worker", "rakvere.head")
        )
    )
    assert sorted(r.status_code for r in results) == [200, 412]


async def test_transferred_case_moves_to_the_new_municipality(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    case_id, code = await open_case(gateway, tokens)
    path = f"{API}/cases/{case_id}"
    visit = home_visit("Kodukülastus enne kolimist.")
    idem = key()
    recorded = await gateway.post(f"{path}/activities", json=visit, headers=bearer(worker) | idem)
    assert recorded.status_code == 201, recorded.text
    moved = await gateway.post(
        f"{path}/transfer",
        json={"to_municipality": "0321", "reason": "Pere kolis Kohtla-Järvele"},
        headers=bearer(worker) | {"If-Match": await etag_of(gateway, path, worker)},
    )
    assert moved.status_code == 200, moved.text
    assert (await gateway.get(path, headers=bearer(worker))).status_code == 403
    assert (await gateway.get(path, headers=bearer(tokens("rakvere.head")))).status_code == 403
    listed = await gateway.get(f"{API}/cases", params={"limit": 200}, headers=bearer(worker))
    assert case_id not in {c["id"] for c in listed.json()["items"]}
    # A retry of an earlier creation does not show the old municipality the stored answer.
    replay = await gateway.post(f"{path}/activities", json=visit, headers=bearer(worker) | idem)
    assert replay.status_code == 403, replay.text
    assert "Testlaps" not in replay.text

    new_head = tokens("kohtla-jarve.head")
    queue = await every_item(gateway, f"{API}/queue", new_head)
    assert case_id in {i["id"] for i in queue if i["kind"] == "case"}
    assert next(i["child_name"] for i in queue if i["id"] == case_id) == "Sünteetiline Testlaps"
    read = await gateway.get(path, headers=bearer(new_head))
    assert read.status_code == 200 and read.json()["transferred_from"] == "0663"
    assert read.json()["child"]["personal_code"] == code
    await gateway.get(f"{API}/substitutions", headers=bearer(tokens("kohtla-jarve.worker")))
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "kohtla-jarve.worker"},
        headers=bearer(new_head) | {"If-Match": read.headers["etag"]},
    )
    assert assigned.status_code == 200, assigned.text
    mine = await every_item(gateway, f"{API}/cases", tokens("kohtla-jarve.worker"))
    assert case_id in {c["id"] for c in mine}
    events = _types(await read_topic(TOPIC, case_id))
    transferred = events["ee.heaolu.casework.case.transferred.v1"]
    assert (transferred["from_municipality"], transferred["to_municipality"]) == ("0663", "0321")


async def test_close_and_reopen(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    worker = tokens("rakvere.worker")
    case_id, _ = await open_case(gateway, tokens)
    path = f"{API}/cases/{case_id}"
    closed = await gateway.post(
        f"{path}/close",
        json={"reason": "goals_reached"},
        headers=bearer(worker) | {"If-Match": await etag_of(gateway, path, worker)},
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    blocked = await gateway.post(
        f"{API}/cases/{case_id}/activities",
        json={"kind": "note", "occurred_at": datetime.now(UTC).isoformat(), "summary": "x"},
        headers=bearer(worker) | key(),
    )
    assert blocked.status_code == 409
    reopened = await gateway.post(
        f"{path}/reopen",
        json={"reason": "Uus teade"},
        headers=bearer(worker) | {"If-Match": closed.headers["etag"]},
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"


async def test_activity_creation_is_idempotent(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    worker = tokens("rakvere.worker")
    case_id, _ = await open_case(gateway, tokens)
    body = home_visit("Kodukülastus: korter soe, toitu on.")
    idem = key()
    first = await gateway.post(
        f"{API}/cases/{case_id}/activities", json=body, headers=bearer(worker) | idem
    )
    retry = await gateway.post(
        f"{API}/cases/{case_id}/activities", json=body, headers=bearer(worker) | idem
    )
    assert (first.status_code, retry.status_code) == (201, 200)
    assert first.json()["id"] == retry.json()["id"]
    assert first.headers["location"] == retry.headers["location"]
    assert first.headers["location"] == f"{API}/cases/{case_id}/activities"
    other = await gateway.post(
        f"{API}/cases/{case_id}/activities",
        json=body | {"summary": "muu"},
        headers=bearer(worker) | idem,
    )
    assert other.status_code == 409
    listed = (await gateway.get(f"{API}/cases/{case_id}/activities", headers=bearer(worker))).json()
    assert len(listed["items"]) == 1 and listed["next_cursor"] is None


async def test_search_by_code_and_name_is_audited(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    case_id, code = await open_case(gateway, tokens)
    by_code = await gateway.post(
        f"{API}/cases/search",
        json={"personal_code": code, "purpose": "uus teade"},
        headers=bearer(worker),
    )
    assert by_code.status_code == 200, by_code.text
    assert [h["id"] for h in by_code.json()["items"]] == [case_id]
    by_name = await gateway.post(
        f"{API}/cases/search",
        json={"family_name": "testlaps", "given_name": "Sünt", "purpose": "uus teade"},
        headers=bearer(worker),
    )
    assert case_id in {h["id"] for h in by_name.json()["items"]}
    other = await gateway.post(
        f"{API}/cases/search",
        json={"personal_code": code, "purpose": "uudishimu"},
        headers=bearer(tokens("kohtla-jarve.worker")),
    )
    assert other.status_code == 200 and other.json() == {"items": [], "next_cursor": None}
    bad = await gateway.post(
        f"{API}/cases/search",
        json={"personal_code": "12345678901", "purpose": "x" * 5},
        headers=bearer(worker),
    )
    assert bad.status_code == 422
    rows = await eventually(
        lambda: fetch(
            "casework",
            "SELECT payload FROM outbox WHERE event_type = 'ee.heaolu.audit.access.recorded.v1' "
            "AND payload->'data'->>'record_type' = 'case_search' "
            "AND payload->'data'->>'purpose' = 'uus teade' ORDER BY id DESC LIMIT 5",
        ),
        bool,
    )
    assert rows


async def test_application_to_decision_with_pdf_and_referral(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    applied = await gateway.post(
        "/api/intake/v1/applications",
        json={"service_code": "support_person", "description": "Vajan tugiisikut."},
        headers=bearer(tokens("citizen.jaan")) | key(),
    )
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["application_id"]
    head, social = tokens("voru.head"), tokens("voru.social")
    await gateway.get(f"{API}/substitutions", headers=bearer(social))
    jaan = bearer(tokens("citizen.jaan"))

    async def own_status() -> dict:  # type: ignore[type-arg]
        page = await gateway.get("/api/intake/v1/applications", headers=jaan)
        assert page.status_code == 200, page.text
        return next(a for a in page.json()["items"] if a["id"] == application_id)

    mine = await own_status()
    assert mine["status"] == "received" and mine["service_label"] == "Tugiisikuteenus"
    received_at = datetime.fromisoformat(mine["received_at"])
    due = default_calendar().add_working_days_deadline(received_at, 10)
    assert datetime.fromisoformat(mine["decision_due_at"]) == due
    intake_path = f"/api/intake/v1/applications/{application_id}"
    assert (await gateway.get(intake_path, headers=bearer(social))).status_code == 403
    await eventually(
        lambda: every_item(gateway, f"{API}/queue", head),
        lambda items: application_id in {i["id"] for i in items},
    )
    path = f"{API}/applications/{application_id}"
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "voru.social"},
        headers=bearer(head) | {"If-Match": await etag_of(gateway, path, head)},
    )
    assert assigned.status_code == 200, assigned.text
    # The specialist assigned in casework reads who applied and what they asked, at intake.
    asked = await eventually(
        lambda: gateway.get(intake_path, headers=bearer(social)), lambda r: r.status_code == 200
    )
    assert asked.json()["applicant_personal_code"] == "38001085718"
    assert asked.json()["description"] == "Vajan tugiisikut."
    assert (await own_status())["status"] == "being_handled"
    clock = await fetch(
        "casework", "SELECT due_at FROM deadline WHERE record_id = $1::uuid", application_id
    )
    assert clock[0]["due_at"] == due
    applicant = {
        "given_name": "Jaan",
        "family_name": "Demo-Mustikas",
        "personal_code": "38001085718",
    }
    opened = await gateway.post(
        f"{path}/case",
        json={"applicant": applicant},
        headers=bearer(social) | {"If-Match": assigned.headers["etag"]},
    )
    assert opened.status_code == 201, opened.text
    case_id = opened.json()["id"]
    decision = await gateway.post(
        f"{API}/cases/{case_id}/decisions",
        json={
            "service_code": "support_person",
            "outcome": "granted",
            "legal_basis": "SHS § 23 ja Võru linna sotsiaalhoolekande kord § 5",
            "reasoning": "Taotleja vajab igapäevaelus tuge; abivajadus on hinnatud.",
            "application_id": application_id,
            "provider_code": "TUGI-0919",
            "provider_name": "Tugiteenused OÜ",
            "starts_on": "2026-12-01",
        },
        headers=bearer(social) | key(),
    )
    assert decision.status_code == 201, decision.text
    decision_id = decision.json()["id"]
    document = await gateway.get(f"{API}/decisions/{decision_id}/document", headers=bearer(social))
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(document.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in (
        "SHS § 23",
        "Jaan Demo-Mustikas, isikukood 38001085718",
        "Tugiteenused OÜ",
        "Taotlus teenusele „Tugiisikuteenus” rahuldada.",
        "Võru Linnavalitsus",
        "Otsuse tegija Peeter Demo-Org",
        "30 päeva",
        "haldusmenetluse seaduse § 75",
        "halduskohtumenetluse seadustiku § 46",
        decision.json()["number"],
    ):
        assert expected in text, expected
    assert "support_person" not in text
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert all(
        "/FontFile2" in f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts
    )
    decided = await eventually(own_status, lambda a: a["status"] == "decided")
    assert decided["outcome"] == "granted"
    referral = _types(await eventually(lambda: read_topic(TOPIC, decision_id), bool))
    sent = referral["ee.heaolu.casework.referral.sent.v1"]
    assert sent["provider_code"] == "TUGI-0919" and "38001085718" not in json.dumps(sent)

    etag = decision.headers["etag"]
    skipped = await gateway.post(
        f"{API}/decisions/{decision_id}/provision",
        json={"status": "delivered"},
        headers=bearer(social) | {"If-Match": etag},
    )
    assert skipped.status_code == 422 and skipped.json()["allowed"] == ["not_started", "started"]
    started = await gateway.post(
        f"{API}/decisions/{decision_id}/provision",
        json={"status": "started", "note": "Esimene kohtumine toimus"},
        headers=bearer(social) | {"If-Match": etag},
    )
    assert started.status_code == 200 and started.json()["provision_status"] == "started"
    early = await gateway.post(
        f"{API}/decisions/{decision_id}/delivery",
        json={"channel": "eesti_ee", "delivered_at": "2020-01-01T10:00:00+02:00"},
        headers=bearer(social) | {"If-Match": started.headers["etag"]},
    )
    assert early.status_code == 422 and early.json()["field"] == "delivered_at"
    delivered = await gateway.post(
        f"{API}/decisions/{decision_id}/delivery",
        json={"channel": "eesti_ee", "delivered_at": datetime.now(UTC).isoformat()},
        headers=bearer(social) | {"If-Match": started.headers["etag"]},
    )
    assert delivered.status_code == 200 and delivered.json()["delivery_channel"] == "eesti_ee"
    rows = await fetch(
        "casework", "SELECT status FROM deadline WHERE record_id = $1::uuid", application_id
    )
    assert [r["status"] for r in rows] == ["met"]


async def test_self_assignment_only_where_the_municipality_allows_it(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    for user in ("kohtla-jarve.worker", "rakvere.worker"):
        await gateway.get(f"{API}/substitutions", headers=bearer(tokens(user)))
    teacher = tokens("teacher.rakvere")
    # Kohtla-Järve lets workers take new items from the queue (local settings); Rakvere does not.
    for municipality, user, expected in (
        ("0321", "kohtla-jarve.worker", 200),
        ("0663", "rakvere.worker", 403),
    ):
        report_id = await create_report(gateway, teacher, municipality=municipality)
        assessment_id = await assessment_for(report_id)
        path = f"{API}/preliminary-assessments/{assessment_id}"
        token = tokens(user)
        if expected == 200:
            queue = await every_item(gateway, f"{API}/queue", token)
            assert assessment_id in {i["id"] for i in queue}
        else:
            queue_refused = await gateway.get(f"{API}/queue", headers=bearer(token))
            assert queue_refused.status_code == 403
        head = tokens("kohtla-jarve.head" if municipality == "0321" else "rakvere.head")
        etag = (await gateway.get(path, headers=bearer(head))).headers["etag"]
        claimed = await gateway.patch(
            path, json={"assignee_username": user}, headers=bearer(token) | {"If-Match": etag}
        )
        assert claimed.status_code == expected, claimed.text
    # Taking an item for someone else is still the head's call.
    report_id = await create_report(gateway, teacher, municipality="0321")
    path = f"{API}/preliminary-assessments/{await assessment_for(report_id)}"
    etag = (await gateway.get(path, headers=bearer(tokens("kohtla-jarve.head")))).headers["etag"]
    other = await gateway.patch(
        path,
        json={"assignee_username": "kohtla-jarve.head"},
        headers=bearer(tokens("kohtla-jarve.worker")) | {"If-Match": etag},
    )
    assert other.status_code == 403


async def test_one_person_record_per_personal_code_in_a_municipality(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker = tokens("rakvere.worker")
    parent_code = synthetic_personal_code()
    ids = []
    for _ in range(2):
        case_id, _ = await open_case(gateway, tokens)
        added = await gateway.post(
            f"{API}/cases/{case_id}/parties",
            json={
                "person": {
                    "given_name": "Isa",
                    "family_name": "Testvanem",
                    "personal_code": parent_code,
                },
                "role": "father",
                "has_custody": True,
            },
            headers=bearer(worker) | key(),
        )
        assert added.status_code == 201, added.text
        ids.append(added.json()["person"]["id"])
    assert ids[0] == ids[1]
    invalid = await gateway.post(
        f"{API}/cases/{case_id}/parties",
        json={
            "person": {"given_name": "Vale", "family_name": "Kood", "personal_code": "39001010001"},
            "role": "other",
        },
        headers=bearer(worker) | key(),
    )
    assert invalid.status_code == 422
    assert [e["field"] for e in invalid.json()["errors"]] == ["person.personal_code"]
    no_basis = await gateway.post(
        f"{API}/cases/{case_id}/parties",
        json={"person": {"given_name": "Eest", "family_name": "Kostja"}, "role": "guardian"},
        headers=bearer(worker) | key(),
    )
    assert no_basis.status_code == 422


async def test_ska_counsellor_reads_a_case_only_within_a_counselling_request(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    case_id, _ = await open_case(gateway, tokens)
    path = f"{API}/cases/{case_id}"
    counsellor = bearer(tokens("ska.counsellor"))
    assert (await gateway.get(path, headers=counsellor)).status_code == 403
    asked = await gateway.post(
        f"{API}/counselling-requests",
        json={"record_id": case_id, "question": "Kas perest eraldamine on põhjendatud?"},
        headers=bearer(tokens("rakvere.worker")),
    )
    assert asked.status_code == 201, asked.text
    assert (await gateway.get(path, headers=counsellor)).status_code == 200
    assert (await gateway.get(f"{path}/parties", headers=counsellor)).status_code == 200
    note = await gateway.post(
        f"{path}/activities",
        json={"kind": "note", "occurred_at": datetime.now(UTC).isoformat(), "summary": "x"},
        headers=counsellor | key(),
    )
    assert note.status_code == 403
