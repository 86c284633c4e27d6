"""The route table and the header rules of the proxy."""

from __future__ import annotations

from starlette.responses import Response
from starlette.testclient import TestClient
from starlette.types import Receive, Scope, Send

from heaolu_gateway.edge import EdgeMiddleware
from heaolu_gateway.proxy import response_headers
from heaolu_gateway.routes import DataClass, Route, match
from heaolu_shared.roles import Role


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
    assert Role.SKA_CENTRAL_AUTHORITY in route.roles and Role.DEPARTMENT_HEAD in route.roles
    assert route.roles.isdisjoint(
        {Role.CITIZEN, Role.PROFESSIONAL_REPORTER, Role.AUDITOR, Role.NGTS_CASE_MANAGER}
    )


def test_response_headers_drop_hop_by_hop_and_the_upstreams_date() -> None:
    upstream = [
        (b"Connection", b"keep-alive"),
        (b"Transfer-Encoding", b"chunked"),
        (b"ETag", b'"3"'),
        (b"Date", b"Tue, 01 Dec 2026 10:00:00 GMT"),
        (b"Server", b"uvicorn"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
    ]

    assert response_headers(upstream) == [
        (b"etag", b'"3"'),
        (b"set-cookie", b"a=1"),
        (b"set-cookie", b"b=2"),
    ]


def test_the_anonymous_report_route_is_public() -> None:
    route = match("/api/intake/v1/public/reports")
    assert route is not None and route.public and route.service == "intake"


def _through_edge(path: str, upstream_cache: str) -> list[str]:
    async def service(scope: Scope, receive: Receive, send: Send) -> None:
        await Response("{}", headers={"Cache-Control": upstream_cache})(scope, receive, send)

    edge = EdgeMiddleware(
        service, max_header_bytes=16384, max_header_fields=100, trusted_proxies=[]
    )
    answer = TestClient(edge).get(path)
    return [v for k, v in answer.headers.multi_items() if k.lower() == "cache-control"]


def test_reporting_figures_are_cached_only_privately_and_the_feed_not_at_all() -> None:
    figures = match("/api/reporting/v1/kpis")
    feed = match("/api/reporting/v1/ska-feed/events")
    assert figures is not None and figures.data_class is DataClass.AGGREGATE
    assert feed is not None and feed.roles == {
        Role.SKA_FEED_CONSUMER,
        Role.SKA_COUNSELLOR,
        Role.SKA_CENTRAL_AUTHORITY,
    }
    kpis = "/api/reporting/v1/kpis"
    assert _through_edge(kpis, "private, max-age=60") == ["private, max-age=60"]
    # An upstream asking for a shared cache is overruled.
    assert _through_edge(kpis, "public, max-age=600") == ["private, no-cache"]
    assert _through_edge("/api/reporting/v1/ska-feed/events", "private") == ["no-store"]
    assert Role.SKA_FEED_CONSUMER not in (figures.roles or set())


def test_a_services_own_cache_control_is_replaced_not_doubled() -> None:
    assert _through_edge("/api/ngts/v1/youths/1", "no-store") == ["no-store"]
    assert _through_edge("/api/casework/v1/cases", "public, max-age=600") == ["no-store"]
