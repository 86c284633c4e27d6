"""The streaming reverse proxy behind the route table."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
from fastapi import Request
from starlette.background import BackgroundTask
from starlette.responses import Response, StreamingResponse

from heaolu_gateway import messages
from heaolu_gateway.routes import Route
from heaolu_shared.errors import BODY_TOO_LARGE, BadGateway, GatewayTimeout, PayloadTooLarge
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
UPSTREAM_ONLY = frozenset({"date", "server"})
"""Response headers the gateway's own server writes; the upstream's copies are dropped."""


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
    # Only the hops the edge could vouch for (a caller's own X-Forwarded-For is not passed on).
    chain: list[str] = request.scope.get("state", {}).get("client_chain") or []
    headers.pop("x-forwarded-for", None)
    if chain:
        headers["x-forwarded-for"] = ", ".join(chain)
    return headers


def response_headers(upstream: httpx.Response) -> dict[str, str]:
    """The upstream's end-to-end headers (the edge adds the security headers to every answer)."""
    return {
        k: v
        for k, v in upstream.headers.items()
        if k.lower() not in HOP_BY_HOP and k.lower() not in UPSTREAM_ONLY
    }


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
        raise PayloadTooLarge(BODY_TOO_LARGE, limit=max_body) from None
    except httpx.TimeoutException:
        raise GatewayTimeout(messages.UPSTREAM_TIMEOUT, service=route.service) from None
    except httpx.TransportError:
        raise BadGateway(messages.UPSTREAM_UNREACHABLE, service=route.service) from None
    return StreamingResponse(
        upstream.aiter_raw(),
        status_code=upstream.status_code,
        headers=response_headers(upstream),
        background=BackgroundTask(upstream.aclose),
    )
