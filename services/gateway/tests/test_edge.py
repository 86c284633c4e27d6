"""The edge: header limits and characters, security headers on every answer, trusted proxies."""

from __future__ import annotations

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from heaolu_gateway.edge import SECURITY_HEADERS, EdgeMiddleware, client_chain, parse_networks
from heaolu_shared.errors import NotPermitted, install_problem_handlers
from heaolu_shared.messages import define

REFUSED = define("test.gateway.refused", et="Keelatud", en="Refused")


def _client(trusted: tuple[str, ...] = ()) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/ok")
    async def ok() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/cached")
    async def cached() -> Response:
        return Response("{}", headers={"Cache-Control": "max-age=600"})

    @app.get("/refused")
    async def refused() -> None:
        raise NotPermitted(REFUSED)

    app.add_middleware(
        EdgeMiddleware, max_header_bytes=2048, max_header_fields=20, trusted_proxies=trusted
    )
    return TestClient(app)


@pytest.mark.parametrize("path", ["/ok", "/refused", "/nowhere"])
def test_every_answer_is_secured_and_never_cached(path: str) -> None:
    response = _client().get(path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value


def test_a_services_own_cache_control_is_replaced_not_doubled() -> None:
    response = _client().get("/cached")
    assert response.headers.get_list("cache-control") == ["no-store"]


def test_oversized_headers_are_431_before_anything_runs() -> None:
    response = _client().get("/ok", headers={"X-Big": "a" * 4000})
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["cache-control"] == "no-store"


def test_too_many_header_fields_are_431() -> None:
    response = _client().get("/ok", headers={f"X-F{i}": "1" for i in range(30)})
    assert response.status_code == 431


@pytest.mark.parametrize("value", [b"\xe9", b"a\x01b", b"ok\x7f", b"\x00"])
def test_header_values_outside_visible_ascii_are_400(value: bytes) -> None:
    headers = [("X-Ok", b"fine"), ("X-Foo", value)]
    response = _client().get("/ok", headers=headers)  # type: ignore[arg-type]
    assert response.status_code == 400
    assert response.json()["type"] == "https://heaolu.ee/problems/bad-request"


def test_tabs_and_visible_ascii_pass() -> None:
    response = _client().get("/ok", headers={"X-Foo": "a\tb ~!"})
    assert response.status_code == 200


def test_forwarded_for_is_ignored_without_trusted_proxies() -> None:
    assert client_chain("203.0.113.9", "198.51.100.1", ()) == ["203.0.113.9"]


def test_forwarded_for_is_read_only_through_trusted_hops() -> None:
    proxies = parse_networks(["10.0.0.0/8"])
    # The load balancer 10.0.0.5 vouches for 198.51.100.7; what the caller wrote before is theirs.
    assert client_chain("10.0.0.5", "1.2.3.4, 198.51.100.7", proxies) == [
        "198.51.100.7",
        "10.0.0.5",
    ]
    assert client_chain("203.0.113.9", "1.2.3.4", proxies) == ["203.0.113.9"]
    assert client_chain("10.0.0.5", "garbage", proxies) == ["10.0.0.5"]
