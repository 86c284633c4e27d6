"""A request uvicorn cannot parse is answered with problem+json (the protocol on a transport in
memory, no socket)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import uvicorn
from uvicorn.server import ServerState

from heaolu_shared.http_server import ProblemHttpToolsProtocol


class Transport(asyncio.Transport):
    """What the protocol writes, and whether it closed the connection."""

    def __init__(self) -> None:
        super().__init__()
        self.written = b""
        self.closed = False

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += bytes(data)

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed


async def _answer(request: bytes) -> tuple[bytes, dict[bytes, bytes], bytes, bool]:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("a request that is not HTTP never reaches the application")

    config = uvicorn.Config(app, http=ProblemHttpToolsProtocol, log_config=None)
    protocol = ProblemHttpToolsProtocol(config, ServerState(), {})
    transport = Transport()
    protocol.connection_made(transport)
    protocol.data_received(request)
    head, _, body = transport.written.partition(b"\r\n\r\n")
    status, *lines = head.split(b"\r\n")
    headers = dict(line.split(b": ", 1) for line in lines)
    return status, headers, body, transport.closed


async def test_a_content_length_that_is_not_a_number_gets_a_problem_answer() -> None:
    status, headers, body, closed = await _answer(
        b"GET /api/ngts/v1/rounds HTTP/1.1\r\nHost: x\r\nContent-Length: \\7T9\r\n\r\n"
    )
    assert status == b"HTTP/1.1 400 Bad Request"
    assert headers[b"content-type"] == b"application/problem+json"
    assert headers[b"connection"] == b"close" and closed
    assert int(headers[b"content-length"]) == len(body)
    problem = json.loads(body)
    assert problem["status"] == 400
    assert problem["code"] == "request.malformed"
    assert problem["type"].endswith("/bad-request")


async def test_a_header_line_without_a_colon_gets_the_same_answer() -> None:
    status, headers, body, _ = await _answer(b"GET / HTTP/1.1\r\nHost x\r\n\r\n")
    assert status == b"HTTP/1.1 400 Bad Request"
    assert headers[b"content-type"] == b"application/problem+json"
    assert json.loads(body)["code"] == "request.malformed"
