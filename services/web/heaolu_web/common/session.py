"""Server-side sessions: the browser holds only a random id in an HttpOnly, Secure,
SameSite=Strict cookie; everything else (the tokens above all) stays in this process.

The store is in memory, bounded in size and time: a session unused for ``idle`` seconds, or
older than ``maximum`` seconds, is forgotten, and past ``limit`` sessions the least recently
used goes first. One process serves the front end; running several needs a shared store with
the same interface (ADR 0017).
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "heaolu_session"


@dataclass
class _Entry:
    data: dict[str, Any]
    created: float
    touched: float


@dataclass
class SessionStore:
    """Sessions by id, bounded by idle time, age and count. ``clock`` is monotonic seconds."""

    idle: float
    maximum: float
    limit: int
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[str, _Entry] = field(default_factory=OrderedDict)

    def load(self, sid: str) -> dict[str, Any] | None:
        entry = self._entries.get(sid)
        if entry is None:
            return None
        now = self.clock()
        if now - entry.touched > self.idle or now - entry.created > self.maximum:
            del self._entries[sid]
            return None
        entry.touched = now
        self._entries.move_to_end(sid)
        return dict(entry.data)

    def save(self, sid: str, data: dict[str, Any]) -> None:
        now = self.clock()
        entry = self._entries.get(sid)
        if entry is None:
            self._entries[sid] = _Entry(dict(data), now, now)
        else:
            entry.data, entry.touched = dict(data), now
        self._entries.move_to_end(sid)
        while len(self._entries) > self.limit:
            self._entries.popitem(last=False)

    def delete(self, sid: str) -> None:
        self._entries.pop(sid, None)

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(32)


class Session(dict[str, Any]):
    """The request's session data; ``rotate()`` gives it a new id (at sign-in and sign-out)."""

    rotated: bool = False

    def rotate(self) -> None:
        self.rotated = True


def cookie_header(name: str, value: str, *, max_age: int | None = None) -> str:
    """A ``Set-Cookie`` value with the flags every cookie of this front end carries."""
    parts = [f"{name}={value}", "Path=/", "HttpOnly", "Secure", "SameSite=Strict"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


def read_cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is treated as none
                return None
            if name in jar:
                return jar[name].value
    return None


class ServerSideSessions:
    """ASGI middleware: ``request.session`` backed by a :class:`SessionStore`."""

    def __init__(self, app: ASGIApp, store: SessionStore) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sid = read_cookie(scope, COOKIE)
        data = self.store.load(sid) if sid else None
        if data is None:
            sid = None
        session = Session(data or {})
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            nonlocal sid
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if session.rotated and sid is not None:
                    self.store.delete(sid)
                    sid = None
                if session:
                    if sid is None:
                        sid = self.store.new_id()
                        headers.append("Set-Cookie", cookie_header(COOKIE, sid))
                    self.store.save(sid, dict(session))
                elif sid is not None:
                    self.store.delete(sid)
                    headers.append("Set-Cookie", cookie_header(COOKIE, "", max_age=0))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
