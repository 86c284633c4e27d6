"""CPU per audit record appended to the hash chain: one per transaction vs batches.

A throwaway audit database (migrations applied) takes the same synthetic access records three
ways: one record per transaction (what the consumer does for a lone message), and batches of
10 and of 50 per transaction (what one poll of the consumer brings under load). Printed per way:
the client's and PostgreSQL's CPU milliseconds per record, beside a raw asyncpg single-row
``INSERT`` + ``COMMIT`` of a row of the same width measured in the same run. Nothing is asserted.

``make bench-audit`` (PostgreSQL only; no stack, no lock needed).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import cpu
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_audit
from heaolu_audit import service
from heaolu_shared.contracts.audit import AccessRecordedV1
from heaolu_shared.db import Database, asyncpg_dsn
from heaolu_shared.roles import Role
from heaolu_shared.testing import migrated_database

MIGRATIONS = Path(heaolu_audit.__file__).parent / "migrations"


def _access(i: int) -> AccessRecordedV1:
    return AccessRecordedV1(
        service="casework",
        actor_subject=f"worker-{i % 20}",
        actor_role=Role.CHILD_PROTECTION_WORKER,
        actor_institution="0663",
        subject_pseudonym=uuid.uuid4().hex,
        record_type="case",
        record_id=str(uuid.uuid4()),
        action="read",
        purpose="bench",
        occurred_at=datetime.now(UTC),
    )


async def _append(session: AsyncSession, batch: list[tuple[uuid.UUID, AccessRecordedV1]]) -> None:
    if len(batch) > 1 and hasattr(service, "append_batch"):
        await service.append_batch(session, batch, 1_000_000)
        return
    for event_id, access in batch:
        await service.append(session, event_id, access, 1_000_000)


async def _measure(
    name: str, total: int, run: Callable[[], Awaitable[None]]
) -> tuple[float, float]:
    client = time.process_time()
    server = cpu.postgres_seconds()
    await run()
    client_ms = (time.process_time() - client) * 1000 / total
    server_ms = (cpu.postgres_seconds() - server) * 1000 / total
    print(f"  {name:<40} client {client_ms:6.3f}  PostgreSQL {server_ms:6.3f}  ms CPU per record")
    return client_ms, server_ms


async def bench(total: int) -> None:
    import asyncpg

    async with migrated_database("audit", MIGRATIONS) as database:
        db: Database = database
        print(f"\naudit chain appends, {total} records per way")
        conn = await asyncpg.connect(
            asyncpg_dsn(db.engine.url.render_as_string(hide_password=False))
        )
        await conn.execute(
            "CREATE TABLE raw_insert (id uuid PRIMARY KEY, a text, b text, c text, d text,"
            " e text, f text, at timestamptz)"
        )

        async def raw() -> None:
            for _ in range(total):
                async with conn.transaction():
                    await conn.execute(
                        "INSERT INTO raw_insert VALUES ($1, $2, $3, $4, $5, $6, $7, now())",
                        uuid.uuid4(),
                        *(["x" * 32] * 6),
                    )

        raw_client, raw_server = await _measure("raw asyncpg INSERT + COMMIT", total, raw)
        await conn.close()
        baseline = raw_client + raw_server
        for event_id, access in [(uuid.uuid4(), _access(i)) for i in range(50)]:  # warm-up
            async with db.transaction() as session:
                await _append(session, [(event_id, access)])
        for size in (1, 10, 50):
            records = [(uuid.uuid4(), _access(i)) for i in range(total)]

            async def appends(
                size: int = size, records: list[tuple[uuid.UUID, AccessRecordedV1]] = records
            ) -> None:
                for start in range(0, total, size):
                    async with db.transaction() as session:
                        await _append(session, records[start : start + size])

            client_ms, server_ms = await _measure(f"chain, {size} per transaction", total, appends)
            print(f"  {'':<40} = {(client_ms + server_ms) / baseline:.1f} raw inserts per record")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(bench(args.records))


if __name__ == "__main__":
    main()
