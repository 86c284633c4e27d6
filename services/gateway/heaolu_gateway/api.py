"""The gateway's HTTP surface: every ``/api/<service>/v1/...`` path is proxied.

:class:`DirectProxy` hands ``/api/...`` requests to :func:`proxy` straight from inside the
request context and guard middlewares, past the framework's router, dependency and exception
layers: the gateway takes nothing from a request that they would parse or validate, and they
cost a fifth of its CPU per request (ADR 0020). Errors are rendered as the same problem+json
the application's handlers write.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from heaolu_gateway import messages
from heaolu_gateway.protection import (
    DATA_PROTECTION_POLICY,
    export_requested,
    oversized_page,
    watermark,
)
from heaolu_gateway.routes import DataClass, match
from heaolu_gateway.settings import Settings
from heaolu_gateway.upstream import Upstream
from heaolu_shared.auth import authenticate
from heaolu_shared.errors import (
    NotPermitted,
    ResourceNotFound,
    TooManyRequests,
    any_error_response,
)

router = APIRouter()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]


def _too_many(retry_after: float) -> TooManyRequests:
    seconds = str(max(1, math.ceil(retry_after)))
    return TooManyRequests(messages.TOO_MANY_REQUESTS, headers={"Retry-After": seconds})


def client_address(request: Request) -> str:
    """The caller's address as far as trusted proxies vouch for it (see :mod:`edge`)."""
    chain: list[str] = request.scope.get("state", {}).get("client_chain") or ["unknown"]
    return chain[0]


async def proxy(request: Request) -> Response:
    """Every ``/api/...`` request: route table, token, rate limit, STAR's rules, then upstream.

    A plain Starlette route: it takes nothing FastAPI would parse or validate, so none of its
    per-request dependency machinery runs."""
    settings: Settings = request.app.state.settings
    route = match(request.scope["path"])
    if route is None or route.service not in settings.upstreams:
        raise ResourceNotFound(messages.NO_SUCH_API)
    extra_headers: dict[str, str] = {}
    if route.public:
        allowed, retry = request.app.state.public_limiter.allow(client_address(request))
        if not allowed:
            raise _too_many(retry)
    else:
        principal = await authenticate(request)
        allowed, retry = request.app.state.user_limiter.allow(principal.subject)
        if not allowed:
            raise _too_many(retry)
        if route.roles is not None and principal.roles.isdisjoint(route.roles):
            raise NotPermitted(messages.ROLE_NOT_ALLOWED)
        if route.data_class is DataClass.PROTECTED:
            if export_requested(request):
                raise NotPermitted(messages.NO_EXPORT)
            if oversized_page(request, settings.protected_max_page):
                raise NotPermitted(messages.PAGE_TOO_LARGE, limit=settings.protected_max_page)
            extra_headers["Data-Protection"] = DATA_PROTECTION_POLICY
            extra_headers["Watermark-Id"] = watermark(principal.subject, settings.pseudonym_key)
    upstream: Upstream = request.app.state.upstream
    response = await upstream.forward(
        request, route, settings.upstreams[route.service], settings.max_body_bytes
    )
    if extra_headers:
        response.headers.update(extra_headers)
    return response


router.add_route("/api/{path:path}", proxy, methods=METHODS, include_in_schema=False)


@dataclass(frozen=True)
class RouteTemplate:
    """What metrics and the request span name a request by (a route's template, not its path)."""

    path: str


API_ROUTE = RouteTemplate("/api/{path:path}")
API_PREFIX = "/api/"


class DirectProxy:
    """``/api/...`` to :func:`proxy` without the router; everything else to ``app``.

    The router above serves the same paths the same way for an app built without this
    middleware (the route table is the one place either way).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or not scope["path"].startswith(API_PREFIX)
            or scope["method"] not in METHODS
        ):
            await self.app(scope, receive, send)
            return
        scope["route"] = API_ROUTE
        request = Request(scope, receive)
        try:
            response = await proxy(request)
        except Exception as exc:
            response = any_error_response(exc, request.headers.get("accept-language"))
        await response(scope, receive, send)
