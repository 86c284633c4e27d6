"""What NGTS publishes (``heaolu.ngts.v1``, no personal data) and runs in its worker.

It consumes nothing. The worker runs the outbox relay, the deadline scheduler (inquiry answers,
follow-up contact), the purge of lists whose retention ended, and the purge of creation keys.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from heaolu_ngts.common.models import Deadline
from heaolu_ngts.retention.service import purge_ended_lists
from heaolu_shared import idempotency
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.ngts import DeadlineApproachingV1, DeadlineBreachedV1
from heaolu_shared.db import Database
from heaolu_shared.deadlines import DeadlineEvents, DeadlineScheduler
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.worker import Runnable, periodic

DEADLINE_EVENTS = DeadlineEvents(DeadlineApproachingV1, DeadlineBreachedV1, source="ngts")


def scheduler(database: Database, settings: ServiceSettings) -> Runnable:
    return DeadlineScheduler(database, Deadline, DEADLINE_EVENTS).run


def retention(database: Database, settings: ServiceSettings) -> Runnable:
    """Purges the lists whose retention ended, once an hour (a day's lists in one pass)."""

    async def purge() -> None:
        while True:
            async with database.transaction() as session:
                purged = await purge_ended_lists(
                    session, now=datetime.now(UTC), calendar=default_calendar()
                )
            if purged.lists == 0:
                return

    return periodic(purge, timedelta(hours=1), name="ngts list purge")


def idempotency_purger(database: Database, settings: ServiceSettings) -> Runnable:
    return idempotency.purger(database)


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(settings, components=[scheduler, retention, idempotency_purger])
