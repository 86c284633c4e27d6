"""What the processed-event window costs: the inbox's insert with and without the time index, and
the purge of the events beyond the window.

A throwaway database holds two tables of ``processed_event``'s shape, each filled with the same
synthetic rows spread over ``--days`` days (a consumer's whole window, and more); one has the
index on ``processed_at`` that the purge uses (ADR 0032), the other not. Batches of 200 new
events go into each with the inbox's own statement (``RECORD_PROCESSED_BATCH``), in alternating
rounds so that a noisy neighbour hits both alike. Printed: the CPU per event (this client and the
server backend, from ``/proc``) of each table and their ratio; then the purge of the rows beyond
the window (``InboxConsumer.forget_processed``'s statement, chunk by chunk) on the indexed
table: rows deleted, CPU and time per 10 000, and the plan of one chunk. Nothing is asserted.

``make bench-processed`` (PostgreSQL only; no stack).
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import cpu

from heaolu_shared.inbox import FORGET_CHUNK, FORGET_PROCESSED, RECORD_PROCESSED_BATCH
from heaolu_shared.testing import throwaway_database

TABLES = ("processed_plain", "processed_indexed")
BATCH = 200
ROUNDS = 4
CONSUMER = "bench.consumer"


def _sql(statement: str, table: str) -> str:
    """A statement of the inbox, aimed at ``table``, with asyncpg's numbered parameters."""
    text = statement.replace("processed_event", table)
    for number, name in enumerate(("consumer", "event_ids", "topics", "partitions", "offsets"), 1):
        text = text.replace(f":{name}", f"${number}")
    return text


def _forget_sql(table: str) -> str:
    text = str(FORGET_PROCESSED).replace("processed_event", table)
    for number, name in enumerate(("before", "consumer", "chunk"), 1):
        text = text.replace(f":{name}", f"${number}")
    return text


async def _fill(conn: asyncpg.Connection, table: str, rows: int, days: int, now: datetime) -> None:
    await conn.execute(
        f"""
        CREATE TABLE {table} (
            consumer text NOT NULL, event_id uuid NOT NULL, topic text NOT NULL,
            partition integer NOT NULL, "offset" bigint NOT NULL,
            processed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id))
        """
    )
    # In time order, as a consumer writes them.
    await conn.execute(
        f"""
        INSERT INTO {table} (consumer, event_id, topic, partition, "offset", processed_at)
        SELECT $1, gen_random_uuid(), 'heaolu.audit.v1', 0, i,
               $2::timestamptz - make_interval(secs => ($3::float8 * ($4 - i)) / $4)
        FROM generate_series(1, $4) AS i
        """,
        CONSUMER,
        now,
        days * 86400.0,
        rows,
    )


async def _insert_round(conn: asyncpg.Connection, sql: str, batches: int) -> float:
    """CPU seconds (client and backend) of ``batches`` inbox inserts of :data:`BATCH` events."""
    backend = int(await conn.fetchval("SELECT pg_backend_pid()"))
    client, server = time.process_time(), cpu.process_seconds(backend)
    for _ in range(batches):
        ids = [uuid.uuid4() for _ in range(BATCH)]
        async with conn.transaction():
            await conn.fetch(
                sql, CONSUMER, ids, ["heaolu.audit.v1"] * BATCH, [0] * BATCH, list(range(BATCH))
            )
    return time.process_time() - client + cpu.process_seconds(backend) - server


async def bench(rows: int, days: int, window_days: int, batches: int) -> None:
    async with throwaway_database("bench_processed") as dsn:
        conn = await asyncpg.connect(dsn)
        try:
            await _measure(conn, rows, days, window_days, batches)
        finally:
            await conn.close()


async def _measure(
    conn: asyncpg.Connection, rows: int, days: int, window_days: int, batches: int
) -> None:
    now = datetime.now(UTC)
    started = time.perf_counter()
    for table in TABLES:
        await _fill(conn, table, rows, days, now)
    await conn.execute(f"CREATE INDEX ON {TABLES[1]} (processed_at)")
    await conn.execute("VACUUM ANALYZE")
    print(
        f"\nprocessed events: {rows} rows over {days} days in each table"
        f" (filled in {time.perf_counter() - started:.0f} s)"
    )
    spent = dict.fromkeys(TABLES, 0.0)
    statements = {table: _sql(str(RECORD_PROCESSED_BATCH), table) for table in TABLES}
    for table in TABLES:  # warm-up
        await _insert_round(conn, statements[table], 5)
    for _ in range(ROUNDS):
        for table in TABLES:
            spent[table] += await _insert_round(conn, statements[table], batches // ROUNDS)
    events = (batches // ROUNDS) * ROUNDS * BATCH
    per_event = {table: seconds * 1e6 / events for table, seconds in spent.items()}
    print(f"  inbox insert, batches of {BATCH}, {events} events per table:")
    print(f"    without the time index {per_event[TABLES[0]]:7.1f} us CPU per event")
    print(f"    with the time index    {per_event[TABLES[1]]:7.1f} us CPU per event")
    print(f"    ratio with/without: {per_event[TABLES[1]] / per_event[TABLES[0]]:.3f}x")

    before = now - timedelta(days=window_days)
    forget = _forget_sql(TABLES[1])
    plan = await conn.fetch("EXPLAIN " + forget, before, CONSUMER, FORGET_CHUNK)
    backend = int(await conn.fetchval("SELECT pg_backend_pid()"))
    client, server, wall = time.process_time(), cpu.process_seconds(backend), time.time()
    deleted = 0
    while True:
        async with conn.transaction():
            status = await conn.execute(forget, before, CONSUMER, FORGET_CHUNK)
        done = int(status.split()[-1])
        deleted += done
        if done < FORGET_CHUNK:
            break
    cpu_s = time.process_time() - client + cpu.process_seconds(backend) - server
    left = int(await conn.fetchval(f"SELECT count(*) FROM {TABLES[1]}"))
    print(
        f"  purge beyond {window_days} days, chunks of {FORGET_CHUNK}: {deleted} rows deleted,"
        f" {left} kept; {cpu_s * 1000 / max(deleted, 1) * 10_000:.0f} ms CPU and"
        f" {(time.time() - wall) * 1000 / max(deleted, 1) * 10_000:.0f} ms per 10 000 rows"
    )
    print("  plan of one chunk:")
    for line in plan:
        print(f"    {line[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=45)
    parser.add_argument("--window-days", type=int, default=37)
    parser.add_argument("--batches", type=int, default=400)
    args = parser.parse_args()
    asyncio.run(bench(args.rows, args.days, args.window_days, args.batches))


if __name__ == "__main__":
    main()
