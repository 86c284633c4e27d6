"""Steps of the casework path through the gateway, shared by the casework tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import (
    Tokens,
    assessment_for,
    bearer,
    create_report,
    local_today,
    synthetic_personal_code,
)

API = "/api/casework/v1"
NEEDS_DOMAINS = (
    "physical",
    "health",
    "psychological",
    "emotional",
    "social",
    "cognitive",
    "educational",
    "economic",
    "parenting_capacity",
)


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"test-{uuid.uuid4()}"}


async def etag_of(gateway: httpx.AsyncClient, path: str, token: str) -> str:
    response = await gateway.get(path, headers=bearer(token))
    assert response.status_code == 200, response.text
    return str(response.headers["etag"])


async def assigned_assessment(
    gateway: httpx.AsyncClient,
    tokens: Tokens,
    *,
    child_code: str,
    worker: str = "rakvere.worker",
    head: str = "rakvere.head",
    municipality: str = "0663",
) -> str:
    """A report about the child, its preliminary assessment assigned to ``worker``."""
    # Workers become known to casework (the staff directory) with their first request.
    await gateway.get(f"{API}/substitutions", headers=bearer(tokens(worker)))
    report_id = await create_report(
        gateway, tokens("teacher.rakvere"), municipality=municipality, child_code=child_code
    )
    assessment_id = await assessment_for(report_id)
    path = f"{API}/preliminary-assessments/{assessment_id}"
    assigned = await gateway.patch(
        path,
        json={"assignee_username": worker},
        headers=bearer(tokens(head)) | {"If-Match": await etag_of(gateway, path, tokens(head))},
    )
    assert assigned.status_code == 200, assigned.text
    return assessment_id


def child(code: str) -> dict[str, Any]:
    return {"given_name": "Sünteetiline", "family_name": "Testlaps", "personal_code": code}


async def open_case(
    gateway: httpx.AsyncClient,
    tokens: Tokens,
    *,
    worker: str = "rakvere.worker",
    head: str = "rakvere.head",
    municipality: str = "0663",
) -> tuple[str, str]:
    """A case opened from a preliminary assessment: ``(case_id, child_code)``."""
    code = synthetic_personal_code()
    assessment_id = await assigned_assessment(
        gateway, tokens, child_code=code, worker=worker, head=head, municipality=municipality
    )
    path = f"{API}/preliminary-assessments/{assessment_id}"
    decided = await gateway.post(
        f"{path}/decision",
        json={"outcome": "open_case", "child": child(code), "reason": "Vajab juhtumikorraldust"},
        headers=bearer(tokens(worker)) | {"If-Match": await etag_of(gateway, path, tokens(worker))},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "case_opened"
    return str(decided.json()["case_id"]), code


def home_visit(summary: str) -> dict[str, Any]:
    """A home visit that happened just now, with the mother present."""
    return {
        "kind": "home_visit",
        "occurred_at": datetime.now(UTC).isoformat(),
        "participants": [{"name": "Ema Testlaps", "role": "ema"}],
        "summary": summary,
    }


def needs_body(*, with_opinion: bool = True) -> dict[str, Any]:
    today = local_today().isoformat()
    body: dict[str, Any] = {
        "findings": {
            d: {"finding": f"Hinnang valdkonnas {d}", "need": "some"} for d in NEEDS_DOMAINS
        },
        "sources": [
            {"kind": "home_visit", "on": today},
            {"kind": "school", "on": today, "note": "Klassijuhataja vestlus"},
        ],
        "conclusion": "Laps vajab tuge koolis ja pere vajab vanemlusnõustamist.",
    }
    if with_opinion:
        body |= {"child_opinion": "Tahab elada koos emaga.", "child_heard_on": today}
    return body


def plan_body(*, with_opinion: bool) -> dict[str, Any]:
    today = local_today()
    body: dict[str, Any] = {
        "specialist_contact": "+372 5555 0000, lastekaitse@demo.invalid",
        "assessed_need": {
            "social_network": "Vanaema toetab",
            "economic_situation": "Toimetulekutoetus",
            "housing": "Üürikorter",
            "health_and_coping": "Terve",
            "social_status": "Õpib 5. klassis",
            "obstacles": "Koolist puudumine",
            "resources": "Motiveeritud ema",
            "earlier_assessments": "Puuduvad",
        },
        "action_plan": [
            {
                "goal": "Regulaarne koolis käimine",
                "activities": "Tugiisik, koolipsühholoog",
                "services": ["support_person"],
                "responsible": ["lastekaitsespetsialist", "ema"],
                "starts_on": today.isoformat(),
                "ends_on": (today + timedelta(days=90)).isoformat(),
                "evaluation_on": (today + timedelta(days=45)).isoformat(),
                "evaluation_method": "Puudumiste arv e-koolis",
            }
        ],
        "recommendations": "Jätkata perenõustamist",
        "caregiver_involvement": {
            "informed_on": today.isoformat(),
            "how": "Kohtumine kodus",
            "involvement": "Ema osales eesmärkide seadmisel",
        },
        "next_review_on": (today + timedelta(days=60)).isoformat(),
    }
    if with_opinion:
        body["child_opinion"] = "Tahab käia trennis ja koolis."
    return body


def removal_body(separated_at: datetime | None = None) -> dict[str, Any]:
    at = separated_at or datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    return {
        "separated_at": at.isoformat(),
        "facts": "Vanem oli joobes ja laps oli üksi külmas korteris.",
        "legal_ground": "custodian_caused_danger",
        "temporary_location": "Turvakodu (asukoht suletud)",
        "contact_arrangement": "Emaga suhtlus telefoni teel spetsialisti juuresolekul",
        "contact_until": (at + timedelta(hours=72)).isoformat(),
    }


async def add_mother(gateway: httpx.AsyncClient, token: str, case_id: str) -> None:
    response = await gateway.post(
        f"{API}/cases/{case_id}/parties",
        json={
            "person": {"given_name": "Ema", "family_name": "Testlaps"},
            "role": "legal_representative",
            "legal_basis": "vanem (PKS §116)",
            "has_custody": True,
            "lives_with_child": True,
        },
        headers=bearer(token) | key(),
    )
    assert response.status_code == 201, response.text


async def completed_needs_assessment(gateway: httpx.AsyncClient, token: str, case_id: str) -> str:
    started = await gateway.post(
        f"{API}/cases/{case_id}/needs-assessments",
        json=needs_body(),
        headers=bearer(token) | key(),
    )
    assert started.status_code == 201, started.text
    completed = await gateway.post(
        f"{API}/needs-assessments/{started.json()['id']}/complete",
        headers=bearer(token) | {"If-Match": started.headers["etag"]},
    )
    assert completed.status_code == 200, completed.text
    return str(started.json()["id"])


async def every_item(
    gateway: httpx.AsyncClient,
    path: str,
    token: str,
    params: dict[str, Any] | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """Every item of a list, following ``next_cursor`` page by page."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = (params or {}) | {"limit": limit} | ({"cursor": cursor} if cursor else {})
        response = await gateway.get(path, params=query, headers=bearer(token))
        assert response.status_code == 200, response.text
        page = response.json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


async def care_provider(
    gateway: httpx.AsyncClient,
    token: str,
    code: str,
    form: str = "foster_family",
    capacity: int = 4,
) -> str:
    """A provider in the register (registered by a department head)."""
    response = await gateway.post(
        f"{API}/care-providers",
        json={"code": code, "name": f"Demo {form}", "form": form, "capacity": capacity},
        headers=bearer(token) | key(),
    )
    assert response.status_code == 201, response.text
    return code
