"""The worklist queries at two database sizes: 10 000 and 1 000 000 cases.

A throwaway database of its own per size (``bench/system.py``'s ``service_database``, owned by
casework's role and dropped afterwards) gets casework's migrations and synthetic rows made by
``generate_series`` (no personal data: numbered placeholders). The load per worker is what the
domain handbook describes (about 50 children per child-protection worker), so a database 100
times larger has 100 times more workers, not 100 times fuller worklists. Each query runs through
casework's service layer as the API calls it (access context, the query, the per-row access
decision, the audit record) in a transaction that is rolled back, so the database does not grow
while measuring.

Printed: p50/p99 per query and size, and the ratio 1M / 10k, which is what to compare between
runs. Times are never asserted.

    make bench-casework            # both sizes (the 1M load takes a few minutes)
    make bench-casework BENCH_ARGS="--sizes 10000 100000"
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from collections.abc import Awaitable, Callable

import asyncpg
from system import service_database

from heaolu_shared.db import asyncpg_dsn
from heaolu_shared.roles import Role

CASES_PER_WORKER = 50
MUNICIPALITIES = 79


GENERATE = """
INSERT INTO person (id, municipality, given_name, family_name, code_pseudonym, version, created_at)
SELECT md5('p' || g)::uuid, lpad(((g % $2) % $3 + 1)::text, 4, '0'), 'Laps', 'Nr' || g,
       md5('c' || g), 1, now()
FROM generate_series($1::bigint, $4::bigint) g;

INSERT INTO case_file (id, number, municipality, kind, status, child_id, subject_pseudonym,
                       assignee, origin, opened_at, opened_by, version)
SELECT md5('k' || g)::uuid, 'B-' || g, lpad(((g % $2) % $3 + 1)::text, 4, '0'),
       'child_protection', CASE WHEN g % 5 = 0 THEN 'closed' ELSE 'open' END,
       md5('p' || g)::uuid, md5('c' || g), 'worker-' || (g % $2), 'direct',
       now() - (g % 1500) * interval '1 day' - (g % 86400) * interval '1 second', 'bench', 1
FROM generate_series($1::bigint, $4::bigint) g;

INSERT INTO deadline (id, municipality, kind, legal_basis, record_type, record_id, case_id,
                      subject_pseudonym, assignee, due_at, warn_at, status)
SELECT md5('d' || g || s)::uuid, lpad(((g % $2) % $3 + 1)::text, 4, '0'),
       CASE s WHEN 0 THEN 'case_plan_review' ELSE 'action_evaluation' END, 'bench',
       'case_plan', md5('k' || g)::uuid, md5('k' || g)::uuid, md5('c' || g), 'worker-' || (g % $2),
       now() + ((g + s * 7) % 120 - 20) * interval '1 day',
       now() + ((g + s * 7) % 120 - 27) * interval '1 day',
       CASE WHEN s = 1 AND g % 3 = 0 THEN 'met' ELSE 'open' END
FROM generate_series($1::bigint, $4::bigint) g, generate_series(0, 1) s;
"""


async def fill(url: str, size: int) -> float:
    """Rows for ``size`` cases in the database at ``url`` (in chunks, so memory stays flat);
    seconds taken."""
    started = time.perf_counter()
    workers = max(1, size // CASES_PER_WORKER)
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        chunk = 100_000
        for first in range(1, size + 1, chunk):
            last = min(size, first + chunk - 1)
            async with conn.transaction():
                for statement in filter(str.strip, GENERATE.split(";\n")):
                    await conn.execute(statement, first, workers, MUNICIPALITIES, last)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return time.perf_counter() - started


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def measure(url: str, size: int, iterations: int) -> dict[str, tuple[float, float]]:
    os.environ["HEAOLU_DATABASE_URL"] = url
    from sqlalchemy.ext.asyncio import AsyncSession

    from heaolu_casework.cases import lists
    from heaolu_casework.common import clocks
    from heaolu_casework.common.access import visible_assignees
    from heaolu_shared.auth import Principal
    from heaolu_shared.db import Database

    database = Database(url, pool_size=2, application_name="bench")
    workers = max(1, size // CASES_PER_WORKER)
    rng = random.Random(7)

    def worker() -> Principal:
        w = rng.randrange(workers)
        return Principal(
            subject=f"worker-{w}",
            username=f"worker-{w}",
            roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
            municipality=f"{w % MUNICIPALITIES + 1:04d}",
        )

    def head() -> Principal:
        return Principal(
            subject="head",
            username="head",
            roles=frozenset({Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER}),
            municipality=f"{rng.randrange(MUNICIPALITIES) + 1:04d}",
        )

    async def my_deadlines() -> int:
        principal = worker()
        async with database.engine.connect() as conn, AsyncSession(bind=conn) as session:
            rows, _ = await clocks.open_deadlines(
                session,
                municipality=principal.municipality,
                assignees=await visible_assignees(session, principal),
                limit=50,
            )
            await session.rollback()
            return len(rows)

    async def case_list(principal_of: Callable[[], Principal]) -> int:
        principal = principal_of()
        async with database.engine.connect() as conn, AsyncSession(bind=conn) as session:
            rows, _ = await lists.list_cases(
                session, principal, status="open", mine=False, cursor=None, limit=50
            )
            await session.rollback()
            return len(rows)

    queries: dict[str, Callable[[], Awaitable[int]]] = {
        "my deadlines (worker)": my_deadlines,
        "my cases (worker)": lambda: case_list(worker),
        "case list (department head)": lambda: case_list(head),
    }
    results: dict[str, tuple[float, float]] = {}
    try:
        for name, query in queries.items():
            for _ in range(20):  # warm the pool, the plans and the cache
                await query()
            samples, returned = [], 0
            for _ in range(iterations):
                started = time.perf_counter()
                returned += await query()
                samples.append(time.perf_counter() - started)
            results[name] = (pct(samples, 0.5) * 1000, pct(samples, 0.99) * 1000)
            print(
                f"  {name:<30} p50 {results[name][0]:7.2f} ms   p99 {results[name][1]:7.2f} ms"
                f"   ({returned / iterations:.0f} rows per call)"
            )
    finally:
        await database.dispose()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(10_000, 1_000_000))
    parser.add_argument("--iterations", type=int, default=300)
    args = parser.parse_args()
    figures: dict[int, dict[str, tuple[float, float]]] = {}
    for size in args.sizes:
        async with service_database("casework", "casework_lists") as url:
            seconds = await fill(url, size)
            print(f"\n{size:,} cases ({2 * size:,} deadlines), generated in {seconds:.0f} s")
            figures[size] = await measure(url, size, args.iterations)
    small, large = args.sizes
    scale = f"{large / small:g}x"
    print(f"\nratio {large:,} / {small:,} cases (p50; 1.0 = no slower with {scale} the data)")
    for name in figures[small]:
        print(f"  {name:<30} {figures[large][name][0] / figures[small][name][0]:5.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
