"""Benchmarks of the spine, each against a baseline measured in the same run.

(a) report creation through the gateway vs a raw asyncpg single-row INSERT + COMMIT on the same
    PostgreSQL, at a fixed concurrency, alternated in rounds: throughput and p50/p99. A third
    side creates reports with the stack's relays and consumers stopped during its turns: the
    front path's own rate, when the work a report leaves runs on cores of its own.
(c) gateway overhead: the same authenticated read through the gateway vs straight to casework
    and vs a bare pass-through, alternated in rounds, and the gateway process's CPU per
    proxied read.
    In (a) and (c) every turn begins once the relays and consumers have finished what the turns
    before it left them (ADR 0034), and the ratio of each round is printed beside the ratio over
    all of them.
(b) report → casework propagation latency (POST returned → assessment row visible) vs a raw
    aiokafka produce → consume round trip on the same broker: p50/p99.
(d) CPU per created report, summed over every process of the stack (gateway, APIs, relays,
    consumers, PostgreSQL, Kafka) and per process, once the relays and consumers have finished
    the work, vs the CPU of a raw asyncpg INSERT + COMMIT (client and server) in the same run:
    four rounds of each, alternating, the raw inserts in a database of their own.
(e) a worklist page that shows 50 children's names, read straight from casework: the stack's
    CPU per read (the read, its 51 audit records through the outbox, Kafka and the audit
    service) in raw inserts, measured as (d) is. Runs last: its named reports would change the
    pages (c) reads.

Run with ``make bench``; it starts the whole system itself, on databases created empty for the
run and dropped after it (``system.py``). Times are never asserted anywhere: only the ratios
printed here are meant to be compared between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractContextManager, AsyncExitStack, asynccontextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import cpu
import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from system import KAFKA, BenchSystem, running_system

from heaolu_shared.testing import ADMIN_DSN, throwaway_database
from stack import Stack

GATEWAY = "http://127.0.0.1:8000"
BENCH = Path(__file__).resolve().parent
PASSTHROUGH_PORT = 8090
TOKEN_URL = "http://127.0.0.1:8180/realms/heaolu/protocol/openid-connect/token"
BODY = {
    "child": {"description": "Sünteetiline laps"},
    "location": {"municipality": "0663"},
    "need_level": "in_need",
    "channel": "school",
    "concern": {"category": "other", "text": "Sünteetiline mõõtmisteade."},
}


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def summary(name: str, latencies: list[float], elapsed: float) -> dict[str, float]:
    result = {
        "throughput": len(latencies) / elapsed,
        "p50_ms": pct(latencies, 0.50) * 1000,
        "p99_ms": pct(latencies, 0.99) * 1000,
    }
    print(
        f"  {name:<34} {result['throughput']:8.1f} op/s   p50 {result['p50_ms']:7.2f} ms"
        f"   p99 {result['p99_ms']:7.2f} ms"
    )
    return result


async def closed_loop(
    op: Callable[[], Awaitable[None]], total: int, concurrency: int
) -> tuple[list[float], float]:
    latencies: list[float] = []
    remaining = total

    async def client() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            await op()
            latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies, time.perf_counter() - started


def token(username: str = "teacher.rakvere") -> str:
    response = httpx.post(
        TOKEN_URL,
        data={
            "grant_type": "password",
            "client_id": "heaolu-dev",
            "username": username,
            "password": "demo",
        },
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


@asynccontextmanager
async def load_client(base_url: str, concurrency: int) -> AsyncIterator[aiohttp.ClientSession]:
    """The load generator's HTTP client: ``concurrency`` kept-alive connections to ``base_url``.

    aiohttp, not httpx: the load generator shares the two cores with the stack, and httpx's
    connection pool costs about 3.5 ms of CPU per request here (it polls every pooled socket
    for readability on each request), against 0.25 ms for aiohttp. With httpx the benchmark's
    own client used more CPU than any process of the stack, and throughput through the gateway
    was measured against a baseline whose client (asyncpg) is lean.
    """
    # Kept no longer than the servers keep them (uvicorn: 5 s), so that a connection left idle
    # while benchmark (c) measures its other paths is not reused just as the server closes it.
    connector = aiohttp.TCPConnector(limit=concurrency, keepalive_timeout=4)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=timeout) as client:
        yield client


async def post_json(
    client: aiohttp.ClientSession, path: str, body: object, headers: dict[str, str]
) -> dict[str, object]:
    """POST ``body`` and the parsed answer; an error status raises."""
    async with client.post(path, json=body, headers=headers) as response:
        response.raise_for_status()
        answer: dict[str, object] = await response.json()
        return answer


async def get_ok(client: aiohttp.ClientSession, path: str, headers: dict[str, str]) -> None:
    """GET ``path`` and read the whole answer; an error status raises."""
    async with client.get(path, headers=headers) as response:
        response.raise_for_status()
        await response.read()


@asynccontextmanager
async def report_creator(
    concurrency: int, body: dict[str, Any] = BODY
) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """An operation that creates one synthetic report (``body``) through the gateway, on a
    client with ``concurrency`` connections."""
    headers = {"Authorization": f"Bearer {token()}"}
    async with load_client(GATEWAY, concurrency) as client:

        async def create() -> None:
            await post_json(client, "/api/intake/v1/reports", body, headers)

        yield create


PAGE = 10
"""Benchmark (c) reads a worklist page of this many preliminary assessments."""


async def fill_page(system: BenchSystem, count: int) -> None:
    """``count`` more reports through the gateway, waited for until casework has assessed each:
    a worklist page to read even when no other benchmark ran before (the databases start
    empty)."""
    casework = await asyncpg.connect(system.dsn("casework"))
    try:
        wanted = count + int(await casework.fetchval("SELECT count(*) FROM preliminary_assessment"))
        async with report_creator(count) as create:
            await closed_loop(create, count, count)
        for _ in range(600):
            if await casework.fetchval("SELECT count(*) FROM preliminary_assessment") >= wanted:
                return
            await asyncio.sleep(0.05)
        raise RuntimeError("casework did not assess the reports within 30 s")
    finally:
        await casework.close()


@dataclass
class RawInserter:
    """The baseline: one asyncpg INSERT of a small row + COMMIT, on a pool of its own."""

    pool: asyncpg.Pool

    async def insert(self) -> None:
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO bench_raw_insert (id, body) VALUES ($1, $2::jsonb)",
                uuid.uuid4(),
                '{"concern": "x"}',
            )


@asynccontextmanager
async def raw_inserter(concurrency: int, dsn: str) -> AsyncIterator[RawInserter]:
    """The baseline's table and a pool of ``concurrency`` connections, dropped afterwards."""
    pool = await asyncpg.create_pool(dsn, min_size=concurrency, max_size=concurrency)
    await pool.execute(
        "CREATE TABLE IF NOT EXISTS bench_raw_insert (id uuid PRIMARY KEY, body jsonb NOT NULL)"
    )
    try:
        yield RawInserter(pool)
    finally:
        await pool.execute("DROP TABLE bench_raw_insert")
        await pool.close()


RAW = "raw asyncpg INSERT+COMMIT"
POST = "POST via gateway (intake+outbox)"
FRONT = "POST, relays and consumers stopped"
"""(a)'s sides. The third is the second with the stack's relays and consumers stopped during
its turns: how fast the front path (gateway, intake API, PostgreSQL) creates reports when the
work each report leaves them runs elsewhere, as on a deployment where they have cores of their
own. Their backlog is finished before the next turn begins."""


async def bench_creation(
    system: BenchSystem, total: int, concurrency: int, settle: Callable[[], Awaitable[None]]
) -> None:
    print(f"\n(a) report creation, {total} requests at concurrency {concurrency}")
    async with (
        report_creator(concurrency) as through_gateway,
        raw_inserter(concurrency, system.dsn("intake")) as raw,
    ):
        await closed_loop(through_gateway, 50, concurrency)  # warm-up
        await closed_loop(raw.insert, 50, concurrency)
        pids = stack_pids(system.stack)
        downstream = [pid for name, pid in pids.items() if name.endswith("-worker")]
        rounds = await alternate(
            {RAW: raw.insert, POST: through_gateway, FRONT: through_gateway},
            total,
            concurrency,
            # This process is the load's client on the same two cores: its CPU per request.
            pids=dict.fromkeys((RAW, POST, FRONT), os.getpid()),
            settle=settle,
            watch={**pids, "benchmark client": os.getpid()},
            around={FRONT: lambda: cpu.paused(downstream)},
        )
    base, ours, front = (summary(name, r.latencies, r.elapsed) for name, r in rounds.items())
    print(
        f"  ratio gateway/raw: throughput {ours['throughput'] / base['throughput']:.3f}x,"
        f" p50 {ours['p50_ms'] / base['p50_ms']:.1f}x, p99 {ours['p99_ms'] / base['p99_ms']:.1f}x"
    )
    raw_rounds, our_rounds, front_rounds = rounds.values()
    print(f"  throughput ratio, {turn_ratios(our_rounds, raw_rounds)}")
    alone = front["throughput"] / base["throughput"]
    print(
        "  the front path alone (the relays and consumers stopped during its turns, their"
        f" backlog finished before the next): throughput {alone:.3f}x raw,"
        f" {turn_ratios(front_rounds, raw_rounds)}"
    )
    client_ms = [r.cpu_seconds * 1000 / len(r.latencies) for r in (raw_rounds, our_rounds)]
    print(
        "  the benchmark's own client (same cores), CPU per request:"
        f" raw insert {client_ms[0]:.3f} ms, POST {client_ms[1]:.3f} ms"
    )
    print(
        f"  cores busy on the machine during the turns: raw {raw_rounds.cores():.2f},"
        f" POST {our_rounds.cores():.2f} of {os.cpu_count()}"
    )
    print(f"  busiest during the POST turns, in cores: {our_rounds.busiest()}")
    print(
        f"  the front path alone: machine {front_rounds.cores():.2f} cores busy;"
        f" busiest {front_rounds.busiest(4)}"
    )


async def bench_propagation(system: BenchSystem, samples: int) -> None:
    print(f"\n(b) propagation latency, {samples} sequential samples")
    topic = system.topic("heaolu.intake.v1")
    producer = AIOKafkaProducer(bootstrap_servers=KAFKA, acks="all", enable_idempotence=True)
    consumer = AIOKafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
    await producer.start()
    await consumer.start()
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    await consumer.seek_to_end(tp)
    raw: list[float] = []
    for _ in range(samples):
        key = uuid.uuid4().hex.encode()
        started = time.perf_counter()
        # An unparseable value on the real topic would be dead-lettered by casework; the probe
        # value is a CloudEvent of a type no consumer handles, so it is ignored.
        await producer.send_and_wait(topic, _probe_event(), key=key, partition=0)
        while True:
            batch = await consumer.getmany(tp, timeout_ms=1000)
            if any(r.key == key for r in batch.get(tp, [])):
                break
        raw.append(time.perf_counter() - started)
    await consumer.stop()
    await producer.stop()

    conn = await asyncpg.connect(system.dsn("casework"))
    ours: list[float] = []
    headers = {"Authorization": f"Bearer {token()}"}
    async with load_client(GATEWAY, 1) as client:
        for _ in range(samples):
            started = time.perf_counter()
            answer = await post_json(client, "/api/intake/v1/reports", BODY, headers)
            report_id = uuid.UUID(str(answer["report_id"]))
            while not await conn.fetchval(
                "SELECT 1 FROM preliminary_assessment WHERE report_id = $1", report_id
            ):
                await asyncio.sleep(0.002)
            ours.append(time.perf_counter() - started)
    await conn.close()
    base = summary("raw aiokafka produce→consume", raw, sum(raw))
    mine = summary("POST → assessment visible", ours, sum(ours))
    print(
        f"  ratio heaolu/raw: p50 {mine['p50_ms'] / base['p50_ms']:.1f}x,"
        f" p99 {mine['p99_ms'] / base['p99_ms']:.1f}x"
    )


def _probe_event() -> bytes:
    import json

    return json.dumps(
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": "/heaolu/bench",
            "type": "ee.heaolu.intake.bench.probe.v1",
            "time": "2026-01-01T00:00:00Z",
            "datacontenttype": "application/json",
            "dataschema": "urn:bench",
            "data": {},
        }
    ).encode()


ROUNDS = 4
"""Benchmarks (a) and (c) alternate what they compare in this many rounds: a slow spell of the
machine then falls on every side, not on whichever ran during it."""


@dataclass
class Rounds:
    """One side's requests over every round: latencies, seconds taken, CPU of its process."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    cpu_seconds: float = 0.0
    turns: list[float] = field(default_factory=list)
    """Seconds each turn took (every turn makes the same number of calls)."""
    busy: float = 0.0
    """Core-seconds the whole machine was busy during the turns."""
    machine: float = 0.0
    """Core-seconds that passed during the turns (seconds times cores)."""
    watched: collections.Counter[str] = field(default_factory=collections.Counter)
    """CPU seconds of each watched process during the turns."""

    def cores(self) -> float:
        """How many of the machine's cores were busy, on average, during the turns."""
        return (os.cpu_count() or 1) * self.busy / self.machine if self.machine else 0.0

    def busiest(self, top: int = 6) -> str:
        """The watched processes using the most CPU during the turns, in cores."""
        ranked = self.watched.most_common(top)
        return ", ".join(f"{name} {seconds / self.elapsed:.2f}" for name, seconds in ranked)


def turn_ratios(ours: Rounds, base: Rounds) -> str:
    """The throughput ratio ours/base of each round on its own: how far the machine's spells
    move the ratio within one run (printed beside the ratio over all rounds)."""
    ratios = [b / o for o, b in zip(ours.turns, base.turns, strict=True)]
    return f"each round {' '.join(f'{r:.3f}' for r in ratios)}"


def stack_pids(stack: Stack) -> dict[str, int]:
    """The pid of every running process of the stack, by name."""
    return {name: p.popen.pid for name, p in stack.procs.items() if p.popen is not None}


async def workers_settled(stack: Stack) -> Callable[[], Awaitable[None]]:
    """A wait until the stack's relays and consumers have finished what earlier requests gave
    them (their idling measured first, with no load: call it before any)."""
    workers = {name: pid for name, pid in stack_pids(stack).items() if name.endswith("-worker")}
    idle = await asyncio.to_thread(cpu.idle_rates, workers)

    async def settle() -> None:
        await asyncio.to_thread(cpu.settle, workers, idle=idle)

    return settle


async def alternate(
    ops: Mapping[str, Callable[[], Awaitable[None]]],
    total: int,
    concurrency: int,
    pids: Mapping[str, int] | None = None,
    settle: Callable[[], Awaitable[None]] | None = None,
    watch: Mapping[str, int] | None = None,
    around: Mapping[str, Callable[[], AbstractContextManager[None]]] | None = None,
    rounds: int = ROUNDS,
) -> dict[str, Rounds]:
    """``total`` calls of each op, at ``concurrency``, in ``rounds`` rounds taking turns (in
    the given order, then the reverse order in the next round, so that a drift of the machine
    within a round falls on every side alike); the CPU of ``pids[name]`` is summed over that
    op's turns, and so are the machine's busy cores and, when given, the CPU of every
    ``watch`` process (PostgreSQL and Kafka with them).

    ``settle``, if given, is awaited before every turn: the work one turn leaves to the stack's
    relays and consumers is then not done during the next turn, which would slow that turn for
    what it did not cause (a raw-insert turn after a turn of creations, most of all).

    ``around[name]``, if given, is entered for each of that op's turns, after ``settle``: the
    turn, and what is measured of it, runs inside it."""
    results = {name: Rounds() for name in ops}
    per_round = max(total // rounds, 1)
    for round_number in range(rounds):
        order = list(ops.items())
        for name, op in reversed(order) if round_number % 2 else order:
            if settle is not None:
                await settle()
            pid = (pids or {}).get(name)
            with (around or {}).get(name, nullcontext)():
                before = cpu.process_seconds(pid) if pid else 0.0
                watched = cpu.snapshot(watch) if watch else None
                busy, machine = cpu.machine_busy()
                done, seconds = await closed_loop(op, per_round, concurrency)
                busy_after, machine_after = cpu.machine_busy()
                after = cpu.snapshot(watch) if watch else None
                spent = cpu.process_seconds(pid) - before if pid else 0.0
            results[name].busy += busy_after - busy
            results[name].machine += machine_after - machine
            if watched is not None and after is not None:
                results[name].watched.update(cpu.delta(watched, after))
            results[name].cpu_seconds += spent
            results[name].latencies += done
            results[name].elapsed += seconds
            results[name].turns.append(seconds)
    return results


GATEWAY_ROUNDS = 2 * ROUNDS
"""Benchmark (c)'s rounds: its turns are short (a read is cheap) and one turn's throughput
varies by a fifth from the next, so it takes twice the rounds and reads of (a)."""


async def bench_gateway_overhead(
    system: BenchSystem, requests: int, concurrency: int, settle: Callable[[], Awaitable[None]]
) -> None:
    total = requests * GATEWAY_ROUNDS // ROUNDS
    print(
        f"\n(c) gateway overhead, {total} reads per path at concurrency {concurrency},"
        f" in {GATEWAY_ROUNDS} rounds"
    )
    await fill_page(system, PAGE)
    gateway_process = system.stack.procs["gateway"].popen
    assert gateway_process is not None
    headers = {"Authorization": f"Bearer {token('rakvere.head')}"}
    path = f"/api/casework/v1/preliminary-assessments?limit={PAGE}"
    passthrough = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "uvicorn", "passthrough:app", "--app-dir", str(BENCH),
        "--port", str(PASSTHROUGH_PORT), "--loop", "uvloop", "--http", "httptools",
        "--no-access-log", "--log-level", "warning",
    )  # fmt: skip
    paths = (
        ("direct to casework", "http://127.0.0.1:8002", None),
        ("through gateway", GATEWAY, gateway_process.pid),
        ("through a bare pass-through", f"http://127.0.0.1:{PASSTHROUGH_PORT}", passthrough.pid),
    )
    try:
        await _until_listening(PASSTHROUGH_PORT)
        async with AsyncExitStack() as clients:
            readers: dict[str, Callable[[], Awaitable[None]]] = {}
            for name, base, _ in paths:
                client = await clients.enter_async_context(load_client(base, concurrency))

                async def read(client: aiohttp.ClientSession = client) -> None:
                    await get_ok(client, path, headers)

                await closed_loop(read, 50, concurrency)
                readers[name] = read
            rounds = await alternate(
                readers,
                total,
                concurrency,
                {name: pid for name, _, pid in paths if pid},
                settle=settle,
                rounds=GATEWAY_ROUNDS,
                watch={
                    **stack_pids(system.stack),
                    "bare pass-through": passthrough.pid,
                    "benchmark client": os.getpid(),
                },
            )
    finally:
        passthrough.terminate()
        await passthrough.wait()
    results = {name: summary(name, r.latencies, r.elapsed) for name, r in rounds.items()}
    cpu_ms = {name: r.cpu_seconds * 1000 / len(r.latencies) for name, r in rounds.items()}
    direct, gateway = results["direct to casework"], results["through gateway"]
    gateway_ms, floor_ms = cpu_ms["through gateway"], cpu_ms["through a bare pass-through"]
    print(f"  gateway CPU per proxied read: {gateway_ms:.2f} ms")
    print(f"  bare pass-through (uvicorn + aiohttp, no checks) CPU per read: {floor_ms:.2f} ms")
    print(f"  the gateway's own work: {gateway_ms - floor_ms:.2f} ms per read")
    print(
        f"  ratio gateway/direct: throughput {gateway['throughput'] / direct['throughput']:.3f}x,"
        f" p50 {gateway['p50_ms'] / direct['p50_ms']:.2f}x,"
        f" p99 {gateway['p99_ms'] / direct['p99_ms']:.2f}x"
    )
    for name in ("through gateway", "through a bare pass-through"):
        ratios = turn_ratios(rounds[name], rounds["direct to casework"])
        print(f"  throughput ratio {name}/direct, {ratios}")
    for name, r in rounds.items():
        print(f"  {name}: {r.cores():.2f} cores busy; busiest {r.busiest(4)}")


async def _until_listening(port: int) -> None:
    for _ in range(100):
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        writer.close()
        return
    raise RuntimeError(f"nothing listens on {port}")


async def raw_insert_cpu_ms(total: int, concurrency: int, dsn: str) -> float:
    """CPU (the client and the server processes serving it) of one asyncpg INSERT + COMMIT, at
    ``concurrency``."""
    async with raw_inserter(concurrency, dsn) as raw:
        await closed_loop(raw.insert, 50, concurrency)
        # The server processes serving this pool, not all of PostgreSQL: after the stack's load,
        # autovacuum and the checkpointer work for a while, and that is not the raw insert's cost.
        connections = [await raw.pool.acquire() for _ in range(concurrency)]
        backends = [int(await conn.fetchval("SELECT pg_backend_pid()")) for conn in connections]
        for conn in connections:
            await raw.pool.release(conn)
        client_before = time.process_time()
        server_before = sum(cpu.process_seconds(pid) for pid in backends)
        await closed_loop(raw.insert, total, concurrency)
        server = sum(cpu.process_seconds(pid) for pid in backends) - server_before
        client = time.process_time() - client_before
    return (server + client) * 1000 / total


@dataclass
class StackCost:
    """What operations cost every process of the stack, once its workers finished, and what a
    raw insert cost in the rounds between them."""

    spent: dict[str, float]
    """CPU seconds by process, idling included."""
    caused: dict[str, float]
    """CPU seconds by process, net of what it uses idling."""
    idle: dict[str, float]
    elapsed: float
    latencies: list[float]
    seconds: float
    raw: list[float]
    """A raw insert's CPU (ms) in each round, and once more after the last."""
    counts_before: Any = None
    counts_after: Any = None
    kafka_compiling: float = 0.0
    """CPU seconds of Kafka's JIT compiler threads (part of ``spent["kafka"]``)."""

    @property
    def raw_ms(self) -> float:
        """A raw insert's CPU: the mean over the rounds (the machine drifts in between)."""
        return sum(self.raw) / len(self.raw)


async def stack_cost(
    stack: Stack,
    op: Callable[[], Awaitable[None]],
    total: int,
    concurrency: int,
    counts: Callable[[], Awaitable[Any]] | None = None,
) -> StackCost:
    """Run ``op`` ``total`` times in :data:`ROUNDS` rounds, each after a round of raw inserts
    (and one more round of them at the end), reading every process's CPU around each round of
    ``op`` with the workers settled: a slow spell then falls on both. ``counts``, if given, is
    read before the first round and after the last."""
    pids = stack_pids(stack)
    workers = {name: pid for name, pid in pids.items() if name.endswith("-worker")}
    per_round = max(total // ROUNDS, 1)
    spent: collections.Counter[str] = collections.Counter()
    latencies: list[float] = []
    raw: list[float] = []
    elapsed = seconds = compiling = 0.0
    # The raw inserts in a database of their own on the same PostgreSQL: their statements stay
    # out of the services' counts, which ``database_work`` reads around the rounds (its name
    # leaves it out).
    async with throwaway_database("bench_raw") as raw_dsn:
        idle = await asyncio.to_thread(cpu.idle_rates, pids)
        await closed_loop(op, 50, concurrency)
        await asyncio.to_thread(cpu.settle, workers, idle=idle)
        counts_before = await counts() if counts else None
        for _ in range(ROUNDS):
            # Whole ``total`` raw inserts a round: fewer would be a few clock ticks of CPU.
            raw.append(await raw_insert_cpu_ms(total, concurrency, raw_dsn))
            await asyncio.to_thread(cpu.settle, workers, idle=idle)
            before, compiling_before = cpu.snapshot(pids), cpu.kafka_compiler_seconds()
            done, took = await closed_loop(op, per_round, concurrency)
            await asyncio.to_thread(cpu.settle, workers, idle=idle)
            after = cpu.snapshot(pids)
            spent.update(cpu.delta(before, after))
            compiling += cpu.kafka_compiler_seconds() - compiling_before
            latencies += done
            seconds += took
            elapsed += after.at - before.at
        counts_after = await counts() if counts else None
        raw.append(await raw_insert_cpu_ms(total, concurrency, raw_dsn))
    return StackCost(
        spent=dict(spent),
        caused=cpu.net_of_idle(dict(spent), idle, elapsed),
        idle=dict(idle),
        elapsed=elapsed,
        latencies=latencies,
        seconds=seconds,
        raw=raw,
        counts_before=counts_before,
        counts_after=counts_after,
        kafka_compiling=compiling,
    )


def _database_work_reported(
    databases: Mapping[str, str],
) -> Callable[[], Awaitable[dict[str, tuple[int, ...]]]]:
    """Reads :func:`database_work` of ``databases`` at once the first time, and 11 s later the
    second: an idle backend reports its counts within PostgreSQL's idle interval (10 s)."""
    calls = 0

    async def read() -> dict[str, tuple[int, ...]]:
        nonlocal calls
        calls += 1
        if calls > 1:
            await asyncio.sleep(11)
        return await database_work(databases)

    return read


async def bench_cpu(system: BenchSystem, total: int, concurrency: int) -> None:
    print(f"\n(d) CPU per created report, {total} reports at concurrency {concurrency}")
    counts = _database_work_reported(system.services_by_database)
    async with report_creator(concurrency) as create:
        cost = await stack_cost(system.stack, create, total, concurrency, counts)
    idle, raw_ms = cost.idle, cost.raw_ms
    per_report = {name: seconds * 1000 / total for name, seconds in cost.caused.items()}
    stack_ms = sum(per_report.values())
    gross_ms = sum(cost.spent.values()) * 1000 / total
    print(
        f"  measured over {cost.elapsed:.1f} s in {ROUNDS} rounds;"
        f" idling, the stack uses {sum(idle.values()):.3f} CPU s/s"
    )
    for name, ms in sorted(per_report.items(), key=lambda item: -item[1]):
        print(
            f"  {name:<34} {ms:7.2f} ms CPU per report  (idle {idle.get(name, 0) * 1000:5.1f} ms/s)"
        )
    compiling_ms = cost.kafka_compiling * 1000 / total
    print(f"  {'of kafka, its JIT compilers':<34} {compiling_ms:7.2f} ms CPU per report")
    print(f"  {'whole stack, idling included':<34} {gross_ms:7.2f} ms CPU per report")
    print(f"  {'whole stack, net of idling':<34} {stack_ms:7.2f} ms CPU per report")
    print(
        f"  {'raw INSERT+COMMIT (client+server)':<34} {raw_ms:7.3f} ms CPU per insert"
        f"  (rounds {', '.join(f'{ms:.3f}' for ms in cost.raw)})"
    )
    print(f"  ratio, idling included: one report costs {gross_ms / raw_ms:.1f} raw inserts")
    print(f"  ratio, net of idling: one report costs {stack_ms / raw_ms:.1f} raw inserts")
    print("  per report, by database: transactions, new connections, rows written")
    for name, counts in sorted(cost.counts_after.items()):
        done = [(a - b) / total for a, b in zip(counts, cost.counts_before[name], strict=True)]
        if any(done):
            print(f"    {name:<12} {done[0]:6.2f} {done[1]:6.2f} {done[2]:6.2f}")


NAMED_PAGE = 50
"""Benchmark (e)'s page: names shown, so audit records per read, are this many."""


async def bench_names(system: BenchSystem, total: int, concurrency: int) -> None:
    print(f"\n(e) a worklist page of {NAMED_PAGE} names, {total} reads at {concurrency} at once")
    # Named reports about children in Kohtla-Järve, whose list the other benchmarks leave alone.
    named = dict(
        BODY,
        child={"name": "Sünteetiline Laps", "description": "sünteetiline"},
        location={"municipality": "0321"},
    )
    async with report_creator(concurrency, named) as create:
        await closed_loop(create, NAMED_PAGE * 2, concurrency)
    path = f"/api/casework/v1/preliminary-assessments?limit={NAMED_PAGE}"
    headers = {"Authorization": f"Bearer {token('kohtla-jarve.head')}"}
    audit = await asyncpg.connect(system.dsn("audit"))

    async def records() -> int:
        return int(await audit.fetchval("SELECT count(*) FROM audit_record"))

    try:
        async with load_client("http://127.0.0.1:8002", concurrency) as client:

            async def read() -> None:
                await get_ok(client, path, headers)

            cost = await stack_cost(system.stack, read, total, concurrency, records)
    finally:
        await audit.close()
    per_read = {name: spent * 1000 / total for name, spent in cost.caused.items()}
    stack_ms = sum(per_read.values())
    summary("read straight from casework", cost.latencies, cost.seconds)
    for name, ms in sorted(per_read.items(), key=lambda item: -item[1])[:6]:
        print(f"  {name:<34} {ms:7.2f} ms CPU per read")
    print(f"  {'whole stack, net of idling':<34} {stack_ms:7.2f} ms CPU per read")
    print(
        f"  audit records appended per read: {(cost.counts_after - cost.counts_before) / total:.1f}"
    )
    print(
        f"  raw INSERT+COMMIT {cost.raw_ms:.3f} ms CPU; one read of the page costs"
        f" {stack_ms / cost.raw_ms:.1f} raw inserts"
    )


async def database_work(databases: Mapping[str, str]) -> dict[str, tuple[int, ...]]:
    """Committed transactions, sessions opened and rows written so far in each of
    ``databases`` (a service by database name), by service."""
    conn = await asyncpg.connect(ADMIN_DSN)
    try:
        rows = await conn.fetch(
            "SELECT datname, xact_commit, sessions, tup_inserted + tup_updated + tup_deleted"
            " FROM pg_stat_database WHERE datname = any($1::text[])",
            list(databases),
        )
    finally:
        await conn.close()
    return {databases[row[0]]: (row[1], row[2], row[3]) for row in rows}


async def main_async(args: argparse.Namespace) -> None:
    chosen = set(args.only or ["creation", "propagation", "gateway", "cpu", "names"])
    ratio = {"HEAOLU_TRACE_SAMPLE_RATIO": str(args.trace_sample_ratio)}
    async with running_system(ratio) as system:
        settle = await workers_settled(system.stack)
        if "creation" in chosen:
            await bench_creation(system, args.requests, args.concurrency, settle)
        if "propagation" in chosen:
            await bench_propagation(system, args.samples)
        if "gateway" in chosen:
            await bench_gateway_overhead(system, args.requests, args.concurrency, settle)
        if "cpu" in chosen:
            await bench_cpu(system, args.requests, args.concurrency)
        if "names" in chosen:
            await bench_names(system, args.requests // 2, args.concurrency)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument(
        "--only",
        action="append",
        choices=["creation", "propagation", "gateway", "cpu", "names"],
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument(
        "--trace-sample-ratio",
        type=float,
        default=1.0,
        help="the share of traces the stack records (1.0, every one, as in development; a "
        "deployment's share is HEAOLU_TRACE_SAMPLE_RATIO in deploy/k8s)",
    )
    args = parser.parse_args()
    print(f"traces recorded: {args.trace_sample_ratio:.0%} (decided where a trace begins)")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
