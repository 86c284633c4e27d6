"""Token validation: a real signature check against a JWKS, and every attack refused."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from heaolu_shared.auth import InvalidToken, TokenValidator
from heaolu_shared.roles import Role
from heaolu_shared.testing import public_jwk, signing_key

ISSUER = "http://127.0.0.1:8180/realms/heaolu"
AUDIENCE = "heaolu-api"
JWKS_URL = f"{ISSUER}/protocol/openid-connect/certs"


KEY = signing_key()
OTHER_KEY = signing_key()


class FakeIssuer:
    """The issuer's JWKS endpoint, counting how often it is asked."""

    def __init__(self) -> None:
        self.keys = [public_jwk(KEY, "k1")]
        self.requests = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(200, json={"keys": self.keys})


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": ["heaolu-api", "account"],
        "sub": "f1b1c6a4-1111-4a1a-9a1a-000000000001",
        "iat": now,
        "exp": now + 300,
        "azp": "heaolu-dev",
        "preferred_username": "rakvere.worker",
        "realm_access": {"roles": [Role.CHILD_PROTECTION_WORKER, "offline_access"]},
        "municipality": "0663",
    }
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


def _sign(claims: dict[str, Any], *, key: rsa.RSAPrivateKey = KEY, kid: str = "k1") -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def issuer() -> FakeIssuer:
    return FakeIssuer()


@pytest.fixture
def validator(issuer: FakeIssuer) -> TokenValidator:
    return TokenValidator(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=JWKS_URL,
        min_refresh_seconds=0,
        http=httpx.AsyncClient(transport=httpx.MockTransport(issuer.handler)),
    )


async def test_a_valid_token_gives_the_principal(validator: TokenValidator) -> None:
    principal = await validator.validate(_sign(_claims()))

    assert principal.username == "rakvere.worker"
    assert principal.municipality == "0663"
    assert Role.CHILD_PROTECTION_WORKER in principal.roles
    assert principal.client_id == "heaolu-dev"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _tampered() -> str:
    header, _, signature = _sign(_claims()).split(".")
    return f"{header}.{_b64(_claims(realm_access={'roles': ['department_head']}))}.{signature}"


def _alg_none() -> str:
    return f"{_b64({'alg': 'none', 'kid': 'k1', 'typ': 'JWT'})}.{_b64(_claims())}."


def _hs256_with_public_key() -> str:
    public_pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "kid": "k1", "typ": "JWT"}
    signing_input = f"{_b64(header)}.{_b64(_claims())}".encode()
    import hashlib
    import hmac

    mac = hmac.new(public_pem, signing_input, hashlib.sha256).digest()
    return signing_input.decode() + "." + base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


ATTACKS = {
    "expired": lambda: _sign(_claims(iat=int(time.time()) - 900, exp=int(time.time()) - 600)),
    "not-yet-valid": lambda: _sign(_claims(nbf=int(time.time()) + 600)),
    "wrong-issuer": lambda: _sign(_claims(iss="http://127.0.0.1:8180/realms/other")),
    "wrong-audience": lambda: _sign(_claims(aud="account")),
    "no-audience": lambda: _sign(_claims(aud=None)),
    "unknown-kid": lambda: _sign(_claims(), key=OTHER_KEY, kid="k-unknown"),
    "known-kid-wrong-key": lambda: _sign(_claims(), key=OTHER_KEY, kid="k1"),
    "tampered-payload": _tampered,
    "alg-none": _alg_none,
    "hs256-with-public-key": _hs256_with_public_key,
    "garbage": lambda: "not.a.jwt",
    "no-exp": lambda: _sign(_claims(exp=None)),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
async def test_attacks_are_rejected(validator: TokenValidator, attack: str) -> None:
    with pytest.raises(InvalidToken) as raised:
        await validator.validate(ATTACKS[attack]())
    assert raised.value.status == 401


async def test_keys_are_cached(validator: TokenValidator, issuer: FakeIssuer) -> None:
    for _ in range(5):
        await validator.validate(_sign(_claims()))
    assert issuer.requests == 1


async def test_an_unknown_kid_refreshes_the_keys_once_then_accepts_the_rotated_key(
    validator: TokenValidator, issuer: FakeIssuer
) -> None:
    await validator.validate(_sign(_claims()))
    issuer.keys.append(public_jwk(OTHER_KEY, "k2"))

    principal = await validator.validate(_sign(_claims(), key=OTHER_KEY, kid="k2"))

    assert principal.municipality == "0663"
    assert issuer.requests == 2


async def test_refreshes_on_unknown_kid_are_rate_limited(issuer: FakeIssuer) -> None:
    validator = TokenValidator(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=JWKS_URL,
        min_refresh_seconds=60,
        http=httpx.AsyncClient(transport=httpx.MockTransport(issuer.handler)),
    )
    await validator.validate(_sign(_claims()))
    for n in range(10):
        with pytest.raises(InvalidToken):
            await validator.validate(_sign(_claims(), key=OTHER_KEY, kid=f"forged-{n}"))
    assert issuer.requests == 1


async def test_a_validated_token_is_verified_once_until_it_expires(
    issuer: FakeIssuer, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [float(int(time.time()))]
    validator = TokenValidator(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=JWKS_URL,
        min_refresh_seconds=0,
        http=httpx.AsyncClient(transport=httpx.MockTransport(issuer.handler)),
        clock=lambda: now[0],
    )
    token = _sign(_claims(exp=int(now[0]) + 60))
    verified = 0
    real_decode = jwt.decode

    def counting_decode(*args: Any, **kwargs: Any) -> Any:
        nonlocal verified
        verified += 1
        return real_decode(*args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)

    first = await validator.validate(token)
    second = await validator.validate(token)
    assert first == second
    assert verified == 1

    # Past its expiry the cache no longer answers: the token goes through the full check again.
    now[0] += 61
    await validator.validate(token)
    assert verified == 2


async def test_a_refused_token_is_never_remembered(validator: TokenValidator) -> None:
    header, payload, signature = _sign(_claims()).split(".")
    forged = f"{header}.{payload}.{signature[:-4]}AAAA"
    for _ in range(2):
        with pytest.raises(InvalidToken):
            await validator.validate(forged)


async def test_the_cache_is_bounded(issuer: FakeIssuer) -> None:
    validator = TokenValidator(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=JWKS_URL,
        http=httpx.AsyncClient(transport=httpx.MockTransport(issuer.handler)),
        validated_cache_size=3,
    )
    for n in range(5):
        await validator.validate(_sign(_claims(sub=f"subject-{n}")))
    assert len(validator._validated) == 3
