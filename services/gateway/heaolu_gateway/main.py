"""The gateway's application and command line."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from heaolu_gateway.api import router
from heaolu_gateway.edge import EdgeMiddleware
from heaolu_gateway.ratelimit import RateLimiter
from heaolu_gateway.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


async def _open_upstreams(app: FastAPI) -> None:
    settings = get_settings()
    app.state.user_limiter = RateLimiter(settings.user_rate_per_minute)
    app.state.public_limiter = RateLimiter(settings.public_rate_per_minute)
    app.state.upstream_client = httpx.AsyncClient(
        timeout=httpx.Timeout(
            settings.upstream_read_timeout, connect=settings.upstream_connect_timeout
        ),
        limits=httpx.Limits(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_connections,
        ),
        follow_redirects=False,
    )


async def _close_upstreams(app: FastAPI) -> None:
    await app.state.upstream_client.aclose()


async def _identity_provider_ready(app: FastAPI) -> bool:
    try:
        response = await app.state.upstream_client.get(get_settings().jwks_url)
    except httpx.HTTPError:
        return False
    return bool(response.status_code == 200)


def app() -> FastAPI:
    settings = get_settings()
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
