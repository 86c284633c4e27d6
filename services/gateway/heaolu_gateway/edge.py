"""What the gateway does to every request and response before routing.

Every response, proxied or made here (401, 403, 404, 413, 429, 431, 5xx), carries the security
headers and ``Cache-Control: no-store``. Requests whose headers are too large, too many, or hold
bytes outside visible ASCII are refused before any token is checked or anything is forwarded.
The caller's address is the peer's, unless the peer is a configured proxy; only then does
``X-Forwarded-For`` count (rightmost untrusted hop), so a caller cannot choose their own rate-limit
bucket.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heaolu_gateway.routes import DataClass, match
from heaolu_shared.app import first_headers
from heaolu_shared.errors import status_problem
from heaolu_shared.messages import define

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Permissions-Policy": "display-capture=(), camera=(), microphone=(), geolocation=()",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
}

HEADERS_TOO_LARGE = define(
    "gateway.headers-too-large",
    et="Päised on liiga suured: kokku kuni {limit} baiti ja {count} välja",
    en="The headers are too large: at most {limit} bytes and {count} fields in all",
    ru="Заголовки слишком велики: не более {limit} байт и {count} полей",
)
HEADER_CHARACTERS = define(
    "gateway.header-characters",
    et="Päise väärtus sisaldab lubamatuid märke (lubatud on nähtavad ASCII-märgid)",
    en="A header value holds characters that are not allowed (visible ASCII only)",
    ru="Значение заголовка содержит недопустимые символы (только видимые ASCII)",
)

_VISIBLE = bytes(range(0x20, 0x7F)) + b"\t"
"""What a header value may hold: deleting these from the values leaves nothing (a table lookup
per byte, where a regular expression would step through a token's kilobyte and a half)."""

_SECURITY = tuple(
    (name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()
)
_SECURITY_NAMES = frozenset(name for name, _ in _SECURITY)
_SECURITY_FOR_FIGURES = tuple(
    header for header in _SECURITY if header[0] not in (b"cache-control", b"pragma")
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Sequence[str]) -> tuple[Network, ...]:
    """The trusted proxies' networks (``10.0.0.0/8``, ``127.0.0.1``)."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def _trusted(address: str, proxies: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_chain(peer: str, forwarded_for: str | None, proxies: tuple[Network, ...]) -> list[str]:
    """The hops from the caller to this gateway, caller first, as far as they can be trusted.

    ``X-Forwarded-For`` is read right to left only while the hop that added an entry is a
    trusted proxy; the first address not vouched for is the caller.
    """
    chain = [peer]
    if not proxies:
        return chain
    entries = [e.strip() for e in (forwarded_for or "").split(",") if e.strip()]
    while entries and _trusted(chain[0], proxies):
        candidate = entries.pop()
        try:
            ipaddress.ip_address(candidate)
        except ValueError:
            break
        chain.insert(0, candidate)
    return chain


def _aggregate(path: str) -> bool:
    route = match(path)
    return route is not None and route.data_class is DataClass.AGGREGATE


class EdgeMiddleware:
    """Header limits and characters in, security headers out (see the module's docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_header_bytes: int,
        max_header_fields: int,
        trusted_proxies: Sequence[str],
    ) -> None:
        self.app = app
        self.max_header_bytes = max_header_bytes
        self.max_header_fields = max_header_fields
        self.proxies = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = secure(
                    message.get("headers", ()), message["status"], scope["path"]
                )
            await send(message)

        raw: list[tuple[bytes, bytes]] = scope["headers"]
        size = sum(len(name) + len(value) + 4 for name, value in raw)
        found = first_headers(raw, b"accept-language", b"x-forwarded-for")
        if size > self.max_header_bytes or len(raw) > self.max_header_fields:
            language = found.get(b"accept-language")
            response = status_problem(
                431,
                HEADERS_TOO_LARGE,
                accept_language=language if language and len(language) < 200 else None,
                limit=self.max_header_bytes,
                count=self.max_header_fields,
            )
            await response(scope, receive, secured)
            return
        if b"".join(value for _, value in raw).translate(None, _VISIBLE):
            await status_problem(400, HEADER_CHARACTERS)(scope, receive, secured)
            return
        peer = scope["client"][0] if scope.get("client") else "unknown"
        chain = client_chain(peer, found.get(b"x-forwarded-for"), self.proxies)
        scope.setdefault("state", {})["client_chain"] = chain
        await self.app(scope, receive, secured)


def secure(
    headers: Iterable[tuple[bytes, bytes]], status: int, path: str
) -> list[tuple[bytes, bytes]]:
    """A response's headers with the security headers set (any the application sent replaced).

    A successful answer of figures without personal data keeps the application's
    ``Cache-Control: private ...``, else gets ``private, no-cache``, and no ``Pragma``."""
    kept: list[tuple[bytes, bytes]] = []
    upstream_cache: bytes | None = None
    for name, value in headers:
        lowered = name.lower()
        if lowered == b"cache-control" and upstream_cache is None:
            upstream_cache = value
        if lowered not in _SECURITY_NAMES:
            kept.append((name, value))
    if status < 400 and _aggregate(path):
        # Figures without personal data may be kept by the reader's own browser.
        cache = upstream_cache or b""
        kept.extend(_SECURITY_FOR_FIGURES)
        kept.append(
            (b"cache-control", cache if cache.startswith(b"private") else b"private, no-cache")
        )
    else:
        kept.extend(_SECURITY)
    return kept
