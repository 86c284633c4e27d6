"""The pages rendered with answers shaped as the APIs answer today (casework's pages of
``items`` and ``next_cursor``, reporting's KPIs), without a server or a browser."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from starlette.requests import Request

from heaolu_web.cases.service import work_lists
from heaolu_web.common.api import page_items
from heaolu_web.common.pages import render
from heaolu_web.statistics.service import figure_rows, pending_rows

ASSESSMENT_ID = "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f60"
CASE_ID = "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f62"
RECEIVED = "2026-11-30T10:00:00+00:00"
DUE = "2026-12-10T10:00:00+00:00"

ASSESSMENT = {
    "id": ASSESSMENT_ID,
    "report_id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f61",
    "municipality": "0663",
    "need_level": "in_danger",
    "status": "pending",
    "received_at": RECEIVED,
    "due_at": DUE,
    "assignee": "rakvere.worker",
    "urgent": True,
    "linked_reports": 0,
    "child_name": "Test Lapsike",
    "version": 1,
    "legal_basis": "LasteKS §28; SHS §9: decision within 10 calendar days",
}
CASE_SUMMARY = {
    "id": CASE_ID,
    "number": "0663-2026-1",
    "municipality": "0663",
    "kind": "child_protection",
    "status": "open",
    "assignee": "rakvere.worker",
    "opened_at": RECEIVED,
    "version": 1,
    "child_name": "Test Lapsike",
    "assignee_username": "rakvere.worker",
    "assignee_name": "Test Töötaja",
}
DEADLINE = {
    "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f63",
    "kind": "preliminary_assessment",
    "legal_basis": "LasteKS §28",
    "record_type": "preliminary_assessment",
    "record_id": ASSESSMENT_ID,
    "case_id": None,
    "municipality": "0663",
    "assignee": "rakvere.worker",
    "due_at": DUE,
    "status": "open",
    "child_name": "Test Lapsike",
}
QUEUE_ITEM = {
    "kind": "preliminary_assessment",
    "id": ASSESSMENT_ID,
    "municipality": "0663",
    "received_at": RECEIVED,
    "due_at": None,
    "urgent": True,
    "detail": "in_danger",
    "child_name": "Test Lapsike",
}
PERSON = {
    "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f64",
    "given_name": "Test",
    "family_name": "Lapsike",
    "personal_code": None,
    "birth_date": "2015-03-01",
    "address": None,
    "phone": None,
    "email": None,
    "version": 1,
}
KPIS = {
    "area": {"level": "municipality", "code": "0663"},
    "period": {"first": "2026-01-01", "last": "2026-12-01"},
    "figures": {
        "reports_received": {
            "values": {"total": 3, "by_need_level": {"in_danger": 1, "in_need": 2}},
            "definition": {"en": "Reports received", "et": "Saabunud teated"},
        },
        "open_cases_per_worker": {
            "values": {"open_cases": 0, "workers": 0, "per_worker": None},
            "definition": {"en": "Open cases per worker", "et": "Avatud juhtumeid töötaja kohta"},
        },
    },
    "pending": {"waiting_times": {"en": "Waiting times", "et": "Ooteajad"}},
}


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "next_cursor": None}


def request(lang: str = "et") -> Request:
    user = {
        "subject": "s",
        "username": "rakvere.head",
        "name": "Test Juht",
        "roles": ["department_head"],
        "municipality": "0663",
    }
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "headers": [],
        "query_string": b"",
        "session": {"user": user, "lang": lang},
    }
    return Request(scope)


def html(template: str, **context: Any) -> str:
    return bytes(render(request(), template, **context).body).decode()


def test_my_work_shows_the_lists_the_casework_api_answers() -> None:
    case_clock = DEADLINE | {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f67",
        "kind": "needs_assessment",
        "record_type": "case",
        "record_id": CASE_ID,
        "case_id": CASE_ID,
    }
    decided = ASSESSMENT | {"id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f68", "status": "decided"}
    lists = work_lists(page(ASSESSMENT, decided), page(CASE_SUMMARY), page(DEADLINE, case_clock))
    assert [a["id"] for a in lists["assessments"]] == [ASSESSMENT_ID]
    assert lists["deadlines"] == [case_clock]  # the assessment's own clock is shown above
    body = html("cases/work.html", **lists)
    assert body.count(f'href="/assessments/{ASSESSMENT_ID}"') == 1
    assert body.count(f'href="/cases/{CASE_ID}"') == 2  # the case and its clock
    assert 'class="clock' in body  # the deadline clock rendered from the API's due_at


def test_the_queue_has_an_assign_form_per_row_and_a_next_page_link() -> None:
    body = html("queue/page.html", items=[QUEUE_ITEM], next_cursor="abc", first=True, flash=None)
    assert 'name="csrf_token"' in body
    assert 'data-id="' + ASSESSMENT_ID + '"' in body
    assert "/queue?cursor=abc" in body
    rows = html("queue/rows.html", items=[QUEUE_ITEM], next_cursor=None)
    assert 'name="csrf_token"' in rows and "cursor=" not in rows


def test_a_case_page_reads_its_parts_from_pages_of_items() -> None:
    case = {
        "id": CASE_ID,
        "number": "0663-2026-1",
        "municipality": "0663",
        "kind": "child_protection",
        "status": "open",
        "assignee": "rakvere.worker",
        "origin": "preliminary_assessment",
        "opened_at": RECEIVED,
        "closed_at": None,
        "close_reason": None,
        "transferred_from": None,
        "version": 1,
        "child": PERSON,
        "removal_clock": None,
        "next_deadline": None,
    }
    party = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f65",
        "role": "mother",
        "legal_basis": None,
        "has_custody": True,
        "lives_with_child": True,
        "note": None,
        "person": PERSON | {"given_name": "Ema"},
    }
    activity = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f66",
        "case_id": CASE_ID,
        "kind": "note",
        "occurred_at": RECEIVED,
        "participants": [],
        "summary": "Kohtumine toimus",
    }
    body = html(
        "cases/case.html",
        protected=True,
        case=case,
        key="k",
        parties=page_items(page(party)),
        deadlines=page_items(page(DEADLINE)),
        needs_assessments=page_items(page()),
        activities=page_items(page(activity)),
        removals=None,
        placements=[],
        decisions=[],
    )
    assert "Ema Lapsike (mother)" in body
    assert "Kohtumine toimus" in body


def test_statistics_show_each_figure_with_its_definition_in_the_readers_language() -> None:
    rows = figure_rows(KPIS, "et")
    assert [r.definition for r in rows] == ["Saabunud teated", "Avatud juhtumeid töötaja kohta"]
    assert rows[0].values == [
        ("total", "3"),
        ("by_need_level.in_danger", "1"),
        ("by_need_level.in_need", "2"),
    ]
    assert ("per_worker", "–") in rows[1].values
    body = html(
        "statistics/page.html",
        available=True,
        area=KPIS["area"],
        period=KPIS["period"],
        figures=rows,
        pending=pending_rows(KPIS, "et"),
    )
    assert 'id="kpis"' in body and 'id="unavailable"' not in body
    assert "Saabunud teated" in body and "Ooteajad" in body
    unserved = html(
        "statistics/page.html", available=False, area={}, period={}, figures=[], pending=[]
    )
    assert 'id="unavailable"' in unserved and 'id="kpis"' not in unserved


def test_an_unexpected_error_answers_a_page_with_the_protective_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from heaolu_web.main import app

    failing = APIRouter()

    @failing.get("/broken")
    async def broken() -> None:
        raise RuntimeError("a page failed")

    web = app()
    web.include_router(failing)
    answer = TestClient(web, raise_server_exceptions=False).get("/broken")
    assert answer.status_code == 500
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert "text/html" in answer.headers["content-type"]


def test_my_data_lists_the_access_log_entries_of_the_audit_page() -> None:
    entry = {
        "occurred_at": RECEIVED,
        "institution": "0663",
        "role": "child_protection_worker",
        "action": "read",
        "record_type": "case",
        "purpose": "case work",
        "as_substitute": False,
    }
    body = html("mydata/page.html", log=page_items(page(entry)))
    assert 'id="access-log"' in body
    assert "30.11.2026 12:00" in body  # the entry's time in Estonian time


def test_the_ngts_page_shows_participations_and_a_page_of_the_chosen_list() -> None:
    from heaolu_web.ngts.api import chosen_participation

    newest = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f70",
        "municipality": "0899",
        "query_date": "2026-11-01",
        "applied_at": RECEIVED,
        "list_due_on": "2026-11-15",
        "status": "imported",
        "imported_at": RECEIVED,
        "stored": 1,
        "refused": {},
        "retention_ends_on": None,
        "purged_at": None,
        "version": 2,
    }
    older = newest | {"id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f71", "query_date": "2026-05-01"}
    participations = page_items([newest, older])
    assert chosen_participation(participations, None) == newest
    assert chosen_participation(participations, uuid.UUID(str(older["id"]))) == older
    assert chosen_participation([], None) is None
    youth = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f72",
        "given_name": "Test",
        "family_name": "Noor",
        "status": "new",
    }
    body = html(
        "ngts/page.html",
        protected=True,
        available=True,
        participations=participations,
        chosen=newest,
        youths=page_items({"items": [youth], "next_cursor": "c1"}),
        next_cursor="c1",
    )
    assert 'id="ngts-list"' in body and 'id="unavailable"' not in body
    assert "Noor, Test" in body
    assert f"/ngts?participation={newest['id']}&amp;cursor=c1" in body


def test_the_ngts_page_shows_the_apis_refusal_in_its_place() -> None:
    body = html(
        "ngts/page.html",
        protected=True,
        refusal="Te ei ole määratud noortegarantii spetsialistiks",
        available=False,
        participations=[],
        chosen=None,
        youths=[],
        next_cursor=None,
    )
    assert 'id="unavailable"' in body and 'id="ngts-list"' not in body
    assert "Te ei ole määratud noortegarantii spetsialistiks" in body
