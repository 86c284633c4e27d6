"""The gateway's application and command line."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

from heaolu_gateway.api import DirectProxy, router
from heaolu_gateway.edge import EdgeMiddleware
from heaolu_gateway.ratelimit import RateLimiter
from heaolu_gateway.settings import Settings, get_settings
from heaolu_gateway.upstream import ServiceClient, Upstream
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


async def _close_upstreams(app: FastAPI) -> None:
    await app.state.upstream.close()


async def _identity_provider_ready(app: FastAPI) -> bool:
    upstream: Upstream = app.state.upstream
    return await upstream.reachable(get_settings().jwks_url)


def app(upstream: Callable[[Settings], Upstream] = ServiceClient) -> FastAPI:
    """The gateway; ``upstream`` makes the client that carries proxied requests (one per
    process, made once the event loop runs)."""
    settings = get_settings()

    async def _open_upstreams(app: FastAPI) -> None:
        app.state.user_limiter = RateLimiter(settings.user_rate_per_minute)
        app.state.public_limiter = RateLimiter(settings.public_rate_per_minute)
        app.state.upstream = upstream(settings)

    gateway = create_app(
        settings,
        title="Heaolu gateway",
        routers=[router],
        with_database=False,
        with_kafka=False,
        ready_checks={"identity_provider": _identity_provider_ready},
        on_startup=[_open_upstreams],
        on_shutdown=[_close_upstreams],
        api_documents=False,
        inner_middleware=[Middleware(DirectProxy)],
    )
    gateway.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "Idempotency-Key",
            "X-Request-ID",
            "traceparent",
        ],
        expose_headers=[
            "ETag",
            "Location",
            "X-Request-ID",
            "Data-Protection",
            "Watermark-Id",
            "Retry-After",
        ],
        max_age=600,
    )
    # Outermost, so that every answer, even one refused before routing, is secured.
    gateway.add_middleware(
        EdgeMiddleware,
        max_header_bytes=settings.max_header_bytes,
        max_header_fields=settings.max_header_fields,
        trusted_proxies=settings.trusted_proxies,
    )
    return gateway


commands = ServiceCommands(
    name="gateway",
    settings=get_settings,
    app_path="heaolu_gateway.main:app",
    default_port=8000,
)
