"""Where a created report's CPU goes: py-spy profiles of the busiest processes under load.

The whole system is started, warmed up, then ``py-spy record`` samples the named processes while
reports are created through the gateway at a fixed concurrency. Each profile is written as
collapsed stacks to ``.local/profiles/<process>.txt`` and summarised: the functions with the
most samples, by own time and by time including callees. Nothing is asserted; the figures guide
the next change and are compared with ``make bench``'s CPU per report.

``make profile PROFILE_ARGS="--process intake-api --process casework-worker"``

``--load read`` samples benchmark (c)'s load instead: a worklist page read through the gateway
(``make profile PROFILE_ARGS="--load read --process gateway --process casework-api"``).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from run import GATEWAY, PAGE, closed_loop, fill_page, get_ok, load_client, report_creator, token
from system import BenchSystem, running_system

OUT = Path(__file__).resolve().parents[1] / ".local" / "profiles"


def summarise(path: Path, top: int) -> None:
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        own[frames[-1]] += samples
        for frame in set(frames):
            inclusive[frame] += samples
    print(f"\n== {path.stem}: {total} samples")
    print("  own time")
    for frame, samples in own.most_common(top):
        print(f"    {100 * samples / total:5.1f}%  {frame[:150]}")
    print("  including callees")
    for frame, samples in inclusive.most_common(top * 2):
        print(f"    {100 * samples / total:5.1f}%  {frame[:150]}")


@asynccontextmanager
async def page_reader(concurrency: int) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """Benchmark (c)'s operation: a department head reads a worklist page through the gateway."""
    headers = {"Authorization": f"Bearer {token('rakvere.head')}"}
    path = f"/api/casework/v1/preliminary-assessments?limit={PAGE}"
    async with load_client(GATEWAY, concurrency) as client:

        async def read() -> None:
            await get_ok(client, path, headers)

        yield read


async def load(kind: str, total: int, concurrency: int) -> None:
    operation = page_reader if kind == "read" else report_creator
    async with operation(concurrency) as run:
        await closed_loop(run, total, concurrency)


async def prepare(system: BenchSystem, kind: str, concurrency: int) -> None:
    """Warm the stack up (and, for reads, fill the page they read)."""
    if kind == "read":
        await fill_page(system, PAGE)
    await load(kind, 50, concurrency)


async def profile(names: list[str], args: argparse.Namespace) -> None:
    """Start the system, warm it up, and sample ``names`` while the load runs."""
    async with running_system() as system:
        await prepare(system, args.load, args.concurrency)
        spies = []
        for name in names:
            popen = system.stack.procs[name].popen
            assert popen is not None, name
            spy = await asyncio.create_subprocess_exec(
                "py-spy",
                "record",
                "--nonblocking",
                "--format",
                "raw",
                "--rate",
                str(args.rate),
                "--pid",
                str(popen.pid),
                "--output",
                str(OUT / f"{name}.txt"),
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
            )
            spies.append(spy)
        await load(args.load, args.requests, args.concurrency)
        await asyncio.sleep(3)
        for spy in spies:
            spy.send_signal(2)
        for spy in spies:
            await asyncio.wait_for(spy.wait(), 60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--process", action="append", help="a process of the stack (repeatable)")
    parser.add_argument(
        "--load",
        choices=["create", "read"],
        default="create",
        help="reports created (benchmarks a and d) or a worklist page read (benchmark c)",
    )
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if shutil.which("py-spy") is None:
        raise SystemExit("py-spy is not installed here: pip install py-spy")
    names = args.process or ["gateway", "intake-api", "casework-worker", "reporting-worker"]
    OUT.mkdir(parents=True, exist_ok=True)
    asyncio.run(profile(names, args))
    for name in names:
        summarise(OUT / f"{name}.txt", args.top)


if __name__ == "__main__":
    main()
