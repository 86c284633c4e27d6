"""The gateway's upstream client, chosen by measurement: httpx vs httpcore vs aiohttp.

The same gateway (edge, token check, route table, one telemetry middleware, the same forwarding
rules in :mod:`heaolu_gateway.proxy`) is started once per client; each carries the same
authenticated list read to casework at a fixed concurrency, and each is compared with the same
read sent straight to casework in the same run. Printed per client: throughput and p50/p99
through the gateway, the ratio to direct, and the gateway process's CPU milliseconds per
proxied request (from ``/proc``). Nothing here is asserted; the figures go to ADR 0020.

``make bench-gateway`` (under the stack lock) starts the system itself.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import cpu
import httpcore
import httpx
from fastapi import FastAPI, Request
from run import PAGE, closed_loop, fill_page, get_ok, load_client, summary, token
from starlette.responses import Response
from system import running_system

from heaolu_gateway import messages
from heaolu_gateway.main import app as gateway_app
from heaolu_gateway.proxy import (
    BodyTooLarge,
    LimitedBody,
    ProxiedResponse,
    forward_headers,
    response_headers,
    target,
)
from heaolu_gateway.routes import Route
from heaolu_gateway.settings import Settings
from heaolu_gateway.upstream import ServiceClient, Upstream, request_body
from heaolu_shared.errors import BODY_TOO_LARGE, BadGateway, GatewayTimeout, PayloadTooLarge
from stack import Stack

CASEWORK = "http://127.0.0.1:8002"
GATEWAY = "http://127.0.0.1:8000"
READ = f"/api/casework/v1/preliminary-assessments?limit={PAGE}"


class HttpxClient:
    """httpx's ``AsyncClient`` (the gateway's client before ADR 0020)."""

    def __init__(self, settings: Settings) -> None:
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(
                settings.upstream_read_timeout, connect=settings.upstream_connect_timeout
            ),
            limits=httpx.Limits(
                max_connections=settings.upstream_max_connections,
                max_keepalive_connections=settings.upstream_max_connections,
            ),
            follow_redirects=False,
        )

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        body = await request_body(request, max_body)
        upstream_request = self._client.build_request(
            request.method,
            httpx.URL(base_url + target(request.scope)),
            headers=forward_headers(request.scope),
            content=body,
        )
        try:
            upstream = await self._client.send(upstream_request, stream=True)
        except httpx.TimeoutException:
            raise GatewayTimeout(messages.UPSTREAM_TIMEOUT, service=route.service) from None
        except httpx.TransportError:
            if isinstance(body, LimitedBody) and isinstance(body.error, BodyTooLarge):
                raise PayloadTooLarge(BODY_TOO_LARGE, limit=max_body) from None
            raise BadGateway(messages.UPSTREAM_UNREACHABLE, service=route.service) from None
        return ProxiedResponse(
            upstream.status_code,
            response_headers(upstream.headers.raw),
            stream=upstream.aiter_raw(),
            release=upstream.aclose,
        )

    async def reachable(self, url: str) -> bool:
        try:
            return (await self._client.get(url)).status_code == 200
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        await self._client.aclose()


class HttpcoreClient:
    """httpcore's connection pool on its own, without httpx's request and response models."""

    def __init__(self, settings: Settings) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            max_connections=settings.upstream_max_connections,
            max_keepalive_connections=settings.upstream_max_connections,
        )
        self._timeouts = {
            "connect": settings.upstream_connect_timeout,
            "read": settings.upstream_read_timeout,
            "write": settings.upstream_read_timeout,
            "pool": settings.upstream_connect_timeout,
        }

    async def forward(
        self, request: Request, route: Route, base_url: str, max_body: int
    ) -> Response:
        body = await request_body(request, max_body)
        url = httpcore.URL(base_url + target(request.scope))
        headers = [
            (k.encode("latin-1"), v.encode("latin-1")) for k, v in forward_headers(request.scope)
        ]
        headers.append((b"host", url.host + b":" + str(url.port).encode()))
        content: bytes | AsyncIterator[bytes]
        if body is None:
            content = b""
        elif isinstance(body, bytes):
            content = body
            headers.append((b"content-length", str(len(body)).encode()))
        else:
            content = body.__aiter__()
            headers.append((b"transfer-encoding", b"chunked"))
        try:
            upstream = await self._pool.handle_async_request(
                httpcore.Request(
                    request.method,
                    url,
                    headers=headers,
                    content=content,
                    extensions={"timeout": self._timeouts},
                )
            )
        except httpcore.TimeoutException:
            raise GatewayTimeout(messages.UPSTREAM_TIMEOUT, service=route.service) from None
        except (httpcore.NetworkError, httpcore.ProtocolError):
            raise BadGateway(messages.UPSTREAM_UNREACHABLE, service=route.service) from None
        stream = upstream.stream
        assert hasattr(stream, "__aiter__")
        return ProxiedResponse(
            upstream.status,
            response_headers(upstream.headers),
            stream=stream.__aiter__(),
            release=upstream.aclose,
        )

    async def reachable(self, url: str) -> bool:
        try:
            response = await self._pool.request("GET", url)
        except httpcore.NetworkError:
            return False
        return response.status == 200

    async def close(self) -> None:
        await self._pool.aclose()


CLIENTS: dict[str, Callable[[Settings], Upstream]] = {
    "httpx": HttpxClient,
    "httpcore": HttpcoreClient,
    "aiohttp": ServiceClient,
}


def gateway_with(name: str) -> FastAPI:
    """The gateway with the named upstream client (an app factory for uvicorn)."""
    return gateway_app(upstream=CLIENTS[name])


def httpx_gateway() -> FastAPI:
    return gateway_with("httpx")


def httpcore_gateway() -> FastAPI:
    return gateway_with("httpcore")


def aiohttp_gateway() -> FastAPI:
    return gateway_with("aiohttp")


def serve(name: str) -> None:
    """Run the gateway with the named client as the stack runs the real one."""
    import uvicorn

    uvicorn.run(
        f"gateway_clients:{name}_gateway",
        factory=True,
        host="127.0.0.1",
        port=8000,
        log_config=None,
        access_log=False,
        server_header=False,
        proxy_headers=False,
    )


async def measure(
    base: str, headers: dict[str, str], total: int, concurrency: int, pid: int | None, label: str
) -> dict[str, float]:
    async with load_client(base, concurrency) as client:

        async def read() -> None:
            await get_ok(client, READ, headers)

        await closed_loop(read, 50, concurrency)
        before = cpu.process_seconds(pid) if pid else 0.0
        result = summary(label, *await closed_loop(read, total, concurrency))
        if pid:
            result["gateway_cpu_ms"] = (cpu.process_seconds(pid) - before) * 1000 / total
    return result


async def compare(total: int, concurrency: int, rounds: int) -> None:
    async with running_system() as system:
        await fill_page(system, PAGE)
        await asyncio.to_thread(system.stack.stop, "gateway")
        await compare_clients(system.stack, total, concurrency, rounds)


async def compare_clients(stack: Stack, total: int, concurrency: int, rounds: int) -> None:
    headers = {"Authorization": f"Bearer {token('rakvere.head')}"}
    gateway = stack.procs["gateway"]
    print(f"\ngateway upstream clients, {total} list reads at concurrency {concurrency}")
    for round_ in range(1, rounds + 1):
        print(f" round {round_}")
        direct = await measure(CASEWORK, headers, total, concurrency, None, "direct to casework")
        for name in CLIENTS:
            gateway.argv = [sys.executable, str(Path(__file__)), "serve", name]
            stack.start("gateway")
            try:
                await asyncio.to_thread(stack.wait_ready, ["gateway"])
                assert gateway.popen is not None
                ours = await measure(
                    GATEWAY, headers, total, concurrency, gateway.popen.pid, f"via gateway, {name}"
                )
            finally:
                stack.stop("gateway")
            print(
                f"    {name}: gateway CPU {ours['gateway_cpu_ms']:.2f} ms per proxied request,"
                f" throughput {ours['throughput'] / direct['throughput']:.3f}x direct,"
                f" p50 {ours['p50_ms'] / direct['p50_ms']:.2f}x,"
                f" p99 {ours['p99_ms'] / direct['p99_ms']:.2f}x"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="start the system and compare the clients")
    run.add_argument("--requests", type=int, default=1000)
    run.add_argument("--concurrency", type=int, default=16)
    run.add_argument("--rounds", type=int, default=2)
    one = sub.add_parser("serve", help="serve the gateway with one client (used by run)")
    one.add_argument("client", choices=sorted(CLIENTS))
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.client)
        return
    asyncio.run(compare(args.requests, args.concurrency, args.rounds))


if __name__ == "__main__":
    main()
