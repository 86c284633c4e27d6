"""Signing in (authorization code with PKCE through Keycloak) and out (ending the Keycloak
session too). The tokens stay in the server-side session; the browser never sees them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from heaolu_web.common.csrf import CheckedForm
from heaolu_web.common.session import Session
from heaolu_web.common.urls import safe_next
from heaolu_web.common.user import user_from_tokens

router = APIRouter()


@router.get("/login")
async def login(request: Request, next: str | None = None) -> Any:
    request.session["next"] = safe_next(next)
    settings = request.app.state.settings
    return await request.app.state.oidc.authorize_redirect(
        request, f"{settings.public_url}/auth/callback"
    )


@router.get("/auth/callback")
async def callback(request: Request) -> RedirectResponse:
    token = await request.app.state.oidc.authorize_access_token(request)
    session: Session = request.session  # type: ignore[assignment]
    target = safe_next(session.get("next"))
    chosen = session.get("lang")
    session.clear()
    session.rotate()  # a new session id at sign-in: no fixation
    session["tokens"] = {
        k: token[k]
        for k in ("access_token", "refresh_token", "id_token", "expires_at")
        if k in token
    }
    user = user_from_tokens(session["tokens"])
    session["user"] = user
    remembered = request.app.state.preferences.get(user["subject"])
    if remembered or chosen:
        session["lang"] = remembered or chosen
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
async def logout(request: Request, _form: CheckedForm) -> RedirectResponse:
    session: Session = request.session  # type: ignore[assignment]
    tokens = session.get("tokens") or {}
    lang = session.get("lang")
    session.clear()
    session.rotate()
    if lang:
        session["lang"] = lang
    settings = request.app.state.settings
    metadata = await request.app.state.oidc.load_server_metadata()
    end = metadata.get("end_session_endpoint")
    if not end:
        return RedirectResponse("/", status_code=303)
    query = {
        "client_id": settings.oidc_client_id,
        "post_logout_redirect_uri": f"{settings.public_url}/",
    }
    if tokens.get("id_token"):
        query["id_token_hint"] = tokens["id_token"]
    return RedirectResponse(f"{end}?{urlencode(query)}", status_code=303)
