"""The signed-in user: who they are (for display and the watermark) and their tokens, which
stay in the server-side session and are refreshed before they expire."""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from heaolu_web.common.api import ApiProblem
from heaolu_web.common.lang import language


class SignInRequired(Exception):
    """The page needs a signed-in user."""


@dataclass(frozen=True)
class User:
    subject: str
    username: str
    name: str
    roles: frozenset[str]
    municipality: str | None

    def has(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)


def unverified_claims(token: str) -> dict[str, Any]:
    """The payload of a token this process just received from Keycloak over TLS/loopback; used
    only to label the page (name, roles for the menu). Every API checks the token itself."""
    try:
        payload = token.split(".")[1]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        claims = json.loads(decoded)
    except (IndexError, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def user_from_tokens(tokens: dict[str, Any]) -> dict[str, Any]:
    claims = unverified_claims(str(tokens.get("access_token", "")))
    roles = claims.get("realm_access", {}).get("roles", [])
    name = claims.get("name") or claims.get("preferred_username") or claims.get("sub", "")
    return {
        "subject": str(claims.get("sub", "")),
        "username": str(claims.get("preferred_username", "")),
        "name": str(name),
        "roles": sorted(r for r in roles if isinstance(r, str)),
        "municipality": claims.get("municipality")
        if isinstance(claims.get("municipality"), str)
        else None,
    }


def current_user(request: Request) -> User | None:
    data = request.session.get("user")
    if not isinstance(data, dict):
        return None
    return User(
        subject=data["subject"],
        username=data["username"],
        name=data["name"],
        roles=frozenset(data["roles"]),
        municipality=data.get("municipality"),
    )


async def required_user(request: Request) -> User:
    user = current_user(request)
    if user is None:
        raise SignInRequired
    return user


SignedIn = Annotated[User, Depends(required_user)]


async def access_token(request: Request, *, now: float | None = None) -> str:
    """The user's access token, refreshed first when it expires within 30 seconds."""
    tokens = request.session.get("tokens")
    if not isinstance(tokens, dict):
        raise SignInRequired
    moment = time.time() if now is None else now
    if float(tokens.get("expires_at", 0)) - 30 > moment:
        return str(tokens["access_token"])
    refresh = tokens.get("refresh_token")
    if not refresh:
        raise SignInRequired
    client = request.app.state.oidc
    try:
        fresh = await client.fetch_access_token(grant_type="refresh_token", refresh_token=refresh)
    except Exception:
        request.session.clear()
        raise SignInRequired from None
    merged = {**tokens, **{k: fresh[k] for k in fresh if k in _KEPT}}
    request.session["tokens"] = merged
    return str(merged["access_token"])


_KEPT = ("access_token", "refresh_token", "id_token", "expires_at")


async def api(
    request: Request,
    method: str,
    path: str,
    *,
    json: Any = None,
    params: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
    anonymous: bool = False,
) -> Any:
    """Call an API as the signed-in user (or anonymously); the JSON answer, or ApiProblem."""
    token = None if anonymous else await access_token(request)
    response = await request.app.state.gateway.call(
        method, path, token=token, json=json, params=params, headers=_in_language(request, headers)
    )
    if response.status_code == 204 or not response.content:
        return None
    if "json" not in response.headers.get("content-type", ""):
        raise ApiProblem(502, "unexpected answer / ootamatu vastus")
    return response.json()


async def api_response(request: Request, method: str, path: str, **kwargs: Any) -> Any:
    """Like :func:`api`, but the whole response (for ETag and binary bodies)."""
    token = await access_token(request)
    kwargs["headers"] = _in_language(request, kwargs.get("headers"))
    return await request.app.state.gateway.call(method, path, token=token, **kwargs)


def _in_language(request: Request, headers: dict[str, str] | None) -> dict[str, str]:
    """The APIs answer their problems in the reader's language."""
    sent = dict(headers or {})
    sent.setdefault("Accept-Language", language(request))
    return sent
