"""The HTTP client that carries proxied requests to the services.

aiohttp's ``ClientSession`` over one pooled connector: its HTTP parser and header structures
are compiled, and it needs no per-request detection of the async library. Measured against
httpx (the client before) and httpcore on their own in ``bench/gateway_clients.py``; ADR 0020
has the figures.
"""

from __future__ import annotations

from typing import Protocol

import aiohttp
from fastapi import Request
from starlette.responses import Response
from yarl import URL

from heaolu_gateway import messages
from heaolu_gateway.proxy import (
    INLINE_BODY_BYTES,
    BodyTooLarge,
    LimitedBody,
    ProxiedResponse,
    forward_headers,
    response_headers,
    target,
)
from heaolu_gateway.routes import Route
from heaolu_gateway.settings import Settings
from heaolu_shared.app import first_headers
from heaolu_shared.errors import BODY_TOO_LARGE, BadGateway, GatewayTimeout, PayloadTooLarge

_NO_AUTOMATIC_HEADERS = ("User-Agent", "Accept", "Accept-Encoding", "Content-Type")
"""The client adds none of its own: the service sees the caller's headers, no others."""


class Upstream(Protocol):
    """What the gateway needs of an upstream client."""

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        """Send the request to ``base_url`` and pass the answer back (streamed when large)."""
        ...

    async def reachable(self, url: str) -> bool:
        """Whether ``url`` answers 200 (readiness of what the gateway depends on)."""
        ...

    async def close(self) -> None:
        """Close the pooled connections."""
        ...


async def request_body(request: Request, max_body: int) -> bytes | LimitedBody | None:
    """The body to forward: none, whole when small and declared, else a limited stream.

    The application's request guard has refused a declared length over the limit already.
    """
    found = first_headers(request.scope["headers"], b"content-length", b"transfer-encoding")
    declared = found.get(b"content-length")
    if b"transfer-encoding" not in found:
        if declared is None or declared == "0":
            return None
        if declared.isdigit() and int(declared) <= INLINE_BODY_BYTES:
            return await request.body()
    return LimitedBody(request.stream(), max_body)


class ServiceClient:
    """aiohttp's pooled client, set up for proxying: no redirects, cookies or decompression."""

    def __init__(self, settings: Settings) -> None:
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=settings.upstream_max_connections,
                limit_per_host=0,
                keepalive_timeout=settings.upstream_keepalive_seconds,
            ),
            timeout=aiohttp.ClientTimeout(
                total=None,
                sock_connect=settings.upstream_connect_timeout,
                sock_read=settings.upstream_read_timeout,
            ),
            auto_decompress=False,
            cookie_jar=aiohttp.DummyCookieJar(),
            skip_auto_headers=_NO_AUTOMATIC_HEADERS,
        )

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        body = await request_body(request, max_body)
        url = URL(base_url + target(request.scope), encoded=True)
        try:
            upstream = await self._session.request(
                request.method,
                url,
                headers=forward_headers(request.scope),
                data=body,
                allow_redirects=False,
            )
        except TimeoutError:
            raise GatewayTimeout(messages.UPSTREAM_TIMEOUT, service=route.service) from None
        except (aiohttp.ClientError, OSError) as exc:
            if isinstance(body, LimitedBody) and body.error is not None:
                if isinstance(body.error, BodyTooLarge):
                    raise PayloadTooLarge(BODY_TOO_LARGE, limit=max_body) from None
                raise body.error from None
            raise BadGateway(messages.UPSTREAM_UNREACHABLE, service=route.service) from exc

        async def release() -> None:
            upstream.release()

        headers = response_headers(upstream.raw_headers)
        length = upstream.content_length
        if length is not None and length <= INLINE_BODY_BYTES:
            try:
                content = await upstream.read()
            except TimeoutError:
                upstream.close()
                raise GatewayTimeout(messages.UPSTREAM_TIMEOUT, service=route.service) from None
            except (aiohttp.ClientError, OSError) as exc:
                upstream.close()
                raise BadGateway(messages.UPSTREAM_UNREACHABLE, service=route.service) from exc
            return ProxiedResponse(upstream.status, headers, body=content, release=release)
        return ProxiedResponse(
            upstream.status, headers, stream=upstream.content.iter_any(), release=release
        )

    async def reachable(self, url: str) -> bool:
        try:
            async with self._session.get(url) as response:
                await response.read()
                return response.status == 200
        except (TimeoutError, aiohttp.ClientError, OSError):
            return False

    async def close(self) -> None:
        await self._session.close()
