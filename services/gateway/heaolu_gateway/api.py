"""The gateway's HTTP surface: every ``/api/<service>/v1/...`` path is proxied."""

from __future__ import annotations

import math

import httpx
from fastapi import APIRouter, Request
from starlette.responses import Response

from heaolu_gateway.protection import (
    DATA_PROTECTION_POLICY,
    export_requested,
    oversized_page,
    watermark,
)
from heaolu_gateway.proxy import forward
from heaolu_gateway.routes import DataClass, match
from heaolu_gateway.settings import Settings
from heaolu_shared.auth import authenticate
from heaolu_shared.errors import NotPermitted, ResourceNotFound, status_problem

router = APIRouter()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]


def _too_many(retry_after: float) -> Response:
    seconds = str(max(1, math.ceil(retry_after)))
    return status_problem(
        429, "too many requests; try again later / liiga palju päringuid", {"Retry-After": seconds}
    )


@router.api_route("/api/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(request: Request, path: str) -> Response:
    settings: Settings = request.app.state.settings
    route = match(request.url.path)
    if route is None or route.service not in settings.upstreams:
        raise ResourceNotFound("no such API / sellist liidest pole")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > settings.max_body_bytes):
        return status_problem(413, f"the request body exceeds {settings.max_body_bytes} bytes")
    extra_headers: dict[str, str] = {}
    if route.public:
        client = request.client.host if request.client else "unknown"
        allowed, retry = request.app.state.public_limiter.allow(client)
        if not allowed:
            return _too_many(retry)
    else:
        principal = await authenticate(request)
        allowed, retry = request.app.state.user_limiter.allow(principal.subject)
        if not allowed:
            return _too_many(retry)
        if route.roles is not None and principal.roles.isdisjoint(route.roles):
            raise NotPermitted("your role does not allow this API / teie roll seda ei luba")
        if route.data_class is DataClass.PROTECTED:
            if export_requested(request):
                raise NotPermitted(
                    "protected data cannot be exported or downloaded / "
                    "kaitstud andmeid ei saa eksportida"
                )
            if oversized_page(request, settings.protected_max_page):
                raise NotPermitted(
                    f"protected data is shown at most {settings.protected_max_page} rows at a time"
                )
            extra_headers["Data-Protection"] = DATA_PROTECTION_POLICY
            extra_headers["Watermark-Id"] = watermark(principal.subject, settings.pseudonym_key)
    client_pool: httpx.AsyncClient = request.app.state.upstream_client
    response = await forward(
        request, route, client_pool, settings.upstreams[route.service], settings.max_body_bytes
    )
    response.headers.update(extra_headers)
    return response
