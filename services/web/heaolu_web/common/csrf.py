"""CSRF protection of every form: a per-session token in a hidden field, compared in constant
time, and the ``Origin`` of a cross-origin post refused (the SameSite=Strict cookie is the
third layer)."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import FormData

FIELD = "csrf_token"


class CsrfRefused(Exception):
    """A form post without the session's token, or from another origin."""


def csrf_token(request: Request) -> str:
    """The session's token, made on first use."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def origin_allowed(origin: str | None, own: str) -> bool:
    """A missing Origin (older browsers, same-origin GET-turned-POST) is left to the token."""
    return origin is None or origin == own


def token_matches(expected: object, given: object) -> bool:
    return (
        isinstance(expected, str)
        and isinstance(given, str)
        and bool(given)
        and hmac.compare_digest(expected.encode(), given.encode())
    )


async def checked_form(request: Request) -> FormData:
    """FastAPI dependency: the posted form, refused unless its token and origin match."""
    own = request.app.state.settings.public_url.rstrip("/")
    if not origin_allowed(request.headers.get("origin"), own):
        raise CsrfRefused
    form = await request.form()
    if not token_matches(request.session.get("csrf"), form.get(FIELD)):
        raise CsrfRefused
    return form


CheckedForm = Annotated[FormData, Depends(checked_form)]
