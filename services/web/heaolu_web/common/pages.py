"""Rendering pages: the Jinja2 environment, the context every page gets, the language of the
reader, and the security headers every answer carries."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from heaolu_web.common import i18n
from heaolu_web.common.csrf import csrf_token
from heaolu_web.common.lang import LANG_COOKIE as LANG_COOKIE
from heaolu_web.common.lang import language as language
from heaolu_web.common.user import current_user

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).resolve().parents[1] / "templates"))


def render(
    request: Request,
    template: str,
    *,
    status_code: int = 200,
    protected: bool = False,
    now: datetime | None = None,
    **context: Any,
) -> HTMLResponse:
    lang = language(request)
    moment = now or datetime.now(UTC)
    user = current_user(request)
    values = {
        "request": request,
        "lang": lang,
        "t": partial(i18n.t, lang=lang),
        "api_message": partial(i18n.api_message, lang=lang),
        "role": lambda code: i18n.label(i18n.ROLES, code, lang),
        "concern": lambda code: i18n.label(i18n.CONCERNS, code, lang),
        "kind_label": lambda code: i18n.label(i18n.FIGURE_VALUES, code, lang),
        "has_message": lambda key: key in i18n.MESSAGES,
        "municipality": lambda code: i18n.MUNICIPALITIES.get(code or "", code or ""),
        "dt": i18n.format_datetime,
        "d": i18n.format_date,
        "clock": lambda due: i18n.clock(due, moment, lang),
        "now": i18n.format_datetime(moment),
        "user": user,
        "csrf": csrf_token(request),
        "protected": protected,
        "municipalities": i18n.MUNICIPALITIES,
        "concerns": i18n.CONCERNS,
    }
    values.update(context)
    response = TEMPLATES.TemplateResponse(request, template, values, status_code=status_code)
    if protected:
        response.headers["Data-Protection"] = "protected-view"
    return response


def content_security_policy(identity_origin: str) -> str:
    """No inline script or style anywhere; forms post here, or (sign-out) to the identity
    provider; nothing may frame the pages."""
    return "; ".join(
        (
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            f"form-action 'self' {identity_origin}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        )
    )


def protective_headers(csp: str, *, static: bool = False) -> dict[str, str]:
    """The headers every answer carries, an error page as much as any other."""
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        # not no-referrer: browsers would then post forms with Origin: null
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }
    if static:
        headers["Cache-Control"] = "public, max-age=3600"
    else:
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return headers


class SecurityHeaders:
    """ASGI middleware: the CSP and the other protective headers on every answer; pages (not
    the static files) are never stored by the browser or a proxy. An answer that set its own
    CSP keeps it: only this site's routes set one, and only a stricter one."""

    def __init__(self, app: ASGIApp, identity_origin: str) -> None:
        self.app = app
        self.csp = content_security_policy(identity_origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # an answer may carry a stricter policy of its own (a chart: a sandbox)
                policy = headers.get("content-security-policy") or self.csp
                for name, value in protective_headers(policy, static=static).items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
