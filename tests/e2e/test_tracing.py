"""One trace from the client's POST through the gateway and intake into casework's consumer."""

from __future__ import annotations

import json
import secrets

import httpx
import pytest

from stack import Stack
from tests.conftest import Tokens, bearer, eventually, fetch, sample_report

pytestmark = pytest.mark.e2e


def _spans(stack: Stack, process: str, trace_id: str) -> list[dict]:
    path = stack.traces / f"{process}.jsonl"
    if not path.exists():
        return []
    spans = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [s for s in spans if s["trace_id"] == trace_id]


async def test_casework_processing_span_is_a_child_of_the_post(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    trace_id = secrets.token_hex(16)
    client_span = secrets.token_hex(8)
    response = await gateway.post(
        "/api/intake/v1/reports",
        json=sample_report(),
        headers=bearer(tokens("teacher.rakvere"))
        | {"traceparent": f"00-{trace_id}-{client_span}-01"},
    )
    assert response.status_code == 201
    report_id = response.json()["report_id"]
    await eventually(
        lambda: fetch(
            "casework", "SELECT 1 FROM preliminary_assessment WHERE report_id = $1::uuid", report_id
        ),
        bool,
    )

    processing = await eventually(
        lambda: _async(
            lambda: [
                s for s in _spans(stack, "casework-worker", trace_id) if s["kind"] == "CONSUMER"
            ]
        ),
        bool,
        timeout=15,
    )
    gateway_spans = _spans(stack, "gateway", trace_id)
    intake_server = [s for s in _spans(stack, "intake-api", trace_id) if s["kind"] == "SERVER"]

    assert any(s["parent_span_id"] == client_span for s in gateway_spans)
    assert len(intake_server) == 1
    assert intake_server[0]["name"].startswith("POST /api/intake/v1/reports")
    assert processing[0]["parent_span_id"] == intake_server[0]["span_id"]


async def _async(fn):  # type: ignore[no-untyped-def]
    return fn()
