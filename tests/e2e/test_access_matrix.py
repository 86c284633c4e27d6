"""The access matrix: every role x (own municipality, other municipality, SKA) x endpoint class,
run against the real services with real Keycloak tokens. Zero unexpected allows.

The records under test belong to Rakvere (0663): a report made by the teacher and its preliminary
assessment, assigned to rakvere.worker.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from heaolu_ngts.main import last_query_date
from tests.conftest import (
    Tokens,
    assessment_for,
    bearer,
    create_report,
    eventually,
    local_today,
    sample_report,
    synthetic_personal_code,
)
from tests.e2e.casework_flow import every_item, open_case
from tests.e2e.court_flow import (
    ART80_REQUEST,
    COURT_OPINION_REQUEST,
    art80_with_task,
    case_with_approved_plan,
    opinion_request,
    removal_and_application,
)
from tests.e2e.ngts_flow import designate_specialist, imported_list, youth_ids

pytestmark = pytest.mark.e2e

# allow = the record is shown / the action succeeds; receipt = only "received" is shown.
# Records: a Rakvere (0663) report by the teacher and its assessment, assigned to rakvere.worker
# in casework (intake follows: one assignment); a Võru (0919) application by citizen.jaan,
# assigned to voru.social in casework (app_read); own_apps is a citizen's own applications.
MATRIX = """
user                list  read  update create export in_read in_list reveal audit app_read own_apps
rakvere.worker      allow allow allow  allow  deny   allow   allow   allow  deny  deny     deny
rakvere.substitute  deny  deny  deny   allow  deny   deny    deny    deny   deny  deny     deny
rakvere.head        allow allow allow  allow  deny   allow   allow   deny   deny  deny     deny
teacher.rakvere     deny  deny  deny   allow  deny   receipt deny    deny   deny  deny     deny
kohtla-jarve.worker deny  deny  deny   allow  deny   deny    deny    deny   deny  deny     deny
kohtla-jarve.head   deny  deny  deny   allow  deny   deny    deny    deny   deny  deny     deny
viljandi.ngts       deny  deny  deny   deny   deny   deny    deny    deny   deny  deny     deny
voru.social         deny  deny  deny   allow  deny   deny    deny    deny   deny  allow    deny
voru.head           deny  deny  deny   allow  deny   deny    deny    deny   deny  allow    deny
ska.counsellor      deny  deny  deny   allow  deny   deny    deny    deny   deny  deny     deny
ska.central         deny  deny  deny   deny   deny   deny    deny    deny   deny  deny     deny
auditor             deny  deny  deny   deny   deny   deny    deny    deny   allow deny     deny
citizen.mari        deny  deny  deny   allow  deny   deny    deny    deny   deny  deny     allow
"""
_header, *_rows = [line.split() for line in MATRIX.strip().splitlines()]
CLASSES = tuple(_header[1:])
EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(CLASSES, row[1:], strict=True)) for row in _rows
}


@dataclass
class Records:
    report_id: str
    assessment_id: str
    application_id: str


@pytest.fixture(scope="module")
async def records(stack: object, tokens: Tokens) -> Records:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        for user in ("rakvere.worker", "rakvere.substitute", "kohtla-jarve.worker"):
            # Workers become known to casework (the staff directory) with their first request.
            await gateway.get("/api/casework/v1/substitutions", headers=bearer(tokens(user)))
        report_id = await create_report(
            gateway, tokens("teacher.rakvere"), child_code=synthetic_personal_code()
        )
        assessment_id = await assessment_for(report_id)
        head = bearer(tokens("rakvere.head"))
        current = await gateway.get(
            f"/api/casework/v1/preliminary-assessments/{assessment_id}", headers=head
        )
        assigned = await gateway.patch(
            f"/api/casework/v1/preliminary-assessments/{assessment_id}",
            json={"assignee_username": "rakvere.worker"},
            headers=head | {"If-Match": current.headers["etag"]},
        )
        assert assigned.status_code == 200, assigned.text
        application_id = await _assigned_application(gateway, tokens)
        # Intake follows casework's assignments by event: wait until it has.
        await eventually(
            lambda: gateway.get(
                f"/api/intake/v1/reports/{report_id}", headers=bearer(tokens("rakvere.worker"))
            ),
            lambda r: r.status_code == 200,
        )
        await eventually(
            lambda: gateway.get(
                f"/api/intake/v1/applications/{application_id}",
                headers=bearer(tokens("voru.social")),
            ),
            lambda r: r.status_code == 200,
        )
    return Records(report_id, assessment_id, application_id)


async def _assigned_application(gateway: httpx.AsyncClient, tokens: Tokens) -> str:
    await gateway.get("/api/casework/v1/substitutions", headers=bearer(tokens("voru.social")))
    applied = await gateway.post(
        "/api/intake/v1/applications",
        json={"service_code": "home_care", "description": "Vajan abi koduste toimetustega"},
        headers=bearer(tokens("citizen.jaan")),
    )
    assert applied.status_code == 201, applied.text
    application_id = str(applied.json()["application_id"])
    path = f"/api/casework/v1/applications/{application_id}"
    head = bearer(tokens("voru.head"))
    current = await eventually(
        lambda: gateway.get(path, headers=head), lambda r: r.status_code == 200
    )
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "voru.social"},
        headers=head | {"If-Match": current.headers["etag"]},
    )
    assert assigned.status_code == 200, assigned.text
    return application_id


async def _outcome(
    cls: str, gateway: httpx.AsyncClient, token: str, records: Records, head: str
) -> str:
    auth = bearer(token)
    path = f"/api/casework/v1/preliminary-assessments/{records.assessment_id}"
    if cls == "list":
        r = await gateway.get(
            "/api/casework/v1/preliminary-assessments",
            params={"report_id": records.report_id},
            headers=auth,
        )
        if r.status_code == 200:
            return "allow" if r.json()["items"] else "deny"
    elif cls == "read":
        r = await gateway.get(path, headers=auth)
    elif cls == "update":
        etag = (await gateway.get(path, headers=bearer(head))).headers["etag"]
        r = await gateway.patch(
            path, json={"assignee_username": "rakvere.worker"}, headers=auth | {"If-Match": etag}
        )
    elif cls == "create":
        r = await gateway.post("/api/intake/v1/reports", json=sample_report(), headers=auth)
    elif cls == "export":
        r = await gateway.get("/api/casework/v1/preliminary-assessments/export", headers=auth)
        r2 = await gateway.get("/api/intake/v1/reports/export", headers=auth)
        assert r2.status_code in (403,), r2.text
    elif cls == "in_read":
        r = await gateway.get(f"/api/intake/v1/reports/{records.report_id}", headers=auth)
        if r.status_code == 200:
            return "allow" if "concern" in r.json() else "receipt"
    elif cls == "in_list":
        r = await gateway.get("/api/intake/v1/reports", params={"limit": 200}, headers=auth)
        if r.status_code == 200:
            return "allow" if records.report_id in {i["id"] for i in r.json()["items"]} else "deny"
    elif cls == "reveal":
        r = await gateway.post(
            f"/api/intake/v1/reports/{records.report_id}/reporter/reveal", headers=auth
        )
    elif cls == "audit":
        r = await gateway.get("/api/audit/v1/records", params={"limit": 1}, headers=auth)
    elif cls == "app_read":
        r = await gateway.get(f"/api/intake/v1/applications/{records.application_id}", headers=auth)
    elif cls == "own_apps":
        r = await gateway.get("/api/intake/v1/applications", headers=auth)
    else:
        raise AssertionError(cls)
    if r.status_code in (200, 201):
        return "allow"
    assert r.status_code in (403, 404), f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(EXPECTED))
async def test_access_matrix(user: str, tokens: Tokens, records: Records) -> None:
    head = tokens("rakvere.head")
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {cls: await _outcome(cls, gateway, tokens(user), records, head) for cls in CLASSES}
    assert actual == EXPECTED[user]


async def test_ska_counsellor_reads_a_record_only_within_a_counselling_request(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    report_id = await create_report(gateway, tokens("teacher.rakvere"))
    assessment_id = await assessment_for(report_id)
    path = f"/api/casework/v1/preliminary-assessments/{assessment_id}"
    counsellor = bearer(tokens("ska.counsellor"))
    assert (await gateway.get(path, headers=counsellor)).status_code == 403

    opened = await gateway.post(
        "/api/casework/v1/counselling-requests",
        json={"record_id": assessment_id, "question": "Kas eraldamine on põhjendatud?"},
        headers=bearer(tokens("rakvere.head")),
    )
    assert opened.status_code == 201, opened.text

    read = await gateway.get(path, headers=counsellor)
    assert read.status_code == 200
    etag = read.headers["etag"]
    update = await gateway.patch(
        path, json={"assignee_username": "rakvere.worker"}, headers=counsellor | {"If-Match": etag}
    )
    assert update.status_code == 403


# The casework endpoints, on a Rakvere (0663) case assigned to rakvere.worker. Kohtla-Järve lets
# its workers take items from the queue themselves (the local settings); elsewhere only the
# department head sees the queue.
CASE_MATRIX = """
user                 cases case_read case_update case_parts case_plans search deadlines queue export
rakvere.worker       allow allow     allow       allow      allow      allow  allow     deny  deny
rakvere.substitute   deny  deny      deny        deny       deny       deny   deny      deny  deny
rakvere.head         allow allow     allow       allow      allow      allow  allow     allow deny
teacher.rakvere      deny  deny      deny        deny       deny       deny   deny      deny  deny
kohtla-jarve.worker  deny  deny      deny        deny       deny       deny   deny      allow deny
kohtla-jarve.head    deny  deny      deny        deny       deny       deny   deny      allow deny
viljandi.ngts        deny  deny      deny        deny       deny       deny   deny      deny  deny
voru.social          deny  deny      deny        deny       deny       deny   deny      deny  deny
voru.head            deny  deny      deny        deny       deny       deny   deny      allow deny
ska.counsellor       deny  deny      deny        deny       deny       deny   deny      deny  deny
ska.central          deny  deny      deny        deny       deny       deny   deny      deny  deny
auditor              deny  deny      deny        deny       deny       deny   deny      deny  deny
citizen.mari         deny  deny      deny        deny       deny       deny   deny      deny  deny
"""
_case_header, *_case_rows = [line.split() for line in CASE_MATRIX.strip().splitlines()]
CASE_CLASSES = tuple(_case_header[1:])
CASE_EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(CASE_CLASSES, row[1:], strict=True)) for row in _case_rows
}


@dataclass
class CaseRecords:
    case_id: str
    child_code: str


@pytest.fixture(scope="module")
async def case_records(stack: object, tokens: Tokens) -> CaseRecords:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        case_id, code = await open_case(gateway, tokens)
        return CaseRecords(case_id, code)


async def _case_outcome(
    cls: str, gateway: httpx.AsyncClient, token: str, records: CaseRecords
) -> str:
    auth = bearer(token)
    path = f"/api/casework/v1/cases/{records.case_id}"
    if cls == "cases":
        r = await gateway.get("/api/casework/v1/cases", params={"limit": 200}, headers=auth)
        if r.status_code == 200:
            return "allow" if records.case_id in {c["id"] for c in r.json()["items"]} else "deny"
    elif cls == "case_read":
        r = await gateway.get(path, headers=auth)
    elif cls == "case_update":
        r = await gateway.post(
            f"{path}/activities",
            json={"kind": "note", "occurred_at": datetime.now(UTC).isoformat(), "summary": "x"},
            headers=auth,
        )
    elif cls == "case_parts":
        r = await gateway.get(f"{path}/parties", headers=auth)
    elif cls == "case_plans":
        r = await gateway.get(f"{path}/case-plans", headers=auth)
    elif cls == "search":
        r = await gateway.post(
            "/api/casework/v1/cases/search",
            json={"personal_code": records.child_code, "purpose": "access matrix"},
            headers=auth,
        )
        if r.status_code == 200:
            return "allow" if r.json()["items"] else "deny"
    elif cls == "deadlines":
        r = await gateway.get(f"{path}/deadlines", headers=auth)
    elif cls == "queue":
        r = await gateway.get("/api/casework/v1/queue", headers=auth)
    elif cls == "export":
        r = await gateway.get("/api/casework/v1/cases/export", headers=auth)
    else:
        raise AssertionError(cls)
    if r.status_code in (200, 201):
        return "allow"
    assert r.status_code in (403, 404), f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(CASE_EXPECTED))
async def test_casework_access_matrix(user: str, tokens: Tokens, case_records: CaseRecords) -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {
            cls: await _case_outcome(cls, gateway, tokens(user), case_records)
            for cls in CASE_CLASSES
        }
    assert actual == CASE_EXPECTED[user]


MARI, JAAN = "61003150009", "38001085718"
"""The demo citizens' synthetic personal codes (the realm's ``personal_code`` attribute)."""


async def test_a_citizen_sees_their_own_and_their_childrens_cases_and_staff_none(
    stack: object, tokens: Tokens
) -> None:
    records = "/api/casework/v1/my-records"
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        worker = bearer(tokens("rakvere.worker"))
        about_mari = await gateway.post(
            "/api/casework/v1/cases",
            json={
                "kind": "child_protection",
                "child": {
                    "given_name": "Mari",
                    "family_name": "Demo-Kodanik",
                    "personal_code": MARI,
                },
            },
            headers=worker,
        )
        assert about_mari.status_code == 201, about_mari.text
        of_jaans_child, _ = await open_case(gateway, tokens)
        party = await gateway.post(
            f"/api/casework/v1/cases/{of_jaans_child}/parties",
            json={
                "person": {
                    "given_name": "Jaan",
                    "family_name": "Demo-Kodanik",
                    "personal_code": JAAN,
                },
                "role": "legal_representative",
                "legal_basis": "vanem",
                "has_custody": True,
            },
            headers=worker,
        )
        assert party.status_code == 201, party.text

        seen: dict[str, dict[str, str]] = {}
        for citizen in ("citizen.mari", "citizen.jaan"):
            r = await gateway.get(records, params={"limit": 50}, headers=bearer(tokens(citizen)))
            assert r.status_code == 200, r.text
            seen[citizen] = {i["case_id"]: i["relation"] for i in r.json()["items"]}
            assert all("reporter" not in key for i in r.json()["items"] for key in i)
        assert seen["citizen.mari"].get(about_mari.json()["id"]) == "self"
        assert of_jaans_child not in seen["citizen.mari"]
        assert seen["citizen.jaan"].get(of_jaans_child) == "child"
        assert about_mari.json()["id"] not in seen["citizen.jaan"]

        for user in sorted(set(CASE_EXPECTED) - {"citizen.mari"}):
            r = await gateway.get(records, headers=bearer(tokens(user)))
            assert r.status_code == 403, (user, r.status_code)
            assert r.headers["content-type"] == "application/problem+json"


# Substitutions, counselling requests and the register of care providers. A substitution of
# rakvere.worker by rakvere.substitute (a fresh one per attempt, years ahead); a counselling
# request opened by rakvere.worker about their case; a provider registered per attempt.
STAFFING_MATRIX = """
user                 sub_end counsel_list counsel_read counsel_answer provider_add provider_list
rakvere.worker       allow   allow        allow        deny           deny         allow
rakvere.substitute   deny    deny         deny         deny           deny         allow
rakvere.head         allow   allow        allow        deny           allow        allow
teacher.rakvere      deny    deny         deny         deny           deny         deny
kohtla-jarve.worker  deny    deny         deny         deny           deny         allow
kohtla-jarve.head    deny    deny         deny         deny           allow        allow
viljandi.ngts        deny    deny         deny         deny           deny         deny
voru.social          deny    deny         deny         deny           deny         allow
voru.head            deny    deny         deny         deny           allow        allow
ska.counsellor       deny    allow        allow        allow          deny         allow
ska.central          deny    deny         deny         deny           deny         deny
auditor              deny    deny         deny         deny           deny         deny
citizen.mari         deny    deny         deny         deny           deny         deny
"""
_staff_header, *_staff_rows = [line.split() for line in STAFFING_MATRIX.strip().splitlines()]
STAFF_CLASSES = tuple(_staff_header[1:])
STAFF_EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(STAFF_CLASSES, row[1:], strict=True)) for row in _staff_rows
}
CW = "/api/casework/v1"


@pytest.fixture(scope="module")
async def counselling_request(stack: object, tokens: Tokens) -> str:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        case_id, _ = await open_case(gateway, tokens)
        asked = await gateway.post(
            f"{CW}/counselling-requests",
            json={"record_id": case_id, "question": "Kas juhtumiplaan on piisav?"},
            headers=bearer(tokens("rakvere.worker")),
        )
        assert asked.status_code == 201, asked.text
        return str(asked.json()["id"])


async def _staff_outcome(
    cls: str, gateway: httpx.AsyncClient, tokens: Tokens, user: str, request_id: str
) -> str:
    auth = bearer(tokens(user))
    if cls == "sub_end":
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3650)
        made = await gateway.post(
            f"{CW}/substitutions",
            json={
                "substitute_username": "rakvere.substitute",
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(days=2)).isoformat(),
            },
            headers=bearer(tokens("rakvere.worker")),
        )
        assert made.status_code == 201, made.text
        r = await gateway.post(
            f"{CW}/substitutions/{made.json()['id']}/end",
            headers=auth | {"If-Match": f'"{made.json()["version"]}"'},
        )
    elif cls == "counsel_list":
        r = await gateway.get(f"{CW}/counselling-requests", params={"limit": 1}, headers=auth)
        if r.status_code == 200:
            listed = await every_item(
                gateway, f"{CW}/counselling-requests", tokens(user), {"status": "all"}
            )
            return "allow" if request_id in {i["id"] for i in listed} else "deny"
    elif cls == "counsel_read":
        r = await gateway.get(f"{CW}/counselling-requests/{request_id}", headers=auth)
    elif cls == "counsel_answer":
        current = await gateway.get(
            f"{CW}/counselling-requests/{request_id}", headers=bearer(tokens("ska.counsellor"))
        )
        r = await gateway.post(
            f"{CW}/counselling-requests/{request_id}/answer",
            json={"answer": "Vastus"},
            headers=auth | {"If-Match": current.headers["etag"]},
        )
    elif cls == "provider_add":
        r = await gateway.post(
            f"{CW}/care-providers",
            json={
                "code": f"AM-{uuid.uuid4().hex[:10]}",
                "name": "Demo family home",
                "form": "family_home",
                "capacity": 6,
            },
            headers=auth | {"Idempotency-Key": str(uuid.uuid4())},
        )
    elif cls == "provider_list":
        r = await gateway.get(f"{CW}/care-providers", params={"limit": 1}, headers=auth)
    else:
        raise AssertionError(cls)
    if r.status_code in (200, 201):
        return "allow"
    assert r.status_code in (403, 404), f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(STAFF_EXPECTED))
async def test_staffing_and_care_register_access_matrix(
    user: str, tokens: Tokens, counselling_request: str
) -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {
            cls: await _staff_outcome(cls, gateway, tokens, user, counselling_request)
            for cls in STAFF_CLASSES
        }
    assert actual == STAFF_EXPECTED[user]


# The court endpoints: a Rakvere (0663) custody-restriction application and KLAT opinion
# request, opinion and hearing of rakvere.worker, and an SKA Brussels IIb request with its task
# to Rakvere.
COURT_MATRIX = """
user                list  read  edit  exprt klat  b_new b_rd  task  cont  c_new opin  hear
rakvere.worker      allow allow allow deny  allow deny  deny  deny  allow deny  allow allow
rakvere.substitute  deny  deny  deny  deny  deny  deny  deny  deny  allow deny  deny  deny
rakvere.head        allow allow allow deny  allow deny  deny  allow allow deny  allow allow
teacher.rakvere     deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
kohtla-jarve.worker deny  deny  deny  deny  deny  deny  deny  deny  allow deny  deny  deny
kohtla-jarve.head   deny  deny  deny  deny  deny  deny  deny  deny  allow deny  deny  deny
viljandi.ngts       deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
voru.social         deny  deny  deny  deny  deny  deny  deny  deny  allow deny  deny  deny
voru.head           deny  deny  deny  deny  deny  deny  deny  deny  allow deny  deny  deny
ska.counsellor      deny  deny  deny  deny  allow deny  deny  deny  allow allow deny  deny
ska.central         deny  deny  deny  deny  deny  allow allow allow allow allow deny  deny
auditor             deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
citizen.mari        deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny  deny
"""
_court_header, *_court_rows = [line.split() for line in COURT_MATRIX.strip().splitlines()]
COURT_CLASSES = tuple(_court_header[1:])
COURT_EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(COURT_CLASSES, row[1:], strict=True)) for row in _court_rows
}


@dataclass
class CourtRecords:
    case_id: str
    application_id: str
    klat_request_id: str
    brussels_request_id: str
    task_id: str
    opinion_id: str
    hearing_id: str


@pytest.fixture(scope="module")
async def court_records(stack: object, tokens: Tokens) -> CourtRecords:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        case_id, _, _, draft = await removal_and_application(gateway, tokens)
        plan_case = await case_with_approved_plan(gateway, tokens)
        worker = bearer(tokens("rakvere.worker"))

        async def ask() -> httpx.Response:
            return await gateway.post(
                "/api/court/v1/klat-opinion-requests",
                json=opinion_request(plan_case, 14),
                headers=worker,
            )

        klat = await eventually(ask, lambda r: r.status_code == 201)
        request, task = await art80_with_task(gateway, tokens)
        opinion = await gateway.post(
            "/api/court/v1/court-opinions", json=COURT_OPINION_REQUEST, headers=worker
        )
        assert opinion.status_code == 201, opinion.text
        hearing = await gateway.post(
            "/api/court/v1/hearings",
            json={
                "kind": "minor_hearing_police",
                "authority": "Lääne-Viru politseijaoskond",
                "scheduled_at": datetime.now(UTC).isoformat(),
            },
            headers=worker,
        )
        assert hearing.status_code == 201, hearing.text
        return CourtRecords(
            case_id,
            draft["id"],
            klat.json()["id"],
            request["id"],
            task["id"],
            opinion.json()["id"],
            hearing.json()["id"],
        )


CONTACT = {
    "municipality": "0663",
    "municipality_name": "Rakvere linn",
    "official_name": "Endine Kontakt",
    "position": "lastekaitsespetsialist",
    "phone": "+372 5550 0000",
    "email": "endine@demo.invalid",
    "valid_from": "2020-01-01",
    "valid_to": "2020-12-31",
}


async def _court_outcome(
    cls: str, gateway: httpx.AsyncClient, token: str, records: CourtRecords, worker: str
) -> str:
    auth = bearer(token)
    api = "/api/court/v1"
    application = f"{api}/custody-applications/{records.application_id}"
    if cls == "list":
        r = await gateway.get(
            f"{api}/custody-applications", params={"case_id": records.case_id}, headers=auth
        )
        if r.status_code == 200:
            return "allow" if r.json()["items"] else "deny"
    elif cls == "read":
        r = await gateway.get(application, headers=auth)
    elif cls == "edit":
        etag = (await gateway.get(application, headers=bearer(worker))).headers["etag"]
        r = await gateway.patch(
            application, json={"court_name": "Viru Maakohus"}, headers=auth | {"If-Match": etag}
        )
    elif cls == "exprt":
        r = await gateway.get(f"{api}/custody-applications/export", headers=auth)
    elif cls == "klat":
        r = await gateway.get(
            f"{api}/klat-opinion-requests/{records.klat_request_id}", headers=auth
        )
    elif cls == "b_new":
        r = await gateway.post(f"{api}/brussels-requests", json=ART80_REQUEST, headers=auth)
    elif cls == "b_rd":
        r = await gateway.get(
            f"{api}/brussels-requests/{records.brussels_request_id}", headers=auth
        )
    elif cls == "task":
        r = await gateway.get(f"{api}/brussels-tasks/{records.task_id}", headers=auth)
    elif cls == "opin":
        r = await gateway.get(f"{api}/court-opinions/{records.opinion_id}", headers=auth)
    elif cls == "hear":
        r = await gateway.get(f"{api}/hearings/{records.hearing_id}", headers=auth)
    elif cls == "cont":
        r = await gateway.get(f"{api}/municipal-contacts", headers=auth)
    elif cls == "c_new":
        r = await gateway.post(f"{api}/municipal-contacts", json=CONTACT, headers=auth)
    else:
        raise AssertionError(cls)
    if r.status_code in (200, 201):
        return "allow"
    assert r.status_code in (403, 404), f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(COURT_EXPECTED))
async def test_court_access_matrix(user: str, tokens: Tokens, court_records: CourtRecords) -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {
            cls: await _court_outcome(
                cls, gateway, tokens(user), court_records, tokens("rakvere.worker")
            )
            for cls in COURT_CLASSES
        }
    assert actual == COURT_EXPECTED[user]


# The NGTS list of Viljandi (0897): only the NGTS specialist the department head designated
# works with it; the head designates but does not see the list; nobody exports it.
NGTS_MATRIX_ROUND = last_query_date(local_today())
NGTS_MATRIX = """
user                 ngts_list ngts_read ngts_update inquiries designate ngts_export
viljandi.ngts        allow     allow     allow       allow     deny      deny
viljandi.worker      deny      deny      deny        deny      deny      deny
viljandi.head        deny      deny      deny        deny      allow     deny
rakvere.worker       deny      deny      deny        deny      deny      deny
rakvere.head         deny      deny      deny        deny      deny      deny
kohtla-jarve.head    deny      deny      deny        deny      deny      deny
voru.social          deny      deny      deny        deny      deny      deny
ska.counsellor       deny      deny      deny        deny      deny      deny
ska.central          deny      deny      deny        deny      deny      deny
auditor              deny      deny      deny        deny      deny      deny
teacher.rakvere      deny      deny      deny        deny      deny      deny
citizen.mari         deny      deny      deny        deny      deny      deny
"""
_ngts_header, *_ngts_rows = [line.split() for line in NGTS_MATRIX.strip().splitlines()]
NGTS_CLASSES = tuple(_ngts_header[1:])
NGTS_EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(NGTS_CLASSES, row[1:], strict=True)) for row in _ngts_rows
}


@dataclass
class NgtsRecords:
    participation_id: str
    youth_id: str


@pytest.fixture(scope="module")
async def ngts_records(stack: object, tokens: Tokens) -> NgtsRecords:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=60) as gateway:
        await designate_specialist(gateway, tokens)
        participation_id = await imported_list(gateway, tokens, NGTS_MATRIX_ROUND)
        youth_id = (await youth_ids(gateway, tokens, participation_id, limit=1))[0]
        return NgtsRecords(participation_id, youth_id)


async def _ngts_outcome(
    cls: str, gateway: httpx.AsyncClient, token: str, records: NgtsRecords
) -> str:
    auth = bearer(token)
    base = "/api/ngts/v1"
    refused = (403, 404)
    if cls == "ngts_list":
        r = await gateway.get(
            f"{base}/participations/{records.participation_id}/youths",
            params={"limit": 5},
            headers=auth,
        )
        if r.status_code == 200:
            return "allow" if r.json()["items"] else "deny"
    elif cls == "ngts_read":
        r = await gateway.get(f"{base}/youths/{records.youth_id}", headers=auth)
    elif cls == "ngts_update":
        r = await gateway.post(
            f"{base}/youths/{records.youth_id}/contacts",
            json={"channel": "sms", "occurred_at": datetime.now(UTC).isoformat()},
            headers=auth,
        )
    elif cls == "inquiries":
        r = await gateway.get(f"{base}/inquiries", headers=auth)
    elif cls == "designate":
        r = await gateway.post(
            f"{base}/designations",
            json={"specialist_username": "viljandi.ngts", "starts_on": "2026-01-01"},
            headers=auth,
        )
        # Another municipality's head is told the specialist is not theirs.
        refused = (403, 404, 422)
    elif cls == "ngts_export":
        r = await gateway.get(
            f"{base}/participations/{records.participation_id}/youths/export", headers=auth
        )
    else:
        raise AssertionError(cls)
    if r.status_code in (200, 201):
        return "allow"
    assert r.status_code in refused, f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(NGTS_EXPECTED))
async def test_ngts_access_matrix(user: str, tokens: Tokens, ngts_records: NgtsRecords) -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {
            cls: await _ngts_outcome(cls, gateway, tokens(user), ngts_records)
            for cls in NGTS_CLASSES
        }
    assert actual == NGTS_EXPECTED[user]


# Reporting: figures of Rakvere (0663), the nation, the caller's own caseload, an aggregate
# export of Rakvere, the SKA feed, and a national table of the central authority (SKA's only).
# Figures hold no person; the rows still decide who sees which area.
REPORTING_MATRIX = """
user                kpis_own kpis_national caseload export feed  national_table
rakvere.worker      deny     deny          allow    deny   deny  deny
rakvere.substitute  deny     deny          allow    deny   deny  deny
rakvere.head        allow    deny          allow    allow  deny  deny
teacher.rakvere     deny     deny          deny     deny   deny  deny
kohtla-jarve.worker deny     deny          allow    deny   deny  deny
kohtla-jarve.head   deny     deny          allow    deny   deny  deny
viljandi.ngts       deny     deny          allow    deny   deny  deny
viljandi.worker     deny     deny          allow    deny   deny  deny
viljandi.head       deny     deny          allow    deny   deny  deny
voru.social         deny     deny          allow    deny   deny  deny
voru.head           deny     deny          allow    deny   deny  deny
ska.counsellor      allow    allow         deny     allow  allow allow
ska.central         allow    allow         deny     allow  allow allow
auditor             deny     deny          deny     deny   deny  deny
citizen.mari        deny     deny          deny     deny   deny  deny
"""
_rep_header, *_rep_rows = [line.split() for line in REPORTING_MATRIX.strip().splitlines()]
REPORTING_CLASSES = tuple(_rep_header[1:])
REPORTING_EXPECTED: dict[str, dict[str, str]] = {
    row[0]: dict(zip(REPORTING_CLASSES, row[1:], strict=True)) for row in _rep_rows
}
REPORTING = "/api/reporting/v1"


async def _reporting_outcome(cls: str, gateway: httpx.AsyncClient, token: str) -> str:
    auth = bearer(token)
    if cls == "kpis_own":
        r = await gateway.get(f"{REPORTING}/kpis", params={"municipality": "0663"}, headers=auth)
    elif cls == "kpis_national":
        r = await gateway.get(f"{REPORTING}/kpis", headers=auth)
        if r.status_code == 200 and r.json()["area"]["level"] != "national":
            return "deny"
    elif cls == "caseload":
        r = await gateway.get(f"{REPORTING}/kpis/my-caseload", headers=auth)
    elif cls == "export":
        r = await gateway.get(
            f"{REPORTING}/exports/reports-by-need-level",
            params={"format": "xlsx", "municipality": "0663"},
            headers=auth,
        )
    elif cls == "feed":
        r = await gateway.get(f"{REPORTING}/ska-feed/events", params={"limit": 1}, headers=auth)
    elif cls == "national_table":
        r = await gateway.get(
            f"{REPORTING}/reports/central-authority-requests-by-answer", headers=auth
        )
    else:
        raise AssertionError(cls)
    if r.status_code == 200:
        return "allow"
    assert r.status_code == 403, f"{cls}: unexpected {r.status_code} {r.text}"
    assert r.headers["content-type"] == "application/problem+json"
    return "deny"


@pytest.mark.parametrize("user", sorted(REPORTING_EXPECTED))
async def test_reporting_access_matrix(user: str, stack: object, tokens: Tokens) -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        actual = {
            cls: await _reporting_outcome(cls, gateway, tokens(user)) for cls in REPORTING_CLASSES
        }
    assert actual == REPORTING_EXPECTED[user]


async def test_the_ska_feed_account_reads_the_feed_and_nothing_else(stack: object) -> None:
    from tests.e2e.test_reporting import ska_feed_token

    token = ska_feed_token()
    async with httpx.AsyncClient(base_url="http://127.0.0.1:8000", timeout=30) as gateway:
        outcomes = {cls: await _reporting_outcome(cls, gateway, token) for cls in REPORTING_CLASSES}
        cases = await gateway.get("/api/casework/v1/cases", headers=bearer(token))
    assert outcomes == {c: "deny" for c in REPORTING_CLASSES} | {"feed": "allow"}
    assert cases.status_code in (200, 403)
    if cases.status_code == 200:
        assert cases.json()["items"] == []
