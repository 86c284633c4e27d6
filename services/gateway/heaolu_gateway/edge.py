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
import re
from collections.abc import Sequence

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heaolu_gateway.routes import DataClass, match
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

_VISIBLE_ASCII = re.compile(rb"^[\x20-\x7e\t]*$")

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
                headers = MutableHeaders(scope=message)
                upstream_cache = headers.get("cache-control", "")
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if message["status"] < 400 and _aggregate(scope["path"]):
                    # Figures without personal data may be kept by the reader's own browser.
                    private = upstream_cache.startswith("private")
                    headers["Cache-Control"] = upstream_cache if private else "private, no-cache"
                    del headers["Pragma"]
            await send(message)

        raw: list[tuple[bytes, bytes]] = scope["headers"]
        language = Headers(scope=scope).get("accept-language")
        size = sum(len(k) + len(v) + 4 for k, v in raw)
        if size > self.max_header_bytes or len(raw) > self.max_header_fields:
            response = status_problem(
                431,
                HEADERS_TOO_LARGE,
                accept_language=language if language and len(language) < 200 else None,
                limit=self.max_header_bytes,
                count=self.max_header_fields,
            )
            await response(scope, receive, secured)
            return
        if not all(_VISIBLE_ASCII.match(v) for _, v in raw):
            await status_problem(400, HEADER_CHARACTERS)(scope, receive, secured)
            return
        peer = scope["client"][0] if scope.get("client") else "unknown"
        forwarded = Headers(scope=scope).get("x-forwarded-for")
        scope.setdefault("state", {})["client_chain"] = client_chain(peer, forwarded, self.proxies)
        await self.app(scope, receive, secured)
