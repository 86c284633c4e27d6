"""No loss and no double effect when a relay, a consumer or the broker fails."""

from __future__ import annotations

import asyncio
import json
import subprocess
import uuid

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from stack import Stack
from tests.conftest import (
    KAFKA,
    ROOT,
    Tokens,
    bearer,
    eventually,
    fetch,
    read_topic,
    sample_report,
)

pytestmark = pytest.mark.e2e

FAULT_EXIT_CODE = 70
RECEIVED = "ee.heaolu.intake.report.received.v2"


async def _create_report(gateway: httpx.AsyncClient, tokens: Tokens) -> str:
    response = await gateway.post(
        "/api/intake/v1/reports", json=sample_report(), headers=bearer(tokens("teacher.rakvere"))
    )
    assert response.status_code == 201, response.text
    return str(response.json()["report_id"])


async def _assessment_count(report_ids: list[str]) -> int:
    rows = await fetch(
        "casework",
        "SELECT count(*) AS n FROM preliminary_assessment WHERE report_id = ANY($1::uuid[])",
        report_ids,
    )
    return int(rows[0]["n"])


async def _event_id(report_id: str) -> str:
    rows = await fetch(
        "intake",
        "SELECT event_id, sent_at FROM outbox WHERE key = $1 AND event_type = $2",
        report_id,
        RECEIVED,
    )
    assert len(rows) == 1
    return str(rows[0]["event_id"])


def _log_mentions(stack: Stack, process: str, *needles: str) -> bool:
    text = stack.log_path(process).read_text(encoding="utf-8", errors="replace")
    return any(all(n in line for n in needles) for line in text.splitlines())


async def test_relay_killed_after_send_before_mark_republishes_and_casework_applies_once(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    stack.stop("intake-worker")
    stack.start("intake-worker", {"HEAOLU_FAULT": "relay_crash_after_send"})
    report_id = await _create_report(gateway, tokens)
    assert await asyncio.to_thread(stack.wait_exit, "intake-worker", 60) == FAULT_EXIT_CODE
    event_id = await _event_id(report_id)
    rows = await fetch(
        "intake",
        "SELECT sent_at FROM outbox WHERE key = $1 AND event_type = $2",
        report_id,
        RECEIVED,
    )
    assert rows[0]["sent_at"] is None, "the crash happened before the row was marked sent"

    stack.start("intake-worker")
    await eventually(
        lambda: asyncio.to_thread(
            _log_mentions, stack, "casework-worker", "duplicate event skipped", event_id
        ),
        bool,
    )

    assert len(await read_topic("heaolu.intake.v1", report_id)) == 2
    assert await _assessment_count([report_id]) == 1


async def test_consumer_killed_before_offset_commit_gets_redelivery_without_duplicate(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    stack.stop("casework-worker")
    stack.start("casework-worker", {"HEAOLU_FAULT": "consumer_crash_before_offset_commit"})
    report_id = await _create_report(gateway, tokens)
    assert await asyncio.to_thread(stack.wait_exit, "casework-worker", 90) == FAULT_EXIT_CODE
    assert await _assessment_count([report_id]) == 1, "effects committed before the crash"
    event_id = await _event_id(report_id)

    stack.start("casework-worker")
    await eventually(
        lambda: asyncio.to_thread(
            _log_mentions, stack, "casework-worker", "duplicate event skipped", event_id
        ),
        bool,
        timeout=90,
    )

    assert await _assessment_count([report_id]) == 1


async def test_consumer_killed_between_a_batch_commit_and_its_offset_commit_applies_once(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    # With the consumer stopped the reports pile up, so its first poll returns them as a batch.
    stack.stop("casework-worker")
    report_ids = [await _create_report(gateway, tokens) for _ in range(20)]
    await eventually(
        lambda: fetch(
            "intake",
            "SELECT count(*) AS n FROM outbox WHERE key = ANY($1::text[]) AND sent_at IS NOT NULL",
            report_ids,
        ),
        lambda rows: rows[0]["n"] >= 20,
    )
    stack.start("casework-worker", {"HEAOLU_FAULT": "consumer_crash_before_offset_commit"})
    assert await asyncio.to_thread(stack.wait_exit, "casework-worker", 90) == FAULT_EXIT_CODE
    applied = await _assessment_count(report_ids)
    assert applied >= 1, "the crash came after a batch was committed"

    stack.start("casework-worker")
    await eventually(lambda: _assessment_count(report_ids), lambda n: n == 20, timeout=90)
    ids = [await _event_id(report_id) for report_id in report_ids]

    async def redelivered() -> list[str]:
        return [
            event_id
            for event_id in ids
            if await asyncio.to_thread(
                _log_mentions, stack, "casework-worker", "duplicate event skipped", event_id
            )
        ]

    # The whole first poll may have been committed before the crash: then every report is
    # applied already and only the restarted consumer's log shows the redelivery.
    skipped = await eventually(redelivered, lambda found: len(found) >= applied, timeout=90)
    assert len(skipped) >= applied, "every committed effect was redelivered and skipped"
    rows = await fetch(
        "casework",
        "SELECT report_id, count(*) AS n FROM preliminary_assessment"
        " WHERE report_id = ANY($1::uuid[]) GROUP BY report_id",
        report_ids,
    )
    assert len(rows) == 20 and all(row["n"] == 1 for row in rows)


async def test_broker_outage_during_500_reports_loses_nothing(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    token = tokens("teacher.rakvere")
    report_ids: list[str] = []
    statuses: list[int] = []

    async def create(n: int) -> None:
        for _ in range(n):
            response = await gateway.post(
                "/api/intake/v1/reports", json=sample_report(), headers=bearer(token)
            )
            statuses.append(response.status_code)
            if response.status_code == 201:
                report_ids.append(response.json()["report_id"])
            await asyncio.sleep(0.15)

    def outage() -> None:
        kafka = ["bash", str(ROOT / "deploy/local/kafka.sh")]
        subprocess.run([*kafka, "down"], check=True)
        subprocess.run(["sleep", "10"], check=True)
        subprocess.run([*kafka, "up"], check=True)

    async def broker_outage_after(delay: float) -> None:
        await asyncio.sleep(delay)
        await asyncio.to_thread(outage)

    await asyncio.gather(*(create(100) for _ in range(5)), broker_outage_after(3.0))

    assert statuses.count(201) == 500, "intake accepts reports while the broker is down"
    await eventually(
        lambda: _assessment_count(report_ids), lambda n: n == 500, timeout=240, interval=1
    )


async def test_poison_messages_go_to_the_dead_letter_topic_and_later_events_still_flow(
    stack: Stack, gateway: httpx.AsyncClient, tokens: Tokens
) -> None:
    not_json_key = f"poison-{uuid.uuid4()}"
    bad_payload_key = f"poison-{uuid.uuid4()}"
    invalid_event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "/heaolu/intake",
        "type": "ee.heaolu.intake.report.received.v1",
        "subject": bad_payload_key,
        "datacontenttype": "application/json",
        "dataschema": "https://heaolu.ee/schemas/events/ee.heaolu.intake.report.received.v1.json",
        "time": "2026-11-23T10:00:00Z",
        "data": {"report_id": "not-a-uuid", "municipality": "0663"},
    }
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all")
    await producer.start()
    try:
        # Into every partition, so that whichever partition the next report lands in, its
        # event comes after a poison message there.
        partitions = sorted(await producer.partitions_for("heaolu.intake.v1"))
        for partition in partitions:
            await producer.send_and_wait(
                "heaolu.intake.v1", b"\xff{not json", key=not_json_key.encode(), partition=partition
            )
            await producer.send_and_wait(
                "heaolu.intake.v1",
                json.dumps(invalid_event).encode(),
                key=bad_payload_key.encode(),
                partition=partition,
            )
    finally:
        await producer.stop()

    report_id = await _create_report(gateway, tokens)
    await eventually(lambda: _assessment_count([report_id]), lambda n: n == 1)

    for key, expected_error in (
        (not_json_key, "not JSON"),
        (bad_payload_key, "report_id"),
    ):
        dead = await eventually(
            lambda k=key: read_topic("heaolu.casework.dlt", k),
            lambda d: len(d) >= len(partitions),
            timeout=30,
        )
        assert len(dead) == len(partitions)
        headers = {k: v.decode() for k, v in dead[0].headers}
        assert headers["dlt-consumer"] == "casework.reports"
        assert expected_error in headers["dlt-error"]
        assert headers["dlt-original-topic"] == "heaolu.intake.v1"
