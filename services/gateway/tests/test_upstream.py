"""The upstream client against a real HTTP server on the loopback: what reaches the service and
what comes back, small answers whole and large ones streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from fastapi import Request
from starlette.types import Message

from heaolu_gateway.routes import match
from heaolu_gateway.settings import Settings
from heaolu_gateway.upstream import ServiceClient
from heaolu_shared.errors import BadGateway, PayloadTooLarge

PATH = "/api/intake/v1/public/a%2Fb%C3%A4"


@pytest.fixture
async def service() -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """A service that remembers the request it got and answers ``size`` bytes."""
    seen: dict[str, Any] = {}

    async def answer(request: web.Request) -> web.Response:
        seen["target"] = request.raw_path
        seen["headers"] = request.headers.copy()
        seen["body"] = await request.read()
        size = int(request.query.get("size", "3"))
        return web.Response(
            body=b"x" * size, headers={"ETag": '"1"', "Server": "the-service"}, status=201
        )

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


def _request(
    query: bytes, headers: list[tuple[bytes, bytes]], body: list[bytes], method: str = "POST"
) -> Request:
    chunks = list(body)

    async def receive() -> Message:
        chunk = chunks.pop(0) if chunks else b""
        return {"type": "http.request", "body": chunk, "more_body": bool(chunks)}

    scope = {
        "type": "http",
        "method": method,
        "path": "/api/intake/v1/public/a/bä",
        "raw_path": PATH.encode(),
        "query_string": query,
        "headers": headers,
        "state": {"client_chain": ["203.0.113.9"]},
    }
    return Request(scope, receive)


async def _answer(response: Any) -> tuple[list[Message], bytes]:
    messages: list[Message] = []

    async def send(message: Message) -> None:
        messages.append(message)

    await response({"type": "http"}, None, send)
    return messages, b"".join(m.get("body", b"") for m in messages[1:])


async def test_the_service_gets_the_target_as_written_and_only_end_to_end_headers(
    service: tuple[str, dict[str, Any]],
) -> None:
    base, seen = service
    client = ServiceClient(Settings())
    request = _request(
        b"q=%C3%A4+b&size=3",
        [
            (b"content-length", b"5"),
            (b"connection", b"x-hop"),
            (b"x-hop", b"1"),
            (b"x-forwarded-for", b"198.51.100.66"),
            (b"x-request-id", b"req-0123456789"),
        ],
        [b"hel", b"lo"],
    )
    route = match(PATH)
    assert route is not None
    try:
        response = await client.forward(request, route, base, 1024)
        messages, body = await _answer(response)
    finally:
        await client.close()

    assert seen["target"] == PATH + "?q=%C3%A4+b&size=3"
    assert seen["body"] == b"hello"
    assert seen["headers"]["x-request-id"] == "req-0123456789"
    assert seen["headers"]["x-forwarded-for"] == "203.0.113.9"
    assert "x-hop" not in seen["headers"]
    assert "user-agent" not in seen["headers"] and "accept-encoding" not in seen["headers"]
    assert messages[0]["status"] == 201
    headers = dict(messages[0]["headers"])
    assert headers[b"etag"] == b'"1"' and b"server" not in headers and b"date" not in headers
    assert headers[b"content-length"] == b"3"
    assert body == b"xxx"


async def test_a_large_answer_is_streamed_and_arrives_whole(
    service: tuple[str, dict[str, Any]],
) -> None:
    base, _ = service
    client = ServiceClient(Settings())
    route = match(PATH)
    assert route is not None
    try:
        response = await client.forward(_request(b"size=500000", [], [], "GET"), route, base, 1024)
        messages, body = await _answer(response)
    finally:
        await client.close()

    assert len(body) == 500_000
    assert len(messages) > 2  # several body messages: passed on as it arrived
    assert dict(messages[0]["headers"])[b"content-length"] == b"500000"


async def test_a_large_body_is_streamed_to_the_service_whole(
    service: tuple[str, dict[str, Any]],
) -> None:
    base, seen = service
    client = ServiceClient(Settings())
    route = match(PATH)
    assert route is not None
    chunks = [bytes([65 + i]) * 30_000 for i in range(4)]
    try:
        declared = [(b"content-length", str(120_000).encode())]
        response = await client.forward(_request(b"", declared, chunks), route, base, 200_000)
        await _answer(response)
        assert seen["body"] == b"".join(chunks)
        chunked = [(b"transfer-encoding", b"chunked")]
        response = await client.forward(_request(b"", chunked, chunks), route, base, 200_000)
        await _answer(response)
        assert seen["body"] == b"".join(chunks)
    finally:
        await client.close()


async def test_a_chunked_body_past_the_limit_is_413_and_an_absent_service_502(
    service: tuple[str, dict[str, Any]],
) -> None:
    base, _ = service
    client = ServiceClient(Settings())
    route = match(PATH)
    assert route is not None
    chunked = [(b"transfer-encoding", b"chunked")]
    try:
        with pytest.raises(PayloadTooLarge):
            await client.forward(_request(b"", chunked, [b"x" * 800] * 3), route, base, 2000)
        with pytest.raises(BadGateway):
            await client.forward(_request(b"", [], [], "GET"), route, "http://127.0.0.1:9", 2000)
    finally:
        await client.close()
