"""Steps of the court path through the gateway, shared by the court tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Tokens, bearer, eventually, local_today
from tests.e2e.casework_flow import API as CASEWORK
from tests.e2e.casework_flow import (
    add_mother,
    completed_needs_assessment,
    key,
    open_case,
    plan_body,
    removal_body,
)

API = "/api/court/v1"

APPLICATION = {
    "court_name": "Viru Maakohus",
    "facts": "Vanem oli joobes ja laps oli üksi külmas korteris.",
    "danger": "Lapse tervis oli otseses ohus: korteris oli 8 kraadi.",
    "measures_taken": "Laps paigutati turvakodusse; emale pakuti sõltuvusnõustamist.",
    "temporary_location": "Turvakodu (asukoht suletud)",
    "contact_arrangement": "Emaga suhtlus telefoni teel spetsialisti juuresolekul",
    "child_opinion": "Laps ütles, et kardab koju minna, kui ema joob.",
    "requested_measure": "Peatada ema hooldusõigus ajutiselt ja määrata eestkostjaks linn.",
    "official_name": "Mari Maasikas",
    "official_position": "lastekaitsespetsialist",
    "official_contact": "+372 5555 0000, lastekaitse@demo.invalid",
}


async def removal_and_application(
    gateway: httpx.AsyncClient,
    tokens: Tokens,
    *,
    hours_before: int = 5,
    worker: str = "rakvere.worker",
) -> tuple[str, str, datetime, dict[str, Any]]:
    """A case with a separation recorded ``hours_before`` hours after it happened, and the
    draft application court opened for it: ``(case_id, removal_id, separated_at, draft)``."""
    case_id, _ = await open_case(gateway, tokens, worker=worker)
    separated_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=hours_before)
    recorded = await gateway.post(
        f"{CASEWORK}/cases/{case_id}/removals",
        json=removal_body(separated_at),
        headers=bearer(tokens(worker)) | key(),
    )
    assert recorded.status_code == 201, recorded.text
    removal_id = recorded.json()["id"]

    async def drafts() -> list[dict[str, Any]]:
        listed = await gateway.get(
            f"{API}/custody-applications",
            params={"case_id": case_id},
            headers=bearer(tokens(worker)),
        )
        assert listed.status_code == 200, listed.text
        return list(listed.json()["items"])

    items = await eventually(drafts, bool)
    return case_id, removal_id, separated_at, items[0]


async def act(
    gateway: httpx.AsyncClient, token: str, path: str, etag: str, body: Any = None
) -> httpx.Response:
    headers = bearer(token) | {"If-Match": etag}
    if body is None:
        return await gateway.post(path, headers=headers)
    return await gateway.post(path, json=body, headers=headers)


async def case_with_approved_plan(
    gateway: httpx.AsyncClient, tokens: Tokens, worker: str = "rakvere.worker"
) -> str:
    """A case whose case plan casework approved (court learns it from the event)."""
    token = tokens(worker)
    case_id, _ = await open_case(gateway, tokens, worker=worker)
    await add_mother(gateway, token, case_id)
    await completed_needs_assessment(gateway, token, case_id)
    plan = await gateway.post(
        f"{CASEWORK}/cases/{case_id}/case-plans",
        json=plan_body(with_opinion=True),
        headers=bearer(token) | key(),
    )
    assert plan.status_code == 201, plan.text
    approved = await gateway.post(
        f"{CASEWORK}/case-plans/{plan.json()['id']}/approve",
        headers=bearer(token) | {"If-Match": plan.headers["etag"]},
    )
    assert approved.status_code == 200, approved.text
    return case_id


def opinion_request(case_id: str, age: int, reason: str | None = None) -> dict[str, Any]:
    today = local_today()
    birth = today.replace(year=today.year - age) - timedelta(days=30)
    body: dict[str, Any] = {
        "case_id": case_id,
        "child_birth_date": birth.isoformat(),
        "danger": "Laps põgeneb korduvalt ja tarvitab aineid.",
        "needs_assessment": "Abivajaduse hindamine: kõrge risk.",
        "earlier_measures": "Tugiisik ja perenõustamine; mõju puudus.",
        "less_restrictive_insufficient": "Avatud teenustes laps ei püsi.",
    }
    if reason:
        body["age_exception_reason"] = reason
    return body


KLAT_APPLICATION = {
    "court_name": "Viru Maakohus",
    "danger": "Laps põgeneb korduvalt.",
    "needs_assessment": "Kõrge risk.",
    "earlier_measures": "Tugiisik, perenõustamine.",
    "less_restrictive_insufficient": "Avatud teenustes laps ei püsi.",
    "duration_months": 12,
    "official_name": "Mari Maasikas",
    "official_position": "lastekaitsespetsialist",
}

ART80_REQUEST = {
    "article": "art80",
    "kind": "report_on_child",
    "direction": "incoming",
    "member_state": "FI",
    "foreign_authority": "Keskusviranomainen, Helsinki",
    "foreign_reference": "FI-2026/77",
    "child": "Sünteetiline Laps, sündinud 2015",
    "reasons": "Soome kohtus on pooleli hooldusõiguse vaidlus.",
}


async def art80_with_task(
    gateway: httpx.AsyncClient, tokens: Tokens, municipality: str = "0663"
) -> tuple[dict[str, Any], dict[str, Any]]:
    """An Art. 80 request registered by SKA and its task to the municipality."""
    central = bearer(tokens("ska.central"))
    opened = await gateway.post(
        f"{API}/brussels-requests", json=ART80_REQUEST, headers=central | key()
    )
    assert opened.status_code == 201, opened.text
    task = await gateway.post(
        f"{API}/brussels-requests/{opened.json()['id']}/tasks",
        json={"municipality": municipality, "question": "Palun aruanne lapse olukorrast."},
        headers=central | key(),
    )
    assert task.status_code == 201, task.text
    return opened.json(), task.json()


COURT_OPINION_REQUEST = {
    "matter": "contact",
    "court_name": "Viru Maakohus",
    "court_case_number": "2-26-1234",
    "parties": [{"name": "Ema Testlaps", "role": "ema"}, {"name": "Isa Testlaps", "role": "isa"}],
    "question": "Milline suhtluskord on lapse huvides?",
    "requested_on": local_today().isoformat(),
    "due_on": (local_today() + timedelta(days=14)).isoformat(),
}
