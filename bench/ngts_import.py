"""The import of a round's NGTS list: rows per second next to a raw COPY baseline.

A throwaway database of its own (``bench/system.py``'s ``service_database``, owned by NGTS's role
and dropped afterwards) gets NGTS's migrations. For each size, a participation is
recorded and its synthetic list (6 % of rows failing a condition) imported through NGTS's
service layer in one committed transaction, as the operator command and the API do it: every
row checked (personal code, age on the query date, residence, the regulation's conditions,
duplicates), pseudonymised, COPYed, the counts, the event and the audit record written. The
baseline, in the same run, COPYs the same number of ready-made youth rows with raw asyncpg.
The synthetic register's own cost (inventing the rows) is printed separately.

Printed: median of 3 runs per size; times are never asserted.

    make bench-ngts                                # 5 000 and 50 000 rows
    make bench-ngts BENCH_ARGS="--sizes 5000"
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import time
import uuid
from datetime import UTC, date, datetime

import asyncpg
from system import service_database

from heaolu_ngts.youths.repository import COPY_COLUMNS
from heaolu_shared.db import asyncpg_dsn

QUERY_DATE = date(2026, 10, 15)
FAILING_SHARE = 0.06
RUNS = 3


async def new_participation(conn: asyncpg.Connection, municipality: str) -> uuid.UUID:
    participation_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO participation (id, municipality, query_date, applied_at, applied_by,"
        " list_due_on, status, stored, refused, version)"
        " VALUES ($1, $2, $3, $4, 'bench', $3, 'applied', 0, '{}', 1)",
        participation_id,
        municipality,
        QUERY_DATE,
        datetime(2026, 9, 20, tzinfo=UTC),
    )
    return participation_id


async def heaolu_import(url: str, size: int, municipality: str) -> tuple[float, int]:
    from heaolu_ngts.youths import service
    from heaolu_ngts.youths.register import SyntheticYouthRegister
    from heaolu_shared.auth import Principal
    from heaolu_shared.calendar import default_calendar
    from heaolu_shared.db import Database

    conn = await asyncpg.connect(asyncpg_dsn(url))
    participation_id = await new_participation(conn, municipality)
    await conn.close()
    database = Database(url, pool_size=1)
    try:
        started = time.perf_counter()
        async with database.transaction() as session:
            participation = await service.load_participation(
                session, participation_id, for_update=True
            )
            stored, _ = await service.import_list(
                session,
                participation=participation,
                register=SyntheticYouthRegister(size, FAILING_SHARE),
                actor=Principal(subject="bench", roles=frozenset({"service"})),
                pseudonym_key="bench-key",
                retention_days=214,
                now=datetime(2026, 10, 22, 9, tzinfo=UTC),
                calendar=default_calendar(),
            )
        return time.perf_counter() - started, stored
    finally:
        await database.dispose()


async def register_only(size: int, municipality: str) -> float:
    from heaolu_ngts.youths.register import SyntheticYouthRegister

    started = time.perf_counter()
    async for _ in SyntheticYouthRegister(size, FAILING_SHARE).query(municipality, QUERY_DATE):
        pass
    return time.perf_counter() - started


async def raw_copy(url: str, size: int, municipality: str) -> float:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        participation_id = await new_participation(conn, municipality)
        records = [
            (
                uuid.uuid4(),
                participation_id,
                municipality,
                f"5{n:010d}",
                f"{n:032x}",
                "Eesnimi",
                "Perenimi",
                "x@example.invalid",
                "+37250000000",
                None,
                "põhiharidus",
                None,
                "listed",
                1,
            )
            for n in range(size)
        ]
        started = time.perf_counter()
        async with conn.transaction():
            await conn.copy_records_to_table(
                "youth",
                records=records,
                columns=COPY_COLUMNS,
            )
        return time.perf_counter() - started
    finally:
        await conn.close()


async def main(sizes: list[int]) -> None:
    async with service_database("ngts", "ngts_import") as url:
        await compare(url, sizes)


async def compare(url: str, sizes: list[int]) -> None:
    codes = itertools.count(1)
    print(f"{'rows':>7} | {'Heaolu import':>26} | {'raw asyncpg COPY':>18} | ratio | register only")
    for size in sizes:
        heaolu, baseline, invented = [], [], []
        stored = 0
        for _ in range(RUNS):
            municipality = f"{next(codes):04d}"
            seconds, stored = await heaolu_import(url, size, municipality)
            heaolu.append(seconds)
            baseline.append(await raw_copy(url, stored, f"{next(codes):04d}"))
            invented.append(await register_only(size, municipality))
        h, b, g = (
            statistics.median(heaolu),
            statistics.median(baseline),
            statistics.median(invented),
        )
        print(
            f"{size:>7} | {size / h:>8.0f} rows/s ({h:.2f} s) | "
            f"{stored / b:>8.0f} rows/s ({b:.2f} s) | {(size / h) / (stored / b):.3f}x | "
            f"{g:.2f} s ({stored} stored)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 50000])
    asyncio.run(main(parser.parse_args().sizes))
