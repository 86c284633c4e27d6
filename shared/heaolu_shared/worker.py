"""Running a service's background work (outbox relay, consumers) until SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import timedelta
from typing import Any

log = logging.getLogger(__name__)

Runnable = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


async def run_until_signalled(
    components: Sequence[Runnable], *, cleanup: Sequence[Callable[[], Awaitable[None]]] = ()
) -> None:
    """Run every component with a shared stop event; a signal sets it and waits for all to end.

    A component that fails stops the whole worker (the process supervisor restarts it) rather
    than leaving it half-alive.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(component(stop)) for component in components]
    try:
        done, _ = await asyncio.wait(
            [*tasks, asyncio.create_task(stop.wait())], return_when=asyncio.FIRST_COMPLETED
        )
        for task in done:
            if task in tasks and task.exception() is not None:
                log.error(
                    "worker component failed", extra={"error_type": type(task.exception()).__name__}
                )
                stop.set()
        await asyncio.wait(tasks, timeout=20)
    finally:
        stop.set()
        for task in tasks:
            task.cancel()
        for close in cleanup:
            await close()
    for task in tasks:
        if not task.cancelled() and task.exception() is not None:
            raise SystemExit(1)


def periodic(job: Callable[[], Awaitable[None]], interval: timedelta, *, name: str) -> Runnable:
    """A component that runs ``job`` now and then every ``interval`` until stopped; a failed run
    is logged (by ``name``, never with its data) and retried at the next interval."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await job()
            except Exception:
                log.exception("periodic job failed; retrying next interval", extra={"job": name})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval.total_seconds())

    return run
