"""Steps of the court path through the gateway, shared by the court tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.conftest import Tokens, bearer, eventually
from tests.e2e.casework_flow import API as CASEWORK
from tests.e2e.casework_flow import key, open_case, removal_body

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
