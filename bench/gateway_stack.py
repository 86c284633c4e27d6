"""CPU of the gateway's own request handling, in process, against a bare endpoint in the same run.

The gateway's ASGI application (edge, CORS, request context and span, guard, route table, token
check, rate limit, the answer's headers) is called directly, without a server or sockets, with
an upstream that answers every request at once with the same small JSON page. A signed token is
checked by the gateway's real validator, its keys served from memory. The baseline is a bare
Starlette endpoint that returns the same page, called the same way. Both run in alternating
rounds; printed are the microseconds of CPU per request of each (the best round, as the one the
neighbours disturbed least) and their ratio. This is the part of benchmark (c)'s "own work" that
is the gateway's Python, without the network; nothing is asserted.

``make bench-gateway-stack``; ``--requests`` per round, ``--rounds``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import jwt
import uvloop
from fastapi import FastAPI, Request
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route as StarletteRoute
from starlette.types import ASGIApp, Message, Scope

os.environ.setdefault("HEAOLU_USER_RATE_PER_MINUTE", "1000000000")

from heaolu_gateway.main import app as gateway_app
from heaolu_gateway.proxy import ProxiedResponse, response_headers
from heaolu_gateway.routes import Route
from heaolu_gateway.settings import Settings, get_settings
from heaolu_shared.auth import TokenValidator
from heaolu_shared.roles import Role
from heaolu_shared.testing import public_jwk, signing_key

PATH = "/api/casework/v1/preliminary-assessments"
PAGE = (
    b'{"items":['
    + b",".join(
        b'{"id":"%032x","status":"open","due_at":"2026-12-11T00:00:00Z"}' % i for i in range(10)
    )
    + b'],"next":null}'
)
UPSTREAM_HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(PAGE)).encode()),
    (b"x-request-id", b"0123456789abcdef"),
    (b"date", b"Wed, 02 Dec 2026 12:00:00 GMT"),
    (b"server", b"uvicorn"),
]
KID = "bench"


class CannedUpstream:
    """Every request answered at once with :data:`PAGE` (no socket)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        async def release() -> None:
            return None

        return ProxiedResponse(200, response_headers(UPSTREAM_HEADERS), body=PAGE, release=release)

    async def reachable(self, url: str) -> bool:
        return True

    async def close(self) -> None:
        return None


def signing() -> tuple[str, httpx.AsyncClient]:
    """A token for a department head and an HTTP client that serves its key set from memory."""
    settings = get_settings()
    key = signing_key()
    jwk = public_jwk(key, KID)
    now = int(time.time())
    claims = {
        "sub": "00000000-0000-4000-8000-000000000001",
        "iss": settings.oidc_issuer,
        "aud": settings.oidc_audience,
        "iat": now,
        "exp": now + 3600,
        "azp": "heaolu-web",
        "preferred_username": "bench.head",
        "realm_access": {"roles": [Role.DEPARTMENT_HEAD.value, Role.CHILD_PROTECTION_WORKER.value]},
        "municipality": "0663",
    }
    token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})

    def keys(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"keys": [jwk]})

    return token, httpx.AsyncClient(transport=httpx.MockTransport(keys))


async def started(app: ASGIApp) -> Callable[[], Awaitable[None]]:
    """Run the application's start-up; the returned function runs its shutdown."""
    inbox: asyncio.Queue[Message] = asyncio.Queue()
    outbox: asyncio.Queue[Message] = asyncio.Queue()
    await inbox.put({"type": "lifespan.startup"})
    scope: Scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}

    async def lifespan() -> None:
        await app(scope, inbox.get, outbox.put)

    task = asyncio.create_task(lifespan())
    message = await outbox.get()
    if message["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"start-up failed: {message}")

    async def stop() -> None:
        await inbox.put({"type": "lifespan.shutdown"})
        await task

    return stop


def caller(app: ASGIApp, token: str) -> Callable[[], Awaitable[None]]:
    headers = [
        (b"host", b"127.0.0.1:8000"),
        (b"accept", b"*/*"),
        (b"accept-encoding", b"gzip, deflate"),
        (b"user-agent", b"Python/3.11 aiohttp/3"),
        (b"authorization", f"Bearer {token}".encode()),
    ]
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": PATH,
        "raw_path": PATH.encode(),
        "query_string": b"limit=10",
        "root_path": "",
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "headers": headers,
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def call() -> None:
        statuses: list[int] = []

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await app(dict(scope), receive, send)
        if statuses != [200]:
            raise RuntimeError(f"the request was answered {statuses}")

    return call


async def per_request_us(call: Callable[[], Awaitable[None]], requests: int) -> float:
    started_at = time.process_time()
    for _ in range(requests):
        await call()
    return (time.process_time() - started_at) * 1e6 / requests


async def main_async(requests: int, rounds: int) -> None:
    token, keys = signing()
    gateway: FastAPI = gateway_app(CannedUpstream)
    stop = await started(gateway)
    settings = get_settings()
    await gateway.state.token_validator.close()
    gateway.state.token_validator = TokenValidator(
        issuer=settings.oidc_issuer,
        audience=settings.oidc_audience,
        jwks_url=settings.jwks_url,
        http=keys,
    )

    async def page(request: Request) -> Response:
        return Response(PAGE, media_type="application/json")

    bare = Starlette(routes=[StarletteRoute(PATH, page)])
    paths = {"gateway": caller(gateway, token), "bare endpoint": caller(bare, token)}
    best = {name: float("inf") for name in paths}
    try:
        for call in paths.values():
            await per_request_us(call, 500)
        for round_ in range(1, rounds + 1):
            figures = []
            for name, call in paths.items():
                us = await per_request_us(call, requests)
                best[name] = min(best[name], us)
                figures.append(f"{name} {us:.1f} us")
            print(f"  round {round_}: " + ", ".join(figures), flush=True)
    finally:
        await stop()
    print(f"\nCPU per request, best of {rounds} rounds of {requests}:")
    print(f"  the gateway's application: {best['gateway']:.1f} us")
    print(f"  a bare Starlette endpoint (baseline): {best['bare endpoint']:.1f} us")
    print(f"  ratio: {best['gateway'] / best['bare endpoint']:.2f}x the bare endpoint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    uvloop.run(main_async(args.requests, args.rounds))


if __name__ == "__main__":
    main()
