"""The rules of applications and decisions, without I/O: the decision term, and how a granted
service's provision moves on."""

from __future__ import annotations

from datetime import datetime

from heaolu_casework.common import messages
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import RuleViolation

PROVISION_FLOW = {
    "pending": {"started", "not_started"},
    "started": {"delivered", "ended"},
    "delivered": {"ended"},
    "not_started": {"started"},
}
"""How a granted service's delivery by its provider may move on."""


def application_due(
    received_at: datetime,
    set_by_intake: datetime | None,
    working_days: int,
    calendar: WorkingDayCalendar,
) -> datetime:
    """When the application must be decided (HMS §41 and the municipality's procedure rules):
    the term intake set and showed the applicant, else ``working_days`` working days after it
    was received."""
    return set_by_intake or calendar.add_working_days_deadline(received_at, working_days)


def check_provision(current: str | None, to: str) -> None:
    """422 naming what may follow ``current`` when ``to`` may not."""
    allowed = PROVISION_FLOW.get(current or "", set())
    if to not in allowed:
        raise RuleViolation(
            messages.PROVISION_TRANSITION,
            extra={"field": "status", "allowed": sorted(allowed)},
            current=current,
            to=to,
        )
