"""Reporting through the running system: KPIs counted by hand from a flow, the SKA feed holding
nothing that identifies the child or the reporter, and figures cacheable only privately.

The flow runs in municipality 0897 (Viljandi), which the other end-to-end tests leave alone: two
reports, a case, a separation whose custody application court files, and a Brussels IIb Art. 80
request whose task the municipality reports on and SKA answers. The figures are compared as
differences to the figures before it, for today.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jsonschema
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from heaolu_shared.contracts.__main__ import generated_schemas
from heaolu_shared.topics import TOPICS
from tests.conftest import (
    KAFKA,
    KEYCLOAK_TOKEN_URL,
    Tokens,
    assessment_for,
    bearer,
    eventually,
    fetch,
    local_today,
    sample_report,
    service_env,
    synthetic_personal_code,
)
from tests.e2e.casework_flow import API, etag_of, key, removal_body
from tests.e2e.court_flow import API as COURT
from tests.e2e.court_flow import APPLICATION, ART80_REQUEST, act, art80_with_task

pytestmark = pytest.mark.e2e

VILJANDI = "0897"
FEED_TOPIC = "heaolu.ska-feed.v1"
KPIS = "/api/reporting/v1/kpis"


@dataclass
class Flow:
    child_code: str
    secrets: list[str]
    """Everything that identifies the child or the reporter, or is free text."""


def ska_feed_token() -> str:
    response = httpx.post(
        KEYCLOAK_TOKEN_URL,
        data={
            "grant_type": "client_credentials",
            "client_id": "heaolu-ska-feed",
            "client_secret": "heaolu-ska-feed-dev-secret",
        },
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


async def kpis(gateway: httpx.AsyncClient, token: str, **params: str) -> dict[str, Any]:
    # Reporting counts by the local (Tallinn) date: near midnight UTC's date is another day.
    today = local_today().isoformat()
    response = await gateway.get(
        KPIS, params={"from": today, "to": today} | params, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"].startswith("private")
    return {name: figure["values"] for name, figure in response.json()["figures"].items()}


def counts(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures the flow changes."""
    reports = figures["reports_received"]
    assessments = figures["preliminary_assessments"]
    return {
        "reports": reports["total"],
        "in_need": reports["by_need_level"].get("in_need", 0),
        "in_danger": reports["by_need_level"].get("in_danger", 0),
        "decided": assessments["decided"],
        "within_term": assessments["within_term"],
        "opened": figures["cases"]["opened"],
        "open_at_end": figures["cases"]["open_at_end"],
        "separations": figures["separations"]["total"],
        "court_filed": figures["separations"]["court_filed"],
        "filed_within_target": figures["separations"]["filed_within_target"],
        "filed_within_72_hours": figures["separations"]["filed_within_72_hours"],
        **figures["central_authority"]["municipal_tasks"],
    }


def national_counts(figures: dict[str, Any]) -> dict[str, Any]:
    """The national figures of the central authority the flow changes."""
    requests = figures["central_authority"]["requests"]
    return {
        "art80": requests["opened_by_article"].get("art80", 0),
        "incoming": requests["opened_by_direction"].get("incoming", 0),
        "answered": requests["answered"],
        "answered_within_term": requests["answered_within_term"],
    }


async def run_flow(gateway: httpx.AsyncClient, tokens: Tokens) -> Flow:
    """Two reports about Viljandi children (one in danger), one opened as a case and the child
    separated from the family; names, codes, addresses and a reporter that must stay inside."""
    marker = uuid.uuid4().hex[:8]
    code = synthetic_personal_code()
    given, family = f"Kustutamatu{marker}", f"Salajane{marker}"
    address = f"Tundmatu tänav {marker}, Viljandi"
    reporter = {
        "name": f"Teataja Nimi{marker}",
        "phone": "+372 5555 7788",
        "email": f"teataja{marker}@example.org",
    }
    concern = f"Laps on üksi kodus ja nälginud {marker}"
    facts = f"Vanem oli joobes {marker}"
    worker, head = tokens("viljandi.worker"), tokens("viljandi.head")
    await gateway.get(f"{API}/substitutions", headers=bearer(worker))

    body = sample_report(VILJANDI, child_code=code)
    body["child"] |= {"name": f"{given} {family}"}
    body["location"]["address"] = address
    body["concern"]["text"] = concern
    body["reporter"] = reporter
    first = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(tokens("teacher.rakvere"))
    )
    assert first.status_code == 201, first.text
    second = await gateway.post(
        "/api/intake/v1/reports",
        json=sample_report(VILJANDI, need_level="in_danger", child_code=synthetic_personal_code()),
        headers=bearer(tokens("teacher.rakvere")),
    )
    assert second.status_code == 201, second.text

    assessment_id = await assessment_for(str(first.json()["report_id"]))
    path = f"{API}/preliminary-assessments/{assessment_id}"
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "viljandi.worker"},
        headers=bearer(head) | {"If-Match": await etag_of(gateway, path, head)},
    )
    assert assigned.status_code == 200, assigned.text
    child = {"given_name": given, "family_name": family, "personal_code": code, "address": address}
    decided = await gateway.post(
        f"{path}/decision",
        json={"outcome": "open_case", "child": child, "reason": f"Vajab abi {marker}"},
        headers=bearer(worker) | {"If-Match": await etag_of(gateway, path, worker)},
    )
    assert decided.status_code == 200, decided.text
    case_id = decided.json()["case_id"]
    removal = removal_body(datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=20))
    removal["facts"] = facts
    separated = await gateway.post(
        f"{API}/cases/{case_id}/removals", json=removal, headers=bearer(worker) | key()
    )
    assert separated.status_code == 201, separated.text
    await file_custody_application(gateway, tokens, case_id)
    await answer_art80(gateway, tokens)
    return Flow(
        code,
        [
            code,
            given,
            family,
            address,
            concern,
            facts,
            *reporter.values(),
            "Turvakodu",
            APPLICATION["danger"],
            APPLICATION["child_opinion"],
            ART80_REQUEST["child"],
            ART80_REQUEST["reasons"],
            ART80_REQUEST["foreign_reference"],
            TASK_REPORT,
        ],
    )


TASK_REPORT = "Laps elab emaga Viljandis ja käib koolis; menetlusi ei ole."


async def file_custody_application(
    gateway: httpx.AsyncClient, tokens: Tokens, case_id: str
) -> None:
    """Court opened a draft for the separation: complete it and file it."""
    worker = tokens("viljandi.worker")

    async def drafts() -> list[dict[str, Any]]:
        listed = await gateway.get(
            f"{COURT}/custody-applications", params={"case_id": case_id}, headers=bearer(worker)
        )
        assert listed.status_code == 200, listed.text
        return list(listed.json()["items"])

    [draft] = await eventually(drafts, bool)
    path = f"{COURT}/custody-applications/{draft['id']}"
    read = await gateway.get(path, headers=bearer(worker))
    edited = await gateway.patch(
        path, json=APPLICATION, headers=bearer(worker) | {"If-Match": read.headers["etag"]}
    )
    assert edited.status_code == 200, edited.text
    completed = await act(gateway, worker, f"{path}/complete", edited.headers["etag"])
    assert completed.status_code == 200, completed.text
    # The stack asks a head's approval in Rakvere only (HEAOLU_HEAD_APPROVAL_MUNICIPALITIES).
    filed = await act(gateway, worker, f"{path}/filing", completed.headers["etag"])
    assert filed.status_code == 200, filed.text


async def answer_art80(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    """SKA registers an Art. 80 request and asks the municipality; the head reports; SKA
    answers."""
    central, head = tokens("ska.central"), tokens("viljandi.head")
    request, task = await art80_with_task(gateway, tokens, municipality=VILJANDI)
    task_path = f"{COURT}/brussels-tasks/{task['id']}"
    current = await gateway.get(task_path, headers=bearer(head))
    reported = await act(
        gateway, head, f"{task_path}/report", current.headers["etag"], {"report": TASK_REPORT}
    )
    assert reported.status_code == 200, reported.text
    request_path = f"{COURT}/brussels-requests/{request['id']}"
    seen = await gateway.get(request_path, headers=bearer(central))
    answered = await act(
        gateway,
        central,
        f"{request_path}/answer",
        seen.headers["etag"],
        {"answer": "Omavalitsuse aruanne on lisatud."},
    )
    assert answered.status_code == 200, answered.text


EXPECTED_CHANGE = {
    "reports": 2,
    "in_need": 1,
    "in_danger": 1,
    "decided": 1,
    "within_term": 1,
    "opened": 1,
    "open_at_end": 1,
    "separations": 1,
    "court_filed": 1,
    "filed_within_target": 1,  # filed minutes after the separation: target 48 h
    "filed_within_72_hours": 1,
    "tasks_assigned": 1,
    "tasks_reported": 1,
    "tasks_reported_within_term": 1,
}
NATIONAL_CHANGE = {"art80": 1, "incoming": 1, "answered": 1, "answered_within_term": 1}


async def caught_up(group: str, topics: tuple[str, ...]) -> None:
    """Wait until ``group`` has committed every offset the topics hold now: the read models
    then include everything that happened before (a fresh stack first works through the
    topics' history)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA)
    await admin.start()
    await consumer.start()
    try:
        partitions = [
            TopicPartition(t.name, p)
            for t in TOPICS
            if t.name in topics
            for p in range(t.partitions)
        ]
        end = await consumer.end_offsets(partitions)

        async def committed() -> dict[TopicPartition, int]:
            offsets = await admin.list_consumer_group_offsets(group)
            return {tp: offsets[tp].offset if tp in offsets else 0 for tp in partitions}

        await eventually(
            committed, lambda c: all(c[tp] >= end[tp] for tp in partitions), timeout=180
        )
    finally:
        await consumer.stop()
        await admin.close()


@dataclass
class Observed:
    flow: Flow
    before: dict[str, Any]
    after: dict[str, Any]
    national_before: dict[str, Any]
    national_after: dict[str, Any]


@pytest.fixture(scope="module")
async def observed(stack: object, tokens: Tokens) -> Observed:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        head, ska = tokens("viljandi.head"), tokens("ska.central")
        await caught_up(
            "reporting.facts", ("heaolu.intake.v1", "heaolu.casework.v1", "heaolu.court.v1")
        )
        before = counts(await kpis(gateway, head))
        national_before = national_counts(await kpis(gateway, ska))
        done = await run_flow(gateway, tokens)
        expected = {k: before[k] + v for k, v in EXPECTED_CHANGE.items()}
        after = await eventually(
            lambda: kpis(gateway, head), lambda f: counts(f) == expected, timeout=90
        )
        national = {k: national_before[k] + v for k, v in NATIONAL_CHANGE.items()}
        national_after = await eventually(
            lambda: kpis(gateway, ska), lambda f: national_counts(f) == national, timeout=60
        )
        return Observed(done, before, after, national_before, national_after)


@pytest.fixture(scope="module")
def flow(observed: Observed) -> tuple[Flow, dict[str, Any], dict[str, Any]]:
    return observed.flow, observed.before, observed.after


async def test_kpis_change_by_what_the_flow_did(flow: tuple[Flow, Any, Any]) -> None:
    _, before, after = flow
    assert {k: counts(after)[k] - before[k] for k in before} == EXPECTED_CHANGE


async def test_the_central_authoritys_figures_change_by_the_art80_request(
    observed: Observed,
) -> None:
    change = {
        k: national_counts(observed.national_after)[k] - observed.national_before[k]
        for k in NATIONAL_CHANGE
    }
    assert change == NATIONAL_CHANGE
    # Requests belong to the nation; the municipality sees its tasks only.
    assert observed.after["central_authority"]["requests"] is None


async def test_the_ska_feed_holds_nothing_that_identifies_anyone(
    flow: tuple[Flow, Any, Any], gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    done, _, _ = flow
    schemas = generated_schemas()
    token = ska_feed_token()

    pulled: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        response = await gateway.get(
            "/api/reporting/v1/ska-feed/events",
            params={"limit": 500} | ({"cursor": cursor} if cursor else {}),
            headers=bearer(token),
        )
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        page = response.json()
        pulled += page["items"]
        if not page["items"]:
            break
        cursor = page["next_cursor"]
    pulled_ids = {m["id"] for m in pulled}
    # The relay publishes what the pull already serves within moments.
    on_kafka = await eventually(
        lambda: read_whole_topic(FEED_TOPIC),
        lambda found: pulled_ids <= {m["id"] for m in found},
        timeout=30,
    )

    assert pulled, "the feed is empty"
    ours = [m for m in pulled if m["data"]["municipality"] == VILJANDI]
    kinds = {m["type"].split(".")[3] for m in ours}
    assert {"report", "preliminary_assessment", "case", "removal"} <= kinds
    for message in [*pulled, *on_kafka]:
        jsonschema.Draft202012Validator(schemas[message["type"]]).validate(message["data"])
        text = json.dumps(message, ensure_ascii=False)
        found = [s for s in done.secrets if s in text]
        assert not found, f"{message['type']} carries {found}"


async def test_figures_carry_no_personal_data_and_need_no_audit(
    flow: tuple[Flow, Any, Any], gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    done, _, _ = flow
    audited_before = await fetch(
        "audit", "SELECT count(*) AS n FROM audit_record WHERE service = 'reporting'"
    )
    for user, params in (
        ("viljandi.head", {}),
        ("ska.counsellor", {}),
        ("ska.central", {"county": "0084"}),
    ):
        response = await gateway.get(KPIS, params=params, headers=bearer(tokens(user)))
        assert response.status_code == 200, response.text
        assert not [s for s in done.secrets if s in response.text]
    table = await gateway.get(
        "/api/reporting/v1/exports/reports-by-need-level",
        params={"format": "csv"},
        headers=bearer(tokens("ska.counsellor")),
    )
    assert table.status_code == 200 and table.headers["cache-control"].startswith("private")
    assert not [s for s in done.secrets if s in table.text]
    chart = await gateway.get(
        "/api/reporting/v1/reports/reports-by-need-level/chart.svg",
        headers=bearer(tokens("viljandi.head")),
    )
    assert chart.status_code == 200 and chart.text.lstrip().startswith("<?xml")
    national = "/api/reporting/v1/reports/central-authority-requests-by-answer"
    for path in (national, f"{national}/chart.svg"):
        response = await gateway.get(path, headers=bearer(tokens("ska.central")))
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"].startswith("private")
        assert not [s for s in done.secrets if s in response.text]
    refused = await gateway.get(national, headers=bearer(tokens("viljandi.head")))
    assert refused.status_code == 403
    narrowed = await gateway.get(
        national, params={"municipality": VILJANDI}, headers=bearer(tokens("ska.central"))
    )
    assert narrowed.status_code == 400 and narrowed.json()["type"].endswith("unknown-area")
    caseload = await gateway.get(f"{KPIS}/my-caseload", headers=bearer(tokens("viljandi.worker")))
    assert caseload.status_code == 200
    assert caseload.json()["figures"]["my_caseload"]["values"]["open_cases"] >= 1
    audited_after = await fetch(
        "audit", "SELECT count(*) AS n FROM audit_record WHERE service = 'reporting'"
    )
    assert audited_after[0]["n"] == audited_before[0]["n"] == 0


async def rebuild() -> str:
    """``python -m heaolu_reporting rebuild`` against the running stack; its output."""
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "heaolu_reporting", "rebuild"],
        env=service_env("reporting"),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout + done.stderr


async def test_a_rebuild_from_archive_and_topics_gives_the_live_figures(
    observed: Observed, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    """A rebuild empties the read models and replays the archive and the topics while the live
    worker runs; the figures come back as the live path made them.

    The shared development stack's reporting database may have been reset while the topics kept
    their events (and events of types reporting did not consume before were never archived), so
    a first rebuild brings the read models level with the topics; then a report goes through
    the live path, and a second rebuild must give exactly the live figures."""
    year = {"from": f"{local_today().year}-01-01"}

    async def figures() -> tuple[dict[str, Any], dict[str, Any]]:
        # Tokens are taken at each call: two rebuilds of long-lived topics can outlast one.
        head, ska = tokens("viljandi.head"), tokens("ska.central")
        return await kpis(gateway, head, **year), await kpis(gateway, ska, **year)

    assert "rebuild / taastamine" in await rebuild()
    settled = await figures()
    report = await gateway.post(
        "/api/intake/v1/reports",
        json=sample_report(VILJANDI, child_code=synthetic_personal_code()),
        headers=bearer(tokens("teacher.rakvere")),
    )
    assert report.status_code == 201, report.text
    total = settled[0]["reports_received"]["total"] + 1
    live = await eventually(figures, lambda f: f[0]["reports_received"]["total"] == total)
    live = await figures()  # whatever else the live worker applied meanwhile

    await rebuild()

    try:
        found = await eventually(figures, lambda f: f == live, timeout=30, interval=1)
    except AssertionError:
        found = await figures()  # for the difference pytest shows
    assert found == live


async def read_whole_topic(topic: str) -> list[dict[str, Any]]:
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await consumer.start()
    try:
        declared = next(t for t in TOPICS if t.name == topic)
        partitions = [TopicPartition(topic, p) for p in range(declared.partitions)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        found: list[dict[str, Any]] = []
        while remaining:
            for tp, records in (await consumer.getmany(*remaining, timeout_ms=1000)).items():
                found += [json.loads(r.value or b"") for r in records if r.offset < end[tp]]
                if records and records[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
        return found
    finally:
        await consumer.stop()
