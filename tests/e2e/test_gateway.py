"""The gateway's edge behaviour: headers, size limits, unknown routes, unreachable services."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from heaolu_shared.roles import Role
from stack import Stack
from tests.conftest import Tokens, bearer, sample_report

KEYCLOAK = "http://127.0.0.1:8180"

pytestmark = pytest.mark.e2e


async def test_personal_data_responses_carry_the_security_headers(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    response = await gateway.post(
        "/api/intake/v1/reports", json=sample_report(), headers=bearer(tokens("teacher.rakvere"))
    )

    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert "display-capture=()" in response.headers["permissions-policy"]
    assert response.headers["x-request-id"]


async def test_request_id_is_passed_through(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    response = await gateway.post(
        "/api/intake/v1/reports",
        json=sample_report(),
        headers=bearer(tokens("teacher.rakvere")) | {"X-Request-ID": "req-0123456789"},
    )
    assert response.headers["x-request-id"] == "req-0123456789"


async def test_oversized_body_is_413(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    body = sample_report() | {"concern": {"category": "other", "text": "x" * 2_000_000}}
    response = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(tokens("teacher.rakvere"))
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_api_is_404_problem(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    response = await gateway.get("/api/payroll/v1/salaries", headers=bearer(tokens(Role.AUDITOR)))
    assert response.status_code == 404
    assert response.json()["type"] == "https://heaolu.ee/problems/not-found"


async def test_unreachable_service_is_502_problem(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    stack.stop("court-api")
    try:
        response = await gateway.get(
            "/api/court/v1/anything", headers=bearer(tokens("rakvere.worker"))
        )
        assert response.status_code == 502
        assert response.headers["content-type"] == "application/problem+json"
    finally:
        stack.start("court-api")
        stack.wait_ready(["court-api"])


async def test_readiness_reports_database_and_kafka(stack: Stack) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get("http://127.0.0.1:8002/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "kafka": "ok"}


async def test_protected_resources_carry_the_data_protection_policy_and_a_viewer_watermark(
    gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    first = await gateway.get("/api/ngts/v1/lists", headers=bearer(tokens("viljandi.ngts")))
    other = await gateway.get("/api/ngts/v1/lists", headers=bearer(tokens("rakvere.worker")))

    assert first.headers["data-protection"] == "no-copy, no-print, no-screenshot, no-export"
    assert first.headers["cache-control"] == "no-store"
    assert first.headers["watermark-id"] != other.headers["watermark-id"]


@pytest.mark.parametrize(
    ("path", "params", "accept"),
    [
        ("/api/ngts/v1/lists/export", {}, "application/json"),
        ("/api/ngts/v1/lists", {"format": "csv"}, "application/json"),
        ("/api/ngts/v1/lists", {}, "text/csv"),
        ("/api/ngts/v1/lists", {"limit": "1000"}, "application/json"),
    ],
    ids=["export-path", "csv-format", "csv-accept", "oversized-page"],
)
async def test_exports_and_bulk_pages_of_protected_resources_are_refused(
    gateway: httpx.AsyncClient, tokens: Tokens, path: str, params: dict, accept: str
) -> None:
    response = await gateway.get(
        path, params=params, headers=bearer(tokens("viljandi.ngts")) | {"Accept": accept}
    )
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _attacks(tokens: Tokens) -> dict[str, str]:
    real = tokens("rakvere.head")
    header, payload, signature = real.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"]
    async with httpx.AsyncClient() as client:
        jwks = (await client.get(f"{KEYCLOAK}/realms/heaolu/protocol/openid-connect/certs")).json()
    rsa_jwk = next(k for k in jwks["keys"] if k["kid"] == kid)
    public_pem = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(rsa_jwk)).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forged_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    escalated = claims | {"realm_access": {"roles": [Role.AUDITOR, Role.DEPARTMENT_HEAD]}}
    hs_input = f"{_b64({'alg': 'HS256', 'kid': kid, 'typ': 'JWT'})}.{_b64(claims)}".encode()
    hs_sig = base64.urlsafe_b64encode(hmac.new(public_pem, hs_input, hashlib.sha256).digest())
    return {
        "tampered-payload": f"{header}.{_b64(escalated)}.{signature}",
        "alg-none": f"{_b64({'alg': 'none', 'kid': kid})}.{_b64(claims)}.",
        "hs256-with-public-key": hs_input.decode() + "." + hs_sig.rstrip(b"=").decode(),
        "unknown-kid": jwt.encode(claims, forged_key, algorithm="RS256", headers={"kid": "forged"}),
        "forged-with-real-kid": jwt.encode(
            claims, forged_key, algorithm="RS256", headers={"kid": kid}
        ),
        "expired": jwt.encode(
            claims | {"exp": int(time.time()) - 3600},
            forged_key,
            algorithm="RS256",
            headers={"kid": kid},
        ),
    }


async def test_token_attacks_are_rejected_by_the_gateway_and_by_the_service(
    stack: Stack, tokens: Tokens
) -> None:
    attacks = await _attacks(tokens)
    async with httpx.AsyncClient() as client:
        for name, token in attacks.items():
            for base in ("http://127.0.0.1:8000", "http://127.0.0.1:8002"):
                response = await client.get(
                    f"{base}/api/casework/v1/preliminary-assessments", headers=bearer(token)
                )
                assert response.status_code == 401, f"{name} via {base}"


async def test_cors_allows_configured_municipal_frontends_only(gateway: httpx.AsyncClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,idempotency-key",
    }
    allowed = await gateway.options(
        "/api/intake/v1/reports", headers=preflight | {"Origin": "http://127.0.0.1:5173"}
    )
    foreign = await gateway.options(
        "/api/intake/v1/reports", headers=preflight | {"Origin": "https://evil.example"}
    )

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://127.0.0.1:5173"
    assert "access-control-allow-origin" not in foreign.headers
