"""CPU time of the processes that do the work, read from ``/proc`` before and after a load.

Wall-clock throughput on a shared two-core machine says as much about the neighbours as about
the code; the CPU time a piece of work costs does not. Each process's user + system time comes
from ``/proc/<pid>/stat``; PostgreSQL's backends come and go, so the server is counted as the
postmaster's own time, the time of its exited children (``cutime``/``cstime``, added when they
are reaped) and the time of every live child.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
STATE = Path(__file__).resolve().parents[1] / ".local"


def _stat(pid: int) -> list[str] | None:
    return _fields(Path(f"/proc/{pid}/stat"))


def _fields(stat: Path) -> list[str] | None:
    """The fields of a ``stat`` file of ``/proc`` (a process's, or a thread's under ``task/``)
    after the command name; None when it has gone."""
    try:
        raw = stat.read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name may hold spaces: fields start after its closing parenthesis.
    return raw[raw.rindex(")") + 2 :].split()


def process_seconds(pid: int, *, with_reaped_children: bool = False) -> float:
    """User + system CPU seconds of ``pid`` (and of its reaped children when asked)."""
    fields = _stat(pid)
    if fields is None:
        return 0.0
    # Fields after the name: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
    ticks = int(fields[11]) + int(fields[12])
    if with_reaped_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / TICK


def _children(parent: int) -> Iterable[int]:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == parent:
                yield int(entry.name)


def postgres_seconds() -> float:
    """CPU seconds of the local PostgreSQL server: postmaster, live and exited backends."""
    pidfile = STATE / "pg" / "data" / "postmaster.pid"
    postmaster = int(pidfile.read_text().split()[0])
    total = process_seconds(postmaster, with_reaped_children=True)
    return total + sum(process_seconds(child) for child in _children(postmaster))


def _kafka_pid() -> int:
    return int((STATE / "kafka" / "kafka.pid").read_text().strip())


def kafka_seconds() -> float:
    """CPU seconds of the local Kafka broker."""
    return process_seconds(_kafka_pid())


def kafka_compiler_seconds() -> float:
    """CPU seconds of the Kafka broker's JIT compiler threads (HotSpot's ``C1 CompilerThread``
    and ``C2 CompilerThread``): the JVM compiling the broker's code, not the broker serving
    requests (ADR 0041)."""
    ticks = 0
    for task in Path(f"/proc/{_kafka_pid()}/task").iterdir():
        try:
            name = (task / "comm").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended
        fields = _fields(task / "stat") if name.startswith(("C1 Compiler", "C2 Compiler")) else None
        if fields is not None:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / TICK


def machine_busy() -> tuple[float, float]:
    """Seconds every core of the machine has been busy (stolen time included: the core was not
    ours) and seconds elapsed times the number of cores, both since boot, from ``/proc/stat``.
    Between two readings, busy / elapsed * cores is how many cores were in use."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    idle = fields[3] + fields[4]  # idle and waiting for I/O
    return (sum(fields) - idle) / TICK, sum(fields) / TICK


@dataclass(frozen=True)
class Snapshot:
    """CPU seconds per named process at one moment."""

    at: float
    seconds: Mapping[str, float]


def snapshot(pids: Mapping[str, int], *, include_infra: bool = True) -> Snapshot:
    """CPU seconds of the named processes, plus PostgreSQL and Kafka when asked."""
    seconds = {name: process_seconds(pid) for name, pid in pids.items()}
    if include_infra:
        seconds["postgresql"] = postgres_seconds()
        seconds["kafka"] = kafka_seconds()
    return Snapshot(time.monotonic(), seconds)


def delta(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds each process spent between two snapshots."""
    return {name: after.seconds[name] - before.seconds.get(name, 0.0) for name in after.seconds}


def idle_rates(pids: Mapping[str, int], seconds: float = 5.0) -> dict[str, float]:
    """CPU seconds per second each process (and PostgreSQL and Kafka) spends doing nothing:
    polls, timers, background threads. Measured with no load, so that it can be told apart from
    the work a load causes."""
    before = snapshot(pids)
    time.sleep(seconds)
    after = snapshot(pids)
    elapsed = after.at - before.at
    return {name: spent / elapsed for name, spent in delta(before, after).items()}


def net_of_idle(
    spent: Mapping[str, float], rates: Mapping[str, float], elapsed: float
) -> dict[str, float]:
    """The CPU seconds the load caused: what was spent, less what idling costs over as long."""
    return {
        name: max(0.0, seconds - rates.get(name, 0.0) * elapsed) for name, seconds in spent.items()
    }


def settle(
    pids: Mapping[str, int],
    *,
    idle: Mapping[str, float] | None = None,
    quiet: float = 0.05,
    interval: float = 1.0,
) -> None:
    """Wait until the given processes (relays, consumers) have finished their work.

    Finished means: together they used less than ``quiet`` CPU seconds over ``interval`` more
    than they use idling (``idle``, from :func:`idle_rates`).
    """
    allowance = quiet + interval * sum((idle or {}).get(name, 0.0) for name in pids)
    previous = snapshot(pids, include_infra=False)
    for _ in range(120):
        time.sleep(interval)
        current = snapshot(pids, include_infra=False)
        if sum(delta(previous, current).values()) < allowance:
            return
        previous = current


@contextmanager
def paused(pids: Iterable[int]) -> Iterator[None]:
    """The processes stopped (``SIGSTOP``) for the block and continued (``SIGCONT``) after it,
    also when the block fails: a load then runs without them, and what it leaves them waits."""
    stopped: list[int] = []
    try:
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
            stopped.append(pid)
        yield
    finally:
        for pid in stopped:
            os.kill(pid, signal.SIGCONT)
