"""The gateway's HTTP surface: every ``/api/<service>/v1/...`` path is proxied."""

from __future__ import annotations

import httpx
from fastapi import APIRouter, Request
from starlette.responses import Response

from heaolu_gateway.proxy import forward
from heaolu_gateway.routes import match
from heaolu_gateway.settings import Settings
from heaolu_shared.auth import authenticate
from heaolu_shared.errors import NotPermitted, ResourceNotFound, status_problem

router = APIRouter()

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]


@router.api_route("/api/{path:path}", methods=METHODS, include_in_schema=False)
async def proxy(request: Request, path: str) -> Response:
    settings: Settings = request.app.state.settings
    route = match(request.url.path)
    if route is None or route.service not in settings.upstreams:
        raise ResourceNotFound("no such API / sellist liidest pole")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > settings.max_body_bytes):
        return status_problem(413, f"the request body exceeds {settings.max_body_bytes} bytes")
    if not route.public:
        principal = await authenticate(request)
        if route.roles is not None and principal.roles.isdisjoint(route.roles):
            raise NotPermitted("your role does not allow this API / teie roll seda ei luba")
    client: httpx.AsyncClient = request.app.state.upstream_client
    return await forward(
        request, route, client, settings.upstreams[route.service], settings.max_body_bytes
    )
