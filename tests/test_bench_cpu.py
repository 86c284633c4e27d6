"""The benchmarks' process control: a paused process is stopped for the block and continued
after it, also when the block fails (a benchmark never leaves the stack's workers stopped)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCH_CPU = Path(__file__).resolve().parents[1] / "bench" / "cpu.py"


def _load_cpu() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_cpu", BENCH_CPU)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


cpu = _load_cpu()


def _state(pid: int) -> str:
    """The process's scheduler state letter from ``/proc`` (``T``: stopped)."""
    raw = Path(f"/proc/{pid}/stat").read_text()
    return raw[raw.rindex(")") + 2]


def _until_state(pid: int, wanted: bool, letter: str = "T") -> str:
    """Wait briefly for the state to be (or stop being) ``letter``: signals land asynchronously."""
    for _ in range(200):
        state = _state(pid)
        if (state == letter) == wanted:
            return state
        time.sleep(0.01)
    return _state(pid)


@pytest.fixture
def sleepers() -> Iterator[list[int]]:
    procs = [subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) for _ in "ab"]
    try:
        yield [p.pid for p in procs]
    finally:
        for p in procs:
            p.kill()
            p.wait()


def test_paused_processes_are_stopped_inside_and_continued_after(sleepers: list[int]) -> None:
    assert all(_state(pid) != "T" for pid in sleepers)
    with cpu.paused(sleepers):
        assert [_until_state(pid, True) for pid in sleepers] == ["T", "T"]
    assert all(_until_state(pid, False) != "T" for pid in sleepers)


def test_a_failing_block_still_continues_them(sleepers: list[int]) -> None:
    with pytest.raises(RuntimeError), cpu.paused(sleepers):
        assert _until_state(sleepers[0], True) == "T"
        raise RuntimeError("the load failed")
    assert all(_until_state(pid, False) != "T" for pid in sleepers)


def test_a_process_that_cannot_be_stopped_leaves_the_others_running(sleepers: list[int]) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with pytest.raises(ProcessLookupError), cpu.paused([sleepers[0], gone.pid, sleepers[1]]):
        pass
    # The first was stopped before the failure and is continued; the last was never stopped.
    assert all(_until_state(pid, False) != "T" for pid in sleepers)
