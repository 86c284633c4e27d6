"""The import of a round's NGTS list: rows per second next to a raw COPY baseline.

A throwaway database ``ngts_bench`` gets NGTS's migrations. For each size, a participation is
recorded and its synthetic list (6 % of rows failing a condition) imported through NGTS's
service layer in one committed transaction, as the operator command and the API do it: every
row checked (personal code, age on the query date, residence, the regulation's conditions,
duplicates), pseudonymised, COPYed, the counts, the event and the audit record written. The
baseline, in the same run, COPYs the same number of ready-made youth rows with raw asyncpg.
The synthetic register's own cost (inventing the rows) is printed separately.

Printed: median of 3 runs per size; times are never asserted.

    python bench/ngts_import.py                 # 5 000 and 50 000 rows
    python bench/ngts_import.py --sizes 5000
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import subprocess
import sys
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import asyncpg

from heaolu_ngts.youths.repository import COPY_COLUMNS
from heaolu_shared.testing import drop_database

ROOT = Path(__file__).resolve().parents[1]
ADMIN_DSN = "postgresql://heaolu_admin:heaolu_admin_dev@127.0.0.1:5432/postgres"
BENCH_DB = "ngts_bench"
BENCH_DSN = f"postgresql://heaolu_ngts:heaolu_ngts_dev@127.0.0.1:5432/{BENCH_DB}"
SQLALCHEMY_DSN = BENCH_DSN.replace("postgresql://", "postgresql+asyncpg://")
QUERY_DATE = date(2026, 10, 15)
FAILING_SHARE = 0.06
RUNS = 3


async def recreate_database() -> None:
    admin = await asyncpg.connect(ADMIN_DSN)
    try:
        await drop_database(admin, BENCH_DB)
        await admin.execute(f"CREATE DATABASE {BENCH_DB} OWNER heaolu_ngts")
    finally:
        await admin.close()
    env = dict(os.environ, HEAOLU_DATABASE_URL=SQLALCHEMY_DSN)
    migrate = [sys.executable, "-m", "heaolu_ngts", "migrate"]
    await asyncio.to_thread(subprocess.run, migrate, check=True, cwd=ROOT, env=env)


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


async def heaolu_import(size: int, municipality: str) -> tuple[float, int]:
    from heaolu_ngts.youths import service
    from heaolu_ngts.youths.register import SyntheticYouthRegister
    from heaolu_shared.auth import Principal
    from heaolu_shared.calendar import default_calendar
    from heaolu_shared.db import Database

    conn = await asyncpg.connect(BENCH_DSN)
    participation_id = await new_participation(conn, municipality)
    await conn.close()
    database = Database(SQLALCHEMY_DSN, pool_size=1)
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


async def raw_copy(size: int, municipality: str) -> float:
    conn = await asyncpg.connect(BENCH_DSN)
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
    await recreate_database()
    codes = itertools.count(1)
    print(f"{'rows':>7} | {'Heaolu import':>26} | {'raw asyncpg COPY':>18} | ratio | register only")
    for size in sizes:
        heaolu, baseline, invented = [], [], []
        stored = 0
        for _ in range(RUNS):
            municipality = f"{next(codes):04d}"
            seconds, stored = await heaolu_import(size, municipality)
            heaolu.append(seconds)
            baseline.append(await raw_copy(stored, f"{next(codes):04d}"))
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
