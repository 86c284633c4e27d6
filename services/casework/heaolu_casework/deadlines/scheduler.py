"""The worker component that announces approaching and breached clocks."""

from __future__ import annotations

from datetime import timedelta

from heaolu_casework.common.models import Deadline
from heaolu_shared.contracts.casework import DeadlineApproachingV1, DeadlineBreachedV1
from heaolu_shared.db import Database
from heaolu_shared.deadlines import DeadlineEvents, DeadlineScheduler
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.worker import Runnable

EVENTS = DeadlineEvents(
    approaching=DeadlineApproachingV1, breached=DeadlineBreachedV1, source="casework"
)


def scheduler(database: Database, settings: ServiceSettings) -> Runnable:
    """Scans casework's open clocks and announces those approaching or breached."""
    seconds = getattr(settings, "deadline_scan_seconds", 30)
    return DeadlineScheduler(database, Deadline, EVENTS, interval=timedelta(seconds=seconds)).run
