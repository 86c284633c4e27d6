"""``/api/...`` goes straight from the middlewares to the proxy, with the same answers as before.

The gateway is the real application (edge, CORS, request context, guard, route table, rate limit)
with an upstream that records what it was asked; no identity provider is needed for the public
route and the refusals tested here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import Request
from prometheus_client import REGISTRY
from starlette.responses import JSONResponse, Response
from starlette.testclient import TestClient

from heaolu_gateway.edge import SECURITY_HEADERS
from heaolu_gateway.main import app
from heaolu_gateway.routes import Route
from heaolu_gateway.settings import Settings


class RecordingUpstream:
    """Answers every forwarded request itself; fails when told to."""

    def __init__(self, settings: Settings) -> None:
        self.seen: list[tuple[str, str, str]] = []
        self.fail = False

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        if self.fail:
            raise RuntimeError("the upstream client broke")
        self.seen.append((request.method, request.url.path, route.service))
        return JSONResponse({"received": True}, status_code=202)

    async def reachable(self, url: str) -> bool:
        return True

    async def close(self) -> None:
        return None


@pytest.fixture
def gateway() -> Iterator[tuple[TestClient, RecordingUpstream]]:
    made: list[RecordingUpstream] = []

    def upstream(settings: Settings) -> RecordingUpstream:
        made.append(RecordingUpstream(settings))
        return made[-1]

    with TestClient(app(upstream), raise_server_exceptions=False) as client:
        yield client, made[0]


def _requests(route: str, status: str) -> float:
    value = REGISTRY.get_sample_value(
        "heaolu_http_requests_total",
        {"service": "gateway", "method": "POST", "route": route, "status": status},
    )
    return value or 0.0


def test_a_public_api_request_reaches_the_upstream_with_the_edge_headers(
    gateway: tuple[TestClient, RecordingUpstream],
) -> None:
    client, upstream = gateway
    before = _requests("/api/{path:path}", "202")
    response = client.post("/api/intake/v1/public/reports", json={})
    assert response.status_code == 202
    assert response.json() == {"received": True}
    assert upstream.seen == [("POST", "/api/intake/v1/public/reports", "intake")]
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert len(response.headers["x-request-id"]) == 32
    # Metrics name the route template, never the path.
    assert _requests("/api/{path:path}", "202") == before + 1


def test_an_unknown_api_is_a_problem_in_the_callers_language(
    gateway: tuple[TestClient, RecordingUpstream],
) -> None:
    client, upstream = gateway
    response = client.get("/api/nothing/v1/here", headers={"Accept-Language": "et"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "gateway.no-such-api"
    assert response.json()["detail"] == "Sellist liidest pole"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert upstream.seen == []


def test_a_protected_api_without_a_token_is_401_and_not_forwarded(
    gateway: tuple[TestClient, RecordingUpstream],
) -> None:
    client, upstream = gateway
    response = client.get("/api/casework/v1/cases")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert upstream.seen == []


def test_an_unexpected_failure_is_a_500_problem_without_its_text(
    gateway: tuple[TestClient, RecordingUpstream],
) -> None:
    client, upstream = gateway
    upstream.fail = True
    response = client.post("/api/intake/v1/public/reports", json={})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "broke" not in response.text


def test_paths_outside_the_api_are_left_to_the_application(
    gateway: tuple[TestClient, RecordingUpstream],
) -> None:
    client, upstream = gateway
    assert client.get("/healthz").json() == {"status": "alive"}
    assert client.get("/apiary").status_code == 404
    assert upstream.seen == []
