"""The streaming reverse proxy behind the route table.

What is forwarded is decided here, independent of the HTTP client: the request target exactly as
the caller wrote it (so the service decodes it as the gateway did when it matched the route),
the end-to-end headers, the trace context and the client chain the edge could vouch for. The
client that carries it is :mod:`heaolu_gateway.upstream`'s.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from urllib.parse import quote_from_bytes

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from heaolu_shared.telemetry import current_trace_headers

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
        "traceparent",
        "tracestate",
    }
)
UPSTREAM_ONLY = frozenset({"date", "server"})
"""Response headers the gateway's own server writes; the upstream's copies are dropped."""

_NOT_FORWARDED = frozenset(name.encode() for name in HOP_BY_HOP | {"x-forwarded-for"})
"""Request headers never passed on as the caller sent them (ASGI names are lower case)."""

_DROPPED_RESPONSE = frozenset(
    name.encode() for name in (HOP_BY_HOP | UPSTREAM_ONLY) - {"content-length"}
)
"""A response's length is kept: the body is passed on byte for byte (never decoded)."""

_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"

INLINE_BODY_BYTES = 65_536
"""Bodies up to this size are read whole before they are passed on (one write, a known length,
a failure answered as a problem); larger or unknown ones are streamed."""


class BodyTooLarge(Exception):
    """The streamed request body grew past the limit (chunked bodies declare no length)."""


class LimitedBody:
    """A request body streamed to the upstream, at most ``limit`` bytes.

    The client writes it from its own task and wraps what goes wrong there, so what stopped the
    stream (the limit, or the guard's refusal) is kept in :attr:`error` for the caller.
    """

    def __init__(self, stream: AsyncIterator[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.error: BaseException | None = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        seen = 0
        try:
            async for chunk in self._stream:
                seen += len(chunk)
                if seen > self._limit:
                    raise BodyTooLarge
                yield chunk
        except Exception as exc:
            self.error = exc
            raise


def target(scope: Scope) -> str:
    """The request target as the caller sent it (percent-escapes kept, other bytes escaped)."""
    raw: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = quote_from_bytes(raw, safe=_PATH_SAFE)
    query: bytes = scope.get("query_string", b"")
    return f"{path}?{quote_from_bytes(query, safe=_QUERY_SAFE)}" if query else path


def forward_headers(scope: Scope) -> list[tuple[str, str]]:
    """The request's end-to-end headers, the current trace context and the vouched-for chain."""
    raw: list[tuple[bytes, bytes]] = scope["headers"]
    dropped = _NOT_FORWARDED
    for name, value in raw:
        if name == b"connection":
            # The hop-by-hop headers this connection names are not forwarded either.
            named = {
                token.strip().lower().encode("latin-1")
                for token in value.decode("latin-1").split(",")
            }
            dropped = dropped | (named - {b""})
    headers = [
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, value in raw
        if name not in dropped
    ]
    headers.extend(current_trace_headers().items())
    # Only the hops the edge could vouch for (a caller's own X-Forwarded-For is not passed on).
    chain: list[str] = scope.get("state", {}).get("client_chain") or []
    if chain:
        headers.append(("x-forwarded-for", ", ".join(chain)))
    return headers


def response_headers(raw: Iterable[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The upstream's end-to-end headers (the edge adds the security headers to every answer)."""
    return [(name.lower(), value) for name, value in raw if name.lower() not in _DROPPED_RESPONSE]


class ProxiedResponse(Response):
    """An upstream's answer passed on: its body whole when it was read, else streamed chunk by
    chunk as it arrives; the upstream connection is released at the end either way.

    A plain ASGI response: Starlette's ``StreamingResponse`` starts a task group per response to
    watch for the caller leaving; here a caller that left only means the rest is not written.
    """

    def __init__(
        self,
        status_code: int,
        headers: list[tuple[bytes, bytes]],
        *,
        release: Callable[[], Awaitable[None]],
        body: bytes = b"",
        stream: AsyncIterator[bytes] | None = None,
    ) -> None:
        self.status_code = status_code
        self.raw_headers = headers
        self.background = None
        self.body = body
        self._stream = stream
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            start = {"status": self.status_code, "headers": self.raw_headers}
            await send({"type": "http.response.start", **start})
            if self._stream is None:
                await send({"type": "http.response.body", "body": self.body})
                return
            async for chunk in self._stream:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await self._release()
