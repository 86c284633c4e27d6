"""The gateway's edge behaviour: headers, size limits, unknown routes, unreachable services."""

from __future__ import annotations

import httpx
import pytest

from stack import Stack
from tests.conftest import Tokens, bearer, sample_report

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
    body = sample_report() | {"concern": "x" * 2_000_000}
    response = await gateway.post(
        "/api/intake/v1/reports", json=body, headers=bearer(tokens("teacher.rakvere"))
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_unknown_api_is_404_problem(gateway: httpx.AsyncClient, tokens: Tokens) -> None:
    response = await gateway.get("/api/payroll/v1/salaries", headers=bearer(tokens("auditor")))
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
