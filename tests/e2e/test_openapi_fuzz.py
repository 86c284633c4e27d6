"""Property-based fuzzing of every service's OpenAPI document through the gateway (issue 11).

Schemathesis generates requests from each service's published document, valid ones and invalid
ones, and sends them through the gateway with real Keycloak tokens and the ids of records that
exist, so requests get past authentication and 404. Every answer is checked: never a 5xx, the
status is documented, the content type and body match the document. Examples per operation and
the whole run's time are bounded; the counts are printed. A 5xx prints the request as curl.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from heaolu_gateway.settings import Settings as GatewaySettings
from heaolu_shared.roles import Role
from stack import Stack
from tests.conftest import GATEWAY, Tokens
from tests.e2e.casework_flow import open_case

pytestmark = pytest.mark.e2e

SERVICES = ("intake", "casework", "court", "ngts", "reporting", "audit")
CALLER = {
    "intake": "rakvere.head",
    "casework": "rakvere.worker",
    "court": "rakvere.worker",
    "ngts": "viljandi.ngts",
    "reporting": "rakvere.head",
    "audit": Role.AUDITOR,
}
"""Who calls each service's operations: a user who may use most of them."""

EXAMPLES_PER_OPERATION = 12
TIME_BUDGET_SECONDS = 150.0
"""The whole fuzzing run stops generating after this long (CI runs on 2 cores)."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@dataclass
class Findings:
    operations: int = 0
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    nonconforming: list[str] = field(default_factory=list)


async def _existing_records(tokens: Tokens) -> dict[str, str]:
    """Ids of real records, so that generated requests reach the code behind the 404."""
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=30) as gateway:
        case_id, _ = await open_case(gateway, tokens)
        head = {"Authorization": f"Bearer {tokens('rakvere.head')}"}
        reports = await gateway.get("/api/intake/v1/reports", headers=head)
        report = reports.json()["items"][0]
        assessments = await gateway.get(
            "/api/casework/v1/preliminary-assessments",
            headers={"Authorization": f"Bearer {tokens('rakvere.worker')}"},
        )
        items = assessments.json().get("items", [])
        full = await gateway.get(f"/api/intake/v1/reports/{report['id']}", headers=head)
    return {
        "case_id": case_id,
        "report_id": report["id"],
        "receipt_number": full.json().get("receipt_number", "0000-0000-0000"),
        "assessment_id": items[0]["id"] if items else str(uuid.uuid4()),
    }


def _path_parameters(operation: Any, records: dict[str, str]) -> dict[str, str]:
    names = {p.name for p in operation.iter_parameters() if p.location == "path"}
    return {name: records[name] for name in names if name in records}


def _fuzz_operation(
    operation: Any, headers: dict[str, str], records: dict[str, str], findings: Findings
) -> None:
    path_parameters = _path_parameters(operation, records)
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=path_parameters or None),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=path_parameters or None),
    )

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: schemathesis.Case) -> None:
        response = case.call(base_url=GATEWAY, headers=headers, timeout=30)
        findings.requests += 1
        findings.statuses[response.status_code] += 1
        if response.status_code >= 500:
            findings.server_errors.append(
                f"{response.status_code} {operation.label}\n  "
                + case.as_curl_command(headers={"Authorization": "Bearer <token>"})
            )
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as failure:  # a FailureGroup naming each failed check
            findings.nonconforming.append(
                f"{response.status_code} {operation.label}: {str(failure)[:600]}\n  "
                + case.as_curl_command(headers={"Authorization": "Bearer <token>"})
            )

    run()


def test_no_operation_of_any_service_answers_5xx_or_off_its_document(
    stack: Stack, tokens: Tokens
) -> None:
    records = asyncio.run(_existing_records(tokens))
    upstreams = GatewaySettings().upstreams
    findings = Findings()
    started = time.monotonic()
    for service in SERVICES:
        document = httpx.get(f"{upstreams[service]}/openapi.json", timeout=30).json()
        schema = schemathesis.openapi.from_dict(document)
        headers = {"Authorization": f"Bearer {tokens(CALLER[service])}"}
        for result in schema.get_all_operations():
            operation = result.ok()
            if time.monotonic() - started > TIME_BUDGET_SECONDS:
                break
            findings.operations += 1
            # Tokens live five minutes; a fresh one per operation keeps a long run authorised.
            headers = {"Authorization": f"Bearer {tokens(CALLER[service])}"}
            _fuzz_operation(operation, headers, records, findings)

    elapsed = time.monotonic() - started
    print(
        f"\nfuzzing: {findings.operations} operations, {findings.requests} requests "
        f"in {elapsed:.0f} s; statuses {dict(sorted(findings.statuses.items()))}"
    )
    assert findings.operations > 0 and findings.requests >= findings.operations
    assert not findings.server_errors, "5xx answers:\n" + "\n".join(findings.server_errors)
    assert not findings.nonconforming, "answers off the document:\n" + "\n".join(
        findings.nonconforming[:20]
    )
