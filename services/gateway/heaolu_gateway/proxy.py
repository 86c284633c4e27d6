"""The streaming reverse proxy behind the route table."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from heaolu_gateway.routes import DataClass, Route
from heaolu_shared.errors import status_problem
from heaolu_shared.telemetry import current_trace_headers

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "traceparent",
        "tracestate",
    }
)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Permissions-Policy": "display-capture=(), camera=(), microphone=(), geolocation=()",
    "X-Frame-Options": "DENY",
}


class BodyTooLarge(Exception):
    """The streamed request body grew past the limit (chunked bodies declare no length)."""


async def _limited(stream: AsyncIterator[bytes], limit: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in stream:
        seen += len(chunk)
        if seen > limit:
            raise BodyTooLarge
        yield chunk


def _forward_headers(request: Request) -> dict[str, str]:
    connection_tokens = {
        t.strip().lower() for t in request.headers.get("connection", "").split(",") if t.strip()
    }
    headers = {
        k: v
        for k, v in request.headers.items()
        if k.lower() not in HOP_BY_HOP and k.lower() not in connection_tokens
    }
    headers.update(current_trace_headers())
    client = request.client.host if request.client else ""
    prior = request.headers.get("x-forwarded-for")
    headers["x-forwarded-for"] = f"{prior}, {client}" if prior else client
    return headers


def response_headers(upstream: httpx.Response, route: Route) -> dict[str, str]:
    """The upstream's end-to-end headers plus the gateway's security headers."""
    # The gateway's values replace the upstream's whatever their spelling (httpx lowercases
    # names), so a service that sets ``Cache-Control`` itself does not get it twice.
    replaced = {name.lower() for name in SECURITY_HEADERS}
    if route.data_class is not DataClass.PUBLIC:
        replaced |= {"cache-control", "pragma"}
    headers = {
        k: v
        for k, v in upstream.headers.items()
        if k.lower() not in HOP_BY_HOP and k.lower() not in replaced
    }
    headers.update(SECURITY_HEADERS)
    if route.data_class is not DataClass.PUBLIC:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return headers


async def forward(
    request: Request, route: Route, client: httpx.AsyncClient, base_url: str, max_body: int
) -> Response:
    """Send the request to ``base_url`` and stream the answer back."""
    url = httpx.URL(base_url + request.url.path, query=request.url.query.encode())
    upstream_request = client.build_request(
        request.method,
        url,
        headers=_forward_headers(request),
        content=_limited(request.stream(), max_body),
    )
    try:
        upstream = await client.send(upstream_request, stream=True)
    except BodyTooLarge:
        return status_problem(413, f"the request body exceeds {max_body} bytes")
    except httpx.TimeoutException:
        return status_problem(504, f"the {route.service} service did not answer in time")
    except httpx.TransportError:
        return status_problem(502, f"the {route.service} service is unreachable")
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        headers=response_headers(upstream, route),
        background=BackgroundTask(upstream.aclose),
    )
