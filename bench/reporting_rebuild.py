"""Reporting's rebuild rate against a raw aiokafka consume of the same topics, in the same run.

Synthetic flows (report received, preliminary assessment decided, case opened, deadline breached)
are produced to two throwaway topics shaped like intake's and casework's (6 partitions each).
Then, on the same broker and machine:

- baseline: a plain ``AIOKafkaConsumer`` reads both topics from the start to the end;
- rebuild: ``heaolu_reporting.rebuild.service.replay_topics`` reads the same topics into an empty,
  migrated reporting database: parse, validate, minimise (re-key pseudonyms), archive and apply
  each event, one transaction per fetched batch.

Needs PostgreSQL and Kafka only (``make bench-reporting``). The topics and the database are
removed afterwards. Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

import heaolu_reporting
from heaolu_reporting.facts import service as facts
from heaolu_reporting.rebuild.service import Counts, replay_topics
from heaolu_shared.contracts import casework as cw
from heaolu_shared.contracts import intake
from heaolu_shared.events import EventPayload, registry
from heaolu_shared.testing import migrated_database

KAFKA = "127.0.0.1:19092"
PARTITIONS = 6
MUNICIPALITIES = ("0663", "0321", "0897", "0919")
KEY = "bench-only-key"


def flow(i: int, start: datetime) -> list[tuple[str, EventPayload]]:
    report, assessment, case = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
    child = uuid.uuid4().hex
    received = start + timedelta(minutes=i)
    events: list[tuple[str, EventPayload]] = [
        (
            "intake",
            intake.ReportReceivedV1(
                report_id=report,
                municipality=municipality,
                received_at=received,
                need_level="in_need" if i % 3 else "in_danger",
                channel="school",
                child_pseudonym=child,
                age_band="7-11",
                concern_category="neglect",
            ),
        ),
        (
            "casework",
            cw.PreliminaryAssessmentDecidedV1(
                assessment_id=assessment,
                report_id=report,
                municipality=municipality,
                outcome="open_case",
                decided_at=received + timedelta(days=4),
                late=i % 7 == 0,
                case_id=case,
            ),
        ),
        (
            "casework",
            cw.CaseOpenedV1(
                case_id=case,
                municipality=municipality,
                kind="child_protection",
                opened_at=received + timedelta(days=4),
                subject_pseudonym=child,
                origin="preliminary_assessment",
                assignee=f"worker-{i % 50}",
            ),
        ),
    ]
    if i % 5 == 0:
        events.append(
            (
                "casework",
                cw.DeadlineBreachedV1(
                    deadline_id=uuid.uuid4(),
                    kind="preliminary_assessment",
                    legal_basis="LasteKS §28",
                    record_type="preliminary_assessment",
                    record_id=assessment,
                    municipality=municipality,
                    due_at=received + timedelta(days=10),
                ),
            )
        )
    return events


async def produce(topics: dict[str, str], flows: int) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, linger_ms=20, acks="all")
    await producer.start()
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    sent = 0
    try:
        batch = []
        for i in range(flows):
            for service, payload in flow(i, start):
                event = registry.envelope(payload, subject=str(uuid.uuid4()))
                batch.append(
                    await producer.send(
                        topics[service],
                        value=event.model_dump_json().encode(),
                        key=event.subject.encode() if event.subject else None,
                    )
                )
                sent += 1
            if len(batch) > 2000:
                await asyncio.gather(*batch)
                batch = []
        await asyncio.gather(*batch)
    finally:
        await producer.stop()
    return sent


async def raw_consume(topics: list[str]) -> tuple[int, float]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=KAFKA,
        enable_auto_commit=False,
        isolation_level="read_committed",
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    try:
        partitions = [TopicPartition(t, p) for t in topics for p in range(PARTITIONS)]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        remaining = {tp for tp in partitions if end[tp] > 0}
        started = time.perf_counter()
        read = 0
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000, max_records=500)
            for tp, records in batches.items():
                read += sum(1 for r in records if r.offset < end[tp])
                if records and records[-1].offset + 1 >= end[tp]:
                    remaining.discard(tp)
        return read, time.perf_counter() - started
    finally:
        await consumer.stop()


class Quiet:
    def total(self, n: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


async def main(flows: int) -> None:
    run = uuid.uuid4().hex[:8]
    topics = {"intake": f"bench.{run}.intake", "casework": f"bench.{run}.casework"}
    admin = AIOKafkaAdminClient(bootstrap_servers=KAFKA)
    await admin.start()
    await admin.create_topics(
        [NewTopic(t, num_partitions=PARTITIONS, replication_factor=1) for t in topics.values()]
    )
    try:
        produced = await produce(topics, flows)
        print(f"reporting rebuild: {flows} synthetic flows, {produced} events in 2 topics")
        read, raw_seconds = await raw_consume(list(topics.values()))
        print(
            f"  raw aiokafka consume   {read:7d} records {raw_seconds:7.2f} s "
            f"{read / raw_seconds:9.0f} records/s"
        )
        migrations = Path(heaolu_reporting.__file__).parent / "migrations"
        async with migrated_database("reporting_bench", migrations) as db:
            counts = Counts()
            started = time.perf_counter()
            await replay_topics(
                db,
                KAFKA,
                {t: PARTITIONS for t in topics.values()},
                frozenset(facts.APPLY),
                facts.record,
                KEY,
                Quiet(),
                counts,
            )
            seconds = time.perf_counter() - started
        print(
            f"  rebuild (replay_topics) {counts.consumed:7d} records {seconds:7.2f} s "
            f"{counts.consumed / seconds:9.0f} records/s  ({counts.added} applied)"
        )
        print(f"  ratio rebuild / raw: {(counts.consumed / seconds) / (read / raw_seconds):.3f}")
    finally:
        await admin.delete_topics(list(topics.values()))
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--flows", type=int, default=5000)
    asyncio.run(main(parser.parse_args().flows))
