"""Access-token validation against Keycloak's JWKS, producing a typed principal.

Signing keys are cached and refreshed when a token names an unknown ``kid`` (rate-limited, so a
flood of forged ``kid`` values cannot hammer the issuer). Only asymmetric algorithms are
accepted, which rules out ``alg: none`` and HS256 signed with the public key. ``iss``, ``aud``,
``exp``, ``nbf`` and ``iat`` are checked.

A token that passed is remembered by its SHA-256 digest until it expires, so the signature of the
same token is verified once per process, not on every request (ADR 0020). Revocation rests on
short token lifetimes (five minutes in the realm), which the cache never extends.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any

import httpx
import jwt
from fastapi import Depends, Request
from jwt import PyJWK
from pydantic import BaseModel, ConfigDict

from heaolu_shared.errors import NotAuthenticated, ServiceUnavailable

ALLOWED_ALGORITHMS = ("RS256", "PS256", "ES256")
LEEWAY_SECONDS = 30


class Principal(BaseModel):
    """Who is calling: the token's subject, their realm roles and municipality."""

    model_config = ConfigDict(frozen=True)

    subject: str
    username: str | None = None
    roles: frozenset[str]
    municipality: str | None = None
    client_id: str | None = None
    personal_code: str | None = None
    """Only for citizens; personal data — never log it."""
    name: str | None = None
    """The person's full name from the token, to show colleagues on worklists and to sign
    documents as the official; never log it."""

    def has_any_role(self, *roles: str) -> bool:
        """Whether the principal holds at least one of ``roles``."""
        return not self.roles.isdisjoint(roles)


class InvalidToken(NotAuthenticated):
    """The bearer token is missing, malformed, forged or expired."""


class TokenValidator:
    """Validates bearer tokens of one issuer and audience."""

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str,
        cache_seconds: int = 600,
        min_refresh_seconds: int = 10,
        http: httpx.AsyncClient | None = None,
        validated_cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self._cache_seconds = cache_seconds
        self._min_refresh = min_refresh_seconds
        self._http = http or httpx.AsyncClient(timeout=5.0)
        self._keys: dict[str, PyJWK] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        self._validated: OrderedDict[bytes, tuple[float, Principal]] = OrderedDict()
        self._validated_size = validated_cache_size
        self._clock = clock

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if self._keys and (
                age < self._min_refresh or (not force and age < self._cache_seconds)
            ):
                return
            try:
                response = await self._http.get(self.jwks_url)
                response.raise_for_status()
                document = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                if self._keys:
                    return  # keep serving with the keys we have
                raise ServiceUnavailable("the identity provider's keys cannot be fetched") from exc
            keys: dict[str, PyJWK] = {}
            for jwk in document.get("keys", []):
                if jwk.get("use", "sig") != "sig" or "kid" not in jwk:
                    continue
                try:
                    keys[jwk["kid"]] = PyJWK(jwk)
                except jwt.PyJWTError:
                    continue
            self._keys = keys
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str) -> PyJWK:
        if time.monotonic() - self._fetched_at > self._cache_seconds or not self._keys:
            await self._refresh(force=False)
        if kid not in self._keys:
            await self._refresh(force=True)
        try:
            return self._keys[kid]
        except KeyError:
            raise InvalidToken("the token's signing key is unknown") from None

    async def validate(self, token: str) -> Principal:
        """The principal of a valid token; :class:`InvalidToken` otherwise."""
        digest = hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
        cached = self._validated.get(digest)
        if cached is not None:
            expires, principal = cached
            if self._clock() < expires:
                self._validated.move_to_end(digest)
                return principal
            del self._validated[digest]
        principal, expires = await self._verify(token)
        self._validated[digest] = (expires, principal)
        if len(self._validated) > self._validated_size:
            self._validated.popitem(last=False)
        return principal

    async def _verify(self, token: str) -> tuple[Principal, float]:
        """Verify signature and claims; the principal and the token's expiry (epoch seconds)."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise InvalidToken("the token is malformed") from None
        alg = header.get("alg")
        if alg not in ALLOWED_ALGORITHMS:
            raise InvalidToken("the token's algorithm is not accepted")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise InvalidToken("the token names no signing key")
        key = await self._key_for(kid)
        if key.algorithm_name != alg:
            raise InvalidToken("the token's algorithm does not match its key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=[alg],
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise InvalidToken("the token has expired") from None
        except jwt.ImmatureSignatureError:
            raise InvalidToken("the token is not valid yet") from None
        except jwt.InvalidAudienceError:
            raise InvalidToken("the token is not meant for this service") from None
        except jwt.InvalidIssuerError:
            raise InvalidToken("the token is from an unknown issuer") from None
        except jwt.PyJWTError:
            raise InvalidToken("the token is invalid") from None
        # Remembered only until the token's own expiry, never with the leeway added.
        return principal_from_claims(claims), float(claims["exp"])

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._http.aclose()


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """Map Keycloak's claims onto a :class:`Principal`."""
    roles = claims.get("realm_access", {}).get("roles", [])
    municipality = claims.get("municipality")
    personal_code = claims.get("personal_code")
    name = claims.get("name")
    return Principal(
        subject=str(claims["sub"]),
        username=claims.get("preferred_username"),
        roles=frozenset(r for r in roles if isinstance(r, str)),
        municipality=municipality if isinstance(municipality, str) and municipality else None,
        client_id=claims.get("azp"),
        personal_code=personal_code if isinstance(personal_code, str) else None,
        name=name[:200] if isinstance(name, str) and name.strip() else None,
    )


def bearer_token(request: Request) -> str:
    """The bearer token of the request's Authorization header."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise InvalidToken("a bearer token is required")
    return token.strip()


async def authenticate(request: Request) -> Principal:
    """FastAPI dependency: the validated principal of the request."""
    validator: TokenValidator = request.app.state.token_validator
    principal = await validator.validate(bearer_token(request))
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]
"""An endpoint parameter of this type requires a valid access token."""
