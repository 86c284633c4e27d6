"""Running a service's background work (outbox relay, consumers) until SIGTERM or SIGINT."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable, Coroutine, Sequence
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
