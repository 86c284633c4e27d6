"""The FastAPI application factory every service uses: one shape for all.

It wires JSON logging, tracing, the request id, problem+json errors, token validation, the
database, ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heaolu_shared.auth import TokenValidator
from heaolu_shared.db import Database
from heaolu_shared.errors import install_problem_handlers
from heaolu_shared.health import kafka_reachable
from heaolu_shared.logs import configure_logging, request_id_var
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.telemetry import configure_tracing

NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own telemetry stays off: OpenTelemetry's ASGI middleware already traces every
request (one middleware, not two), and FastAPI's log records would carry validation messages,
which may quote personal data."""

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

HTTP_REQUESTS = Counter(
    "heaolu_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "heaolu_http_request_seconds", "HTTP request latency", ["service", "method", "route"]
)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: the request's one transaction, committed when the endpoint returns
    and before the response leaves, so a client never sees a success that did not commit."""
    database: Database = request.app.state.database
    async with database.transaction() as session:
        yield session


# ``scope="function"``: by default FastAPI runs the code after ``yield`` once the response has
# been sent, which would let a client read its own write before it commits (or never).
DbSession = Annotated[AsyncSession, Depends(get_session, scope="function")]
"""An endpoint parameter of this type gets the request's transaction."""


class RequestContextMiddleware:
    """Request id (accepted when well-formed, else generated), metrics by route template.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a task per request.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(REQUEST_ID_HEADER, "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
            route = getattr(scope.get("route"), "path", "unmatched")
            method = scope["method"]
            HTTP_REQUESTS.labels(self.service, method, route, str(status)).inc()
            HTTP_LATENCY.labels(self.service, method, route).observe(time.perf_counter() - started)


def create_app(
    settings: ServiceSettings,
    *,
    title: str,
    routers: Sequence[APIRouter],
    with_database: bool = True,
    with_kafka: bool = True,
    ready_checks: Mapping[str, Callable[[FastAPI], Awaitable[bool]]] | None = None,
    on_startup: Sequence[Callable[[FastAPI], Awaitable[None]]] = (),
    on_shutdown: Sequence[Callable[[FastAPI], Awaitable[None]]] = (),
) -> FastAPI:
    """A service's FastAPI app with the project's common wiring."""
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(
        settings.service_name, trace_file=settings.trace_file, otlp_endpoint=settings.otlp_endpoint
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.token_validator = TokenValidator(
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            jwks_url=settings.jwks_url,
            cache_seconds=settings.jwks_cache_seconds,
            min_refresh_seconds=settings.jwks_min_refresh_seconds,
        )
        app.state.database = (
            Database(
                settings.database_url,
                pool_size=settings.db_pool_size,
                application_name=f"heaolu-{settings.service_name}",
            )
            if with_database
            else None
        )
        for hook in on_startup:
            await hook(app)
        try:
            yield
        finally:
            for hook in on_shutdown:
                await hook(app)
            await app.state.token_validator.close()
            if app.state.database is not None:
                await app.state.database.dispose()

    app = FastAPI(title=title, version="1.0.0", lifespan=lifespan, telemetry=NO_NATIVE_TELEMETRY)
    install_problem_handlers(app)

    app.add_middleware(RequestContextMiddleware, service=settings.service_name)

    health = APIRouter(tags=["health"])

    @health.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "alive"}

    @health.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        database: Database | None = request.app.state.database
        if database is not None:
            try:
                async with database.engine.connect() as conn:
                    await conn.execute(text("SELECT 1"))
                checks["database"] = "ok"
            except Exception:
                checks["database"] = "unreachable"
        if with_kafka:
            reachable = await kafka_reachable(settings.kafka_bootstrap)
            checks["kafka"] = "ok" if reachable else "unreachable"
        for name, check in (ready_checks or {}).items():
            checks[name] = "ok" if await check(request.app) else "unreachable"
        ready = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "not ready", "checks": checks},
            status_code=200 if ready else 503,
        )

    @health.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(health)
    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz,readyz,metrics", exclude_spans=["receive", "send"]
    )
    return app
