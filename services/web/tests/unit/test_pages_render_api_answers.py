"""The pages rendered with answers shaped as the APIs answer today (casework's pages of
``items`` and ``next_cursor``, reporting's KPIs), without a server or a browser."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi import APIRouter
from fastapi.testclient import TestClient
from starlette.requests import Request

from heaolu_shared.roles import Role
from heaolu_web.cases.service import plan_ids, work_lists
from heaolu_web.common.api import page_items
from heaolu_web.common.pages import render
from heaolu_web.statistics.service import (
    chart_table,
    figure_rows,
    pending_rows,
    table_names,
    value_rows,
)

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
PLAN = {
    "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f69",
    "case_id": CASE_ID,
    "number": "0663-2026-1/1",
    "revision": 1,
    "status": "approved",
    "approved_at": RECEIVED,
    "version": 2,
    "specialist_contact": "+372 5555 0000",
    "assessed_need": {"housing": "Üürikorter", "resources": None},
    "action_plan": [
        {
            "goal": "Regulaarne koolis käimine",
            "obstacles": None,
            "activities": "Tugiisik, koolipsühholoog",
            "services": ["support_person"],
            "responsible": ["lastekaitsespetsialist", "ema"],
            "starts_on": "2026-12-01",
            "ends_on": "2027-03-01",
            "evaluation_on": "2027-01-15",
            "evaluation_method": "Puudumiste arv e-koolis",
            "evaluation_result": None,
        }
    ],
    "recommendations": "Jätkata perenõustamist",
    "caregiver_involvement": {
        "informed_on": "2026-12-01",
        "how": "Kohtumine kodus",
        "involvement": "Ema osales eesmärkide seadmisel",
    },
    "child_opinion": "Tahab käia trennis ja koolis.",
    "child_opinion_missing_reason": None,
    "next_review_on": "2027-02-01",
    "head_approval_required": False,
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
REPORT_TABLE = {
    "name": "reports-by-need-level",
    "title_en": "Reports about children by need level",
    "title_et": "Teated lapse kohta abivajaduse taseme järgi",
    "first": "2026-01-01",
    "last": "2026-12-01",
    "columns": ["in_need", "in_danger"],
    "rows": [{"municipality": "0663", "name": "Rakvere linn", "values": [7, None], "total": 9}],
    "totals": {"municipality": None, "name": "total / kokku", "values": [7, None], "total": 9},
    "chart": "/api/reporting/v1/reports/reports-by-need-level/chart.svg?from=2026-01-01",
}


def page(*items: dict[str, Any]) -> dict[str, Any]:
    return {"items": list(items), "next_cursor": None}


def request(lang: str = "et") -> Request:
    user = {
        "subject": "s",
        "username": "rakvere.head",
        "name": "Test Juht",
        "roles": [Role.DEPARTMENT_HEAD],
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
        deadlines=page_items(page(DEADLINE | {"kind": "case_plan_review"})),
        needs_assessments=page_items(page()),
        activities=page_items(page(activity)),
        removals=None,
        placements=[],
        decisions=[],
        plans=[PLAN],
        all_plans=False,
    )
    assert "Ema Lapsike (mother)" in body
    assert "Kohtumine toimus" in body
    # the plan: its goal and activities, the child's own words, the caregiver's involvement
    assert "Regulaarne koolis käimine" in body and "Tugiisik, koolipsühholoog" in body
    assert '<blockquote class="child-opinion">Tahab käia trennis ja koolis.</blockquote>' in body
    assert "kinnitatud" in body and "Üürikorter" in body and "Eluase" in body
    assert "juhtumiplaani ülevaatus" in body  # the clock's kind in words, not case_plan_review
    assert 'id="plans-partial"' in body  # drafts are not listed until casework lists plans


def test_a_cases_plans_come_from_its_plan_clocks_until_casework_lists_them() -> None:
    review = DEADLINE | {"kind": "case_plan_review", "record_type": "case_plan"}
    evaluation = review | {"kind": "action_evaluation"}
    other = review | {"record_type": "removal", "record_id": CASE_ID}
    assert plan_ids([review, evaluation, other]) == [ASSESSMENT_ID]
    assert plan_ids([]) == []


def test_statistics_show_each_figure_under_readable_names_in_the_readers_language() -> None:
    rows = figure_rows(KPIS, "et")
    assert [r.title for r in rows] == ["Laekunud teated", "Avatud juhtumeid töötaja kohta"]
    assert [r.definition for r in rows] == ["Saabunud teated", "Avatud juhtumeid töötaja kohta"]
    assert rows[0].values == [
        ("kokku", "3"),
        ("abivajaduse taseme järgi · hädaohus laps", "1"),
        ("abivajaduse taseme järgi · abivajav laps", "2"),
    ]
    assert ("töötaja kohta", "–") in rows[1].values
    english = figure_rows(KPIS, "en")
    assert english[0].values[1] == ("by need level · child in danger", "1")
    body = html(
        "statistics/page.html",
        available=True,
        caseload=False,
        error=None,
        chosen={},
        area=KPIS["area"],
        period=KPIS["period"],
        figures=rows,
        pending=pending_rows(KPIS, "et"),
        tables=[chart_table(REPORT_TABLE, "et", "from=2026-01-01")],
    )
    assert 'id="kpis"' in body and 'id="unavailable"' not in body
    assert "Laekunud teated" in body and "Ooteajad" in body
    assert "by_need_level" not in body and "in_danger" not in body
    unserved = html(
        "statistics/page.html",
        available=False,
        caseload=False,
        error=None,
        chosen={},
        area={},
        period={},
        figures=[],
        pending=[],
        tables=[],
    )
    assert 'id="unavailable"' in unserved and 'id="kpis"' not in unserved


def test_shares_and_decimals_are_written_as_the_reader_writes_them() -> None:
    values = {"share_within_term": 0.667, "median_days": 2.5, "decided": 3, "none": None}
    assert value_rows(values, "et") == [
        ("osakaal tähtaegselt", "66,7 %"),
        ("päevi teatest otsuseni (mediaan)", "2,5"),
        ("otsustatud", "3"),
        ("none", "–"),
    ]
    assert value_rows({"share_within_term": 0.5}, "en") == [("share within the term", "50.0 %")]


def test_a_report_table_sits_beside_its_chart_served_from_this_site() -> None:
    table = chart_table(REPORT_TABLE, "et", "from=2026-01-01&to=2026-12-01")
    assert table is not None
    chart = "/statistics/charts/reports-by-need-level.svg?from=2026-01-01&to=2026-12-01"
    assert table.chart == chart
    assert table.title == "Teated lapse kohta abivajaduse taseme järgi"
    assert table.columns == ["abivajav laps", "hädaohus laps"]
    assert [r.name for r in table.rows] == ["Rakvere linn"]
    assert table.rows[0].values == ["7", "alla 5"]
    assert table.totals is not None and table.totals.name == "Kokku"
    assert table.withheld
    body = html(
        "statistics/page.html",
        available=True,
        caseload=False,
        error=None,
        chosen={},
        area=KPIS["area"],
        period=KPIS["period"],
        figures=[],
        pending=[],
        tables=[table],
    )
    assert '<img src="/statistics/charts/reports-by-need-level.svg?from=2026-01-01&amp;to=' in body
    assert 'id="table-reports-by-need-level"' in body and "<caption" in body
    # a name that could leave the path is never made into an address
    assert chart_table(REPORT_TABLE | {"name": "../kpis"}, "et", "") is None
    assert table_names([{"name": "a-b"}, {"name": "../x"}, {"name": "A"}, "x"]) == ["a-b"]


def test_unexpected_errors_and_malformed_addresses_answer_pages_with_the_protective_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from heaolu_web.main import app

    failing = APIRouter()

    @failing.get("/broken")
    async def broken() -> None:
        raise RuntimeError("a page failed")

    @failing.get("/numbered/{n}")
    async def numbered(n: int) -> None:
        return None

    web = app()
    web.include_router(failing)
    malformed = TestClient(web).get("/numbered/x")
    assert malformed.status_code == 400 and "text/html" in malformed.headers["content-type"]
    assert "default-src 'none'" in malformed.headers["content-security-policy"]
    answer = TestClient(web, raise_server_exceptions=False).get("/broken")
    assert answer.status_code == 500
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["cache-control"] == "no-store"
    assert "text/html" in answer.headers["content-type"]


def test_my_data_lists_the_access_log_the_applications_and_says_records_are_not_served() -> None:
    entry = {
        "occurred_at": RECEIVED,
        "institution": "0663",
        "role": Role.CHILD_PROTECTION_WORKER,
        "action": "read",
        "record_type": "case",
        "purpose": "case work",
        "as_substitute": False,
    }
    application = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f73",
        "service_code": "support_person",
        "service_label": "Tugiisikuteenus",
        "received_at": RECEIVED,
        "decision_due_at": DUE,
        "status": "being_handled",
        "outcome": None,
    }
    body = html(
        "mydata/page.html",
        log=page_items(page(entry)),
        applications=page_items(page(application)),
        records=None,
    )
    assert 'id="access-log"' in body
    assert "30.11.2026 12:00" in body  # the entry's time in Estonian time
    assert "Tugiisikuteenus" in body and "menetluses" in body and 'class="clock' in body
    assert 'id="records-unavailable"' in body and 'id="record-list"' not in body
    record = {
        "case_id": CASE_ID,
        "number": "0663-2026-1",
        "municipality": "0663",
        "kind": "child_protection",
        "status": "open",
        "opened_at": RECEIVED,
        "closed_at": None,
        "relation": "child",
        "person_name": "Test Lapsike",
    }
    served = html("mydata/page.html", log=[], applications=[], records=[record])
    assert 'id="record-list"' in served and "Test Lapsike" in served
    assert 'id="records-unavailable"' not in served


def test_a_chart_keeps_its_sandbox_policy_and_a_page_gets_the_strict_one() -> None:
    from fastapi.responses import Response

    from heaolu_web.main import app
    from heaolu_web.statistics.api import CHART_POLICY

    routes = APIRouter()

    @routes.get("/a-chart.svg")
    async def a_chart() -> Response:
        return Response(
            "<svg/>", media_type="image/svg+xml", headers={"Content-Security-Policy": CHART_POLICY}
        )

    web = app()
    web.include_router(routes)
    client = TestClient(web)
    chart = client.get("/a-chart.svg")
    assert chart.headers["content-security-policy"] == CHART_POLICY
    assert "sandbox" in CHART_POLICY and "script" not in CHART_POLICY
    assert chart.headers["x-content-type-options"] == "nosniff"
    assert chart.headers["cache-control"] == "no-store"
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # a chart needs a signed-in reader, like the page it is on
    refused = client.get("/statistics/charts/reports-by-need-level.svg", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")


def test_the_ngts_page_shows_participations_and_a_page_of_the_chosen_list() -> None:
    from heaolu_web.ngts.api import chosen_participation

    newest = {
        "id": "5d1c1d34-8a1e-4f53-9d57-1b2c3d4e5f70",
        "municipality": "0897",
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


def test_the_period_form_sent_empty_chooses_nothing_and_a_malformed_value_is_named() -> None:
    from heaolu_web.statistics.api import _chosen, _malformed

    assert _chosen("", "", "") == {} and not _malformed("", "", "")
    assert _chosen("2026-01-01", None, "0663") == {"from": "2026-01-01", "municipality": "0663"}
    assert _malformed("1.1.2026", None, None) and _chosen("1.1.2026", None, None) == {}
    assert _malformed(None, None, "../x")
