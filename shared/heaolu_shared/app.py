"""The FastAPI application factory every service uses: one shape for all.

It wires JSON logging, tracing, the request id, problem+json errors, token validation, the
database, ``/healthz``, ``/readyz`` and ``/metrics``.
"""

from __future__ import annotations

import hmac
import os
import random
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.telemetry import TelemetryConfig
from opentelemetry import trace
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heaolu_shared import heap
from heaolu_shared.auth import TokenValidator
from heaolu_shared.calendar import default_calendar
from heaolu_shared.db import Database
from heaolu_shared.errors import (
    BODY_TOO_LARGE,
    UNSAFE_CHARACTERS,
    NotAuthenticated,
    install_problem_handlers,
    status_problem,
)
from heaolu_shared.health import kafka_reachable
from heaolu_shared.logs import configure_logging, request_id_var
from heaolu_shared.messages import define
from heaolu_shared.openapi import install_error_documentation
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.telemetry import configure_tracing, context_from_headers

METRICS_TOKEN = define(
    "metrics.token-required",
    et="Mõõdikud on avatud ainult mõõdikute kogujale",
    en="Metrics are open only to the metrics scraper",
    ru="Метрики доступны только сборщику метрик",
)

NO_NATIVE_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}
"""FastAPI's own telemetry stays off: :class:`RequestContextMiddleware` traces every request
(one middleware, not two), and FastAPI's log records would carry validation messages, which may
quote personal data."""

_REQUEST_ID = b"x-request-id"
UNTRACED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
_TRACE_HEADERS = frozenset({b"traceparent", b"tracestate"})
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

HTTP_REQUESTS = Counter(
    "heaolu_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "heaolu_http_request_seconds", "HTTP request latency", ["service", "method", "route"]
)


_IDS = random.Random()  # noqa: S311 (an id correlates; it is no secret)
"""The request ids' own generator, seeded from the system: no code that seeds Python's shared
generator (a test library, a simulation) can make two processes' ids repeat."""
os.register_at_fork(after_in_child=_IDS.seed)


def new_request_id() -> str:
    """A fresh request id: 128 random bits as 32 hex digits.

    An id correlates log lines and answers; it grants nothing, so it comes from a pseudo-random
    generator (reseeded from the system in a forked child) rather than from a system call per
    request."""
    return f"{_IDS.getrandbits(128):032x}"


class _RequestMetrics:
    """The request counter and latency histogram of one service, their labelled children kept.

    ``labels()`` takes the metric's lock and rebuilds the label tuple on every call; the
    combinations of method, route template and status are few, so each is looked up once."""

    def __init__(self, service: str) -> None:
        self.service = service
        self._counted: dict[tuple[str, str, str], Counter] = {}
        self._timed: dict[tuple[str, str], Histogram] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        key = (method, route, str(status))
        counted = self._counted.get(key)
        if counted is None:
            counted = self._counted[key] = HTTP_REQUESTS.labels(self.service, *key)
        timed = self._timed.get(key[:2])
        if timed is None:
            timed = self._timed[key[:2]] = HTTP_LATENCY.labels(self.service, method, route)
        counted.inc()
        timed.observe(seconds)


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
    """The one telemetry middleware: request id (accepted when well-formed, else generated), a
    server span continuing the caller's W3C trace context, and metrics by route template.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` costs a task per request, and
    OpenTelemetry's ASGI instrumentation cost three quarters of a millisecond per request (a
    span per receive and send, duration histograms, semantic-convention bookkeeping; ADR 0020).
    The span is named by the route template once routing has chosen one, and carries the
    method, template and status, never the path or query itself.
    """

    def __init__(self, app: ASGIApp, service: str) -> None:
        self.app = app
        self.service = service
        self.tracer = trace.get_tracer("heaolu.http")
        self.metrics = _RequestMetrics(service)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNTRACED_PATHS:
            await self.app(scope, receive, send)
            return
        incoming = ""
        carrier: dict[str, str] = {}
        for name, value in scope["headers"]:
            if name == _REQUEST_ID:
                incoming = value.decode("latin-1")
            elif name in _TRACE_HEADERS:
                carrier[name.decode("latin-1")] = value.decode("latin-1")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else new_request_id()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *(h for h in message.get("headers", ()) if h[0].lower() != _REQUEST_ID),
                    (_REQUEST_ID, request_id.encode("latin-1")),
                ]
            await send(message)

        method = scope["method"]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        span = self.tracer.start_span(
            method,
            context=context_from_headers(carrier) if carrier else None,
            kind=trace.SpanKind.SERVER,
        )
        try:
            with trace.use_span(span):
                await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
            route = getattr(scope.get("route"), "path", "unmatched")
            span.update_name(f"{method} {route}")
            span.set_attributes(
                {
                    "http.request.method": method,
                    "http.route": route,
                    "http.response.status_code": status,
                }
            )
            if status >= 500:
                span.set_status(trace.StatusCode.ERROR)
            span.end()
            self.metrics.observe(method, route, status, time.perf_counter() - started)


_CONTROL_BYTES = re.compile(rb"[\x00-\x1f\x7f]")


def first_headers(headers: Iterable[tuple[bytes, bytes]], *names: bytes) -> dict[bytes, str]:
    """The first value of each of ``names`` (lower case, as ASGI gives them) among a request's
    headers, in one pass: what a lookup by name would give, without building a mapping of
    every header."""
    found: dict[bytes, str] = {}
    for name, value in headers:
        if name in names and name not in found:
            found[name] = value.decode("latin-1")
    return found


def unsafe_target(scope: Scope) -> bool:
    """Whether the request's path or query holds control characters once percent-decoded.

    No API takes them there, and a NUL would reach PostgreSQL, which refuses it in text.
    """
    raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    query: bytes = scope.get("query_string", b"")
    return any(
        _CONTROL_BYTES.search(unquote_to_bytes(part.replace(b"+", b" ")))
        for part in (raw_path, query)
    )


class RequestGuardMiddleware:
    """Refuses, before any endpoint runs, what no endpoint should see: control characters in the
    path or query (400) and bodies larger than ``max_body_bytes`` (413), whether declared in
    ``Content-Length`` or streamed without one."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = first_headers(scope["headers"], b"content-length", b"accept-language")
        language = found.get(b"accept-language")
        declared = found.get(b"content-length")
        if unsafe_target(scope):
            await status_problem(400, UNSAFE_CHARACTERS, accept_language=language)(
                scope, receive, send
            )
            return
        limit = self.max_body_bytes
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            response = status_problem(413, BODY_TOO_LARGE, accept_language=language, limit=limit)
            await response(scope, receive, send)
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # FastAPI passes an HTTPException raised while reading the body on to the
                    # problem handlers unchanged.
                    raise StarletteHTTPException(413, detail=str(limit))
            return message

        await self.app(scope, limited_receive, send)


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
    api_documents: bool = True,
    inner_middleware: Sequence[Middleware] = (),
) -> FastAPI:
    """A service's FastAPI app with the project's common wiring.

    ``api_documents=False`` serves no ``/openapi.json``, ``/docs`` or ``/redoc`` (a public edge
    that only proxies has nothing of its own to describe). ``inner_middleware`` runs inside the
    request guard and the request context, before the router (outermost first).
    """
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(
        settings.service_name,
        trace_file=settings.trace_file,
        otlp_endpoint=settings.otlp_endpoint,
        sample_ratio=settings.trace_sample_ratio,
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
                announce_spacing=settings.outbox_drain_spacing_ms / 1000,
            )
            if with_database
            else None
        )
        for hook in on_startup:
            await hook(app)
        default_calendar().warm(datetime.now(UTC).year)
        heap.settle()
        try:
            yield
        finally:
            for hook in on_shutdown:
                await hook(app)
            await app.state.token_validator.close()
            if app.state.database is not None:
                await app.state.database.dispose()

    documents: dict[str, str | None] = (
        {} if api_documents else {"openapi_url": None, "docs_url": None, "redoc_url": None}
    )
    app = FastAPI(
        title=title,
        version="1.0.0",
        lifespan=lifespan,
        telemetry=NO_NATIVE_TELEMETRY,
        **documents,  # type: ignore[arg-type]
    )
    install_problem_handlers(app)
    install_error_documentation(app)

    for middleware in reversed(inner_middleware):
        app.add_middleware(middleware.cls, *middleware.args, **middleware.kwargs)
    app.add_middleware(RequestGuardMiddleware, max_body_bytes=settings.max_body_bytes)
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
    async def metrics(request: Request) -> Response:
        if settings.metrics_token and not hmac.compare_digest(
            request.headers.get("authorization", "").encode(),
            f"Bearer {settings.metrics_token}".encode(),
        ):
            raise NotAuthenticated(METRICS_TOKEN)
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.include_router(health)
    for router in routers:
        app.include_router(router)
    return app
