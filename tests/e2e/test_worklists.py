"""Worklists through the gateway: the queue pages through everything with children in danger
first (issue 10, defect 2), lists show names (defect 10), substitutions end early (defect 6)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.conftest import Tokens, assessment_for, bearer, eventually, fetch, sample_report
from tests.e2e.casework_flow import API

pytestmark = pytest.mark.e2e
VILJANDI = "0897"


async def _report(gateway: httpx.AsyncClient, token: str, need_level: str, name: str) -> str:
    body = sample_report(VILJANDI, need_level=need_level)
    body["child"] = {"name": name, "birth_date": "2016-04-02"}
    response = await gateway.post("/api/intake/v1/reports", json=body, headers=bearer(token))
    assert response.status_code == 201, response.text
    return str(response.json()["report_id"])


async def test_the_queue_shows_children_in_danger_first_and_every_item_once(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    teacher, head = tokens("teacher.rakvere"), tokens("viljandi.head")
    run = uuid.uuid4().hex[:6]
    in_need = [await _report(gateway, teacher, "in_need", f"Abi Demo{run}{i}") for i in range(7)]
    # The children in danger are reported last.
    in_danger = [
        await _report(gateway, teacher, "in_danger", f"Oht Demo{run}{i}") for i in range(2)
    ]
    ours = {await assessment_for(r): r for r in in_need + in_danger}
    danger_ids = {a for a, r in ours.items() if r in in_danger}
    seen: list[dict] = []  # type: ignore[type-arg]
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, object] = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        response = await gateway.get(f"{API}/queue", params=params, headers=bearer(head))
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= 3
        seen += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    ids = [i["id"] for i in seen]
    assert len(ids) == len(set(ids)), "an item was shown on two pages"
    assert set(ours) <= set(ids)
    assert pages >= 3
    urgent = [i["urgent"] for i in seen]
    assert urgent == sorted(urgent, reverse=True), "a child in danger after one in need"
    ours_in_order = [i["id"] for i in seen if i["id"] in ours]
    assert set(ours_in_order[:2]) == danger_ids
    names = {i["id"]: i["child_name"] for i in seen}
    assert all(names[a].startswith(("Abi Demo", "Oht Demo")) for a in ours)


async def test_a_cursor_of_the_wrong_types_is_a_400_problem(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    import base64
    import json

    forged = base64.urlsafe_b64encode(json.dumps(["a", 1, None]).encode()).decode().rstrip("=")
    response = await gateway.get(
        f"{API}/queue", params={"cursor": forged}, headers=bearer(tokens("viljandi.head"))
    )
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"


async def test_the_absent_worker_ends_the_substitution_early(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    worker, substitute, head = (
        tokens("rakvere.worker"),
        tokens("rakvere.substitute"),
        tokens("rakvere.head"),
    )
    for token in (worker, substitute, head):
        await gateway.get(f"{API}/substitutions", headers=bearer(token))
    assessment = await assessment_for(await _report_to_rakvere(gateway, tokens("teacher.rakvere")))
    path = f"{API}/preliminary-assessments/{assessment}"
    current = await gateway.get(path, headers=bearer(head))
    assigned = await gateway.patch(
        path,
        json={"assignee_username": "rakvere.worker"},
        headers=bearer(head) | {"If-Match": current.headers["etag"]},
    )
    assert assigned.status_code == 200, assigned.text
    now = datetime.now(UTC)
    made = await gateway.post(
        f"{API}/substitutions",
        json={
            "substitute_username": "rakvere.substitute",
            "starts_at": (now - timedelta(minutes=1)).isoformat(),
            "ends_at": (now + timedelta(days=5)).isoformat(),
        },
        headers=bearer(worker),
    )
    assert made.status_code == 201, made.text
    window = made.json()
    assert (await gateway.get(path, headers=bearer(substitute))).status_code == 200
    listed = (
        await gateway.get(f"{API}/substitutions", params={"limit": 200}, headers=bearer(worker))
    ).json()
    shown = next(s for s in listed["items"] if s["id"] == window["id"])
    assert shown["absent_username"] == "rakvere.worker"
    assert shown["substitute_username"] == "rakvere.substitute"
    assert shown["absent_name"] and shown["substitute_name"]

    refused = await gateway.post(
        f"{API}/substitutions/{window['id']}/end",
        headers=bearer(substitute) | {"If-Match": f'"{window["version"]}"'},
    )
    assert refused.status_code == 403
    missing = await gateway.post(f"{API}/substitutions/{window['id']}/end", headers=bearer(worker))
    assert missing.status_code == 428
    ended = await gateway.post(
        f"{API}/substitutions/{window['id']}/end",
        headers=bearer(worker) | {"If-Match": f'"{window["version"]}"'},
    )
    assert ended.status_code == 200, ended.text
    assert (await gateway.get(path, headers=bearer(substitute))).status_code == 403
    rows = await eventually(
        lambda: fetch(
            "audit",
            "SELECT actor_username FROM audit_record WHERE record_type = 'substitution' "
            "AND record_id = $1",
            window["id"],
        ),
        bool,
    )
    assert [r["actor_username"] for r in rows] == ["rakvere.worker"]


async def _report_to_rakvere(gateway: httpx.AsyncClient, token: str) -> str:
    response = await gateway.post(
        "/api/intake/v1/reports", json=sample_report("0663"), headers=bearer(token)
    )
    assert response.status_code == 201, response.text
    return str(response.json()["report_id"])
