"""Fault injection for resilience tests, driven by the ``HEAOLU_FAULT`` setting.

A fault names a point in a mechanism (e.g. ``relay_crash_after_send``); when that point is
reached the process ends at once with exit code 70, as a crash would. Settings refuse faults in
prod, so this never fires in a deployment.
"""

from __future__ import annotations

import logging
import os

FAULT_EXIT_CODE = 70

log = logging.getLogger(__name__)


def crash_point(name: str, configured: str) -> None:
    """End the process abruptly when ``name`` is among the configured faults."""
    if configured and name in {f.strip() for f in configured.split(",")}:
        log.warning("fault injected: process crashes", extra={"status": name})
        for handler in logging.getLogger().handlers:
            handler.flush()
        os._exit(FAULT_EXIT_CODE)
