"""The route table and the header rules of the proxy."""

from __future__ import annotations

import httpx

from heaolu_gateway.proxy import SECURITY_HEADERS, response_headers
from heaolu_gateway.routes import DataClass, Route, match


def test_every_service_path_matches_its_route() -> None:
    for service in ("intake", "casework", "court", "ngts", "reporting", "audit"):
        route = match(f"/api/{service}/v1/anything/else")
        assert route is not None and route.service == service


def test_lookalike_paths_do_not_match() -> None:
    assert match("/api/intake/v2/reports") is None
    assert match("/api/intakes/v1/reports") is None
    assert match("/api/intake/v1") is None


def test_the_longest_prefix_wins() -> None:
    routes = (
        Route("/api/intake/v1/", "intake"),
        Route("/api/intake/v1/public/", "intake", public=True, data_class=DataClass.PUBLIC),
    )
    route = match("/api/intake/v1/public/reports", routes)
    assert route is not None and route.public


def test_the_ngts_list_is_a_protected_resource() -> None:
    route = match("/api/ngts/v1/lists")
    assert route is not None and route.data_class is DataClass.PROTECTED


def test_court_is_for_child_protection_staff_and_ska_only() -> None:
    route = match("/api/court/v1/custody-applications")
    assert route is not None and route.roles is not None
    assert "ska_central_authority" in route.roles and "department_head" in route.roles
    assert route.roles.isdisjoint(
        {"citizen", "professional_reporter", "auditor", "ngts_case_manager"}
    )


def test_response_headers_drop_hop_by_hop_and_add_security_headers() -> None:
    upstream = httpx.Response(
        200,
        headers={"Connection": "keep-alive", "Transfer-Encoding": "chunked", "ETag": '"3"'},
    )
    route = match("/api/casework/v1/preliminary-assessments")
    assert route is not None
    headers = response_headers(upstream, route)

    assert "connection" not in {k.lower() for k in headers}
    assert "transfer-encoding" not in {k.lower() for k in headers}
    assert headers["etag"] == '"3"'
    assert headers["Cache-Control"] == "no-store"
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value


def test_public_data_may_be_cached() -> None:
    route = Route("/api/intake/v1/public/", "intake", public=True, data_class=DataClass.PUBLIC)
    assert "Cache-Control" not in response_headers(httpx.Response(200), route)


def test_the_anonymous_report_route_is_public() -> None:
    route = match("/api/intake/v1/public/reports")
    assert route is not None and route.public and route.service == "intake"


def test_a_services_own_cache_control_is_replaced_not_doubled() -> None:
    route = match("/api/ngts/v1/youths/1")
    assert route is not None
    upstream = httpx.Response(200, headers={"Cache-Control": "no-store"})
    headers = response_headers(upstream, route)
    assert [v for k, v in headers.items() if k.lower() == "cache-control"] == ["no-store"]
