"""The OpenID Connect client (Authlib): authorization code with PKCE (S256) against Keycloak."""

from __future__ import annotations

from typing import Any

from authlib.integrations.starlette_client import OAuth, StarletteOAuth2App

from heaolu_web.settings import Settings


def oidc_client(settings: Settings) -> StarletteOAuth2App:
    issuer = (settings.oidc_browser_issuer or settings.oidc_issuer).rstrip("/")
    oauth = OAuth()
    client: Any = oauth.register(
        name="keycloak",
        client_id=settings.oidc_client_id,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid", "code_challenge_method": "S256"},
    )
    assert isinstance(client, StarletteOAuth2App)
    return client
