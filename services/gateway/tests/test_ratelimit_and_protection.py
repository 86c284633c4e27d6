"""Rate limits and the data-protection rules of protected resources."""

from __future__ import annotations

from starlette.requests import Request

from heaolu_gateway.protection import export_requested, oversized_page, watermark
from heaolu_gateway.ratelimit import RateLimiter


def test_a_burst_up_to_the_limit_then_refusal_then_refill() -> None:
    limiter = RateLimiter(per_minute=3)
    assert [limiter.allow("u", now=0.0)[0] for _ in range(4)] == [True, True, True, False]
    allowed, retry = limiter.allow("u", now=0.0)
    assert not allowed and retry == 20.0
    assert limiter.allow("u", now=20.0)[0]
    assert limiter.allow("other", now=0.0)[0]


def _request(path: str, query: str = "", accept: str = "application/json") -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query.encode(),
            "headers": [(b"accept", accept.encode())],
        }
    )


def test_exports_are_recognised_by_path_format_and_media_type() -> None:
    assert export_requested(_request("/api/ngts/v1/lists/1/export"))
    assert export_requested(_request("/api/ngts/v1/lists/1", "format=CSV"))
    assert export_requested(_request("/api/ngts/v1/lists/1", accept="text/csv"))
    assert not export_requested(_request("/api/ngts/v1/lists/1", "format=json"))


def test_oversized_and_malformed_pages_are_recognised() -> None:
    assert oversized_page(_request("/x", "limit=51"), 50)
    assert oversized_page(_request("/x", "page_size=abc"), 50)
    assert not oversized_page(_request("/x", "limit=50"), 50)


def test_watermarks_differ_per_viewer_and_are_stable() -> None:
    assert watermark("a", "k") == watermark("a", "k")
    assert watermark("a", "k") != watermark("b", "k")
