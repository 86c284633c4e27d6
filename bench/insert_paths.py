"""CPU of one new row written through SQLAlchemy, against a raw insert, in the same run.

The row is intake's report, inserted into a throwaway migrated intake database, one transaction
per row, on one connection:

- ``raw``: asyncpg ``INSERT`` of a small row + ``COMMIT`` (the baseline of ``make bench``);
- ``unit of work``: ``session.add(report)`` and the commit's flush (SQLAlchemy's ORM);
- ``insert_new``: :func:`heaolu_shared.statements.insert_new`, one compiled-once Core ``INSERT``;
- the raw insert's own row through a session: what SQLAlchemy's session and transaction cost
  around one statement;
- the report with two outbox rows (its audit record and its event), as a request writes them:
  held in a block and sent at its end inside the transaction (``BEGIN``, the report, the outbox
  rows in one ``executemany``, ``COMMIT``), against held until the commit, when they go as one
  autocommit statement (ADR 0029).

CPU is the client's process time plus the server backend's (from ``/proc``), per row. The paths
run in alternating rounds so that a noisy neighbour hits them alike; the figures are printed,
never asserted. ``make bench-inserts``.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import cpu
import sqlalchemy as sa

import heaolu_intake
from heaolu_intake.common.models import Report
from heaolu_shared.db import asyncpg_dsn
from heaolu_shared.messaging import outbox
from heaolu_shared.statements import deferred_writes, insert_new, plain_insert, write
from heaolu_shared.testing import migrated_database


def _report() -> Report:
    return Report(
        id=uuid.uuid4(),
        receipt_number=uuid.uuid4().hex[:16],
        municipality="0663",
        routing_basis="location",
        need_level="in_need",
        urgent=False,
        channel="web",
        concern_category="other",
        concern="synthetic",
        observed_on=None,
        child_personal_code=None,
        child_name=None,
        child_birth_date=None,
        child_description="synthetic child",
        child_pseudonym=None,
        location_municipality="0663",
        location_text=None,
        involved=[],
        status="received",
        linked_to=None,
        created_by="bench",
        entered_by=None,
        received_at=datetime.now(UTC),
    )


def _outbox_row() -> dict[str, object]:
    return {
        "event_id": uuid.uuid4(),
        "topic": "heaolu.intake.v1",
        "key": str(uuid.uuid4()),
        "event_type": "ee.heaolu.bench.v1",
        "payload": {"data": {"concern_category": "other", "municipality": "0663"}},
        "headers": {},
    }


async def _measure(
    rows: int, backend: int, operation: Callable[[], Awaitable[None]]
) -> tuple[float, float]:
    client, server = time.process_time(), cpu.process_seconds(backend)
    for _ in range(rows):
        await operation()
    return (time.process_time() - client) / rows, (cpu.process_seconds(backend) - server) / rows


async def main(rows: int, rounds: int) -> None:
    migrations = Path(heaolu_intake.__file__).parent / "migrations"
    async with migrated_database("intake", migrations) as db:
        # Used one transaction at a time, the pool holds one connection: one server backend.
        url = db.engine.url.render_as_string(hide_password=False)
        raw = await asyncpg.connect(asyncpg_dsn(url))
        await raw.execute("CREATE TABLE bench_raw_insert (id uuid PRIMARY KEY, body jsonb)")

        async def raw_insert() -> None:
            async with raw.transaction():
                await raw.execute(
                    "INSERT INTO bench_raw_insert (id, body) VALUES ($1, $2::jsonb)",
                    uuid.uuid4(),
                    '{"concern": "x"}',
                )

        async def unit_of_work() -> None:
            async with db.transaction() as session:
                session.add(_report())

        async def core_insert() -> None:
            async with db.transaction() as session:
                await insert_new(session, _report())

        same_row = sa.text(
            "INSERT INTO bench_raw_insert (id, body) VALUES (:id, CAST(:body AS jsonb))"
        )

        async def session_raw_row() -> None:
            async with db.transaction() as session:
                await session.execute(same_row, {"id": uuid.uuid4(), "body": '{"concern": "x"}'})

        async def report_with_events(until_commit: bool) -> None:
            async with (
                db.transaction() as session,
                deferred_writes(session, until_commit=until_commit),
            ):
                await insert_new(session, _report())
                await write(session, plain_insert(outbox), _outbox_row())
                await write(session, plain_insert(outbox), _outbox_row())

        async def in_transaction() -> None:
            await report_with_events(until_commit=False)

        async def one_statement() -> None:
            await report_with_events(until_commit=True)

        async with db.transaction() as session:
            pool_backend = (await session.execute(sa.select(sa.func.pg_backend_pid()))).scalar_one()
        raw_backend = int(await raw.fetchval("SELECT pg_backend_pid()"))
        paths: dict[str, tuple[int, Callable[[], Awaitable[None]]]] = {
            "raw INSERT + COMMIT": (raw_backend, raw_insert),
            "unit of work (add, flush)": (pool_backend, unit_of_work),
            "insert_new (Core INSERT)": (pool_backend, core_insert),
            "the raw row through a session": (pool_backend, session_raw_row),
            "report + 2 outbox, transaction": (pool_backend, in_transaction),
            "report + 2 outbox, one statement": (pool_backend, one_statement),
        }
        for _, (backend, operation) in paths.items():
            await _measure(rows // 10, backend, operation)  # warm-up: statements compiled
        totals = {name: [0.0, 0.0] for name in paths}
        for _ in range(rounds):
            for name, (backend, operation) in paths.items():
                client, server = await _measure(rows, backend, operation)
                totals[name][0] += client / rounds
                totals[name][1] += server / rounds
        await raw.close()

    baseline = sum(totals["raw INSERT + COMMIT"])
    print(f"\nOne new report row, {rounds} rounds of {rows} rows each, CPU per row")
    for name, (client, server) in totals.items():
        total = client + server
        print(
            f"  {name:32s} client {1000 * client:6.3f} ms  server {1000 * server:6.3f} ms"
            f"  total {1000 * total:6.3f} ms  = {total / baseline:4.2f} raw inserts"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.rounds))
