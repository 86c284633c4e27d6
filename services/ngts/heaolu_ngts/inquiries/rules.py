"""The 5-working-day answer term of inquiries and the life of a prepayment application."""

from __future__ import annotations

from datetime import datetime

from heaolu_ngts.common.enums import PrepaymentStatus
from heaolu_shared.calendar import WorkingDayCalendar

LEGAL_BASIS = (
    "STAR regulation §8(13): answer the ministry's or SKA's contact person in 5 working days"
)

P = PrepaymentStatus
TRANSITIONS: dict[PrepaymentStatus, frozenset[PrepaymentStatus]] = {
    P.DRAFT: frozenset({P.SUBMITTED}),
    P.SUBMITTED: frozenset({P.APPROVED, P.REJECTED}),
    P.APPROVED: frozenset({P.PAID}),
    P.REJECTED: frozenset(),
    P.PAID: frozenset(),
}


def answer_due(received_at: datetime, working_days: int, calendar: WorkingDayCalendar) -> datetime:
    """End of the local day ``working_days`` working days after the inquiry arrived."""
    return calendar.add_working_days_deadline(received_at, working_days)


def may_move(current: PrepaymentStatus, target: PrepaymentStatus) -> bool:
    return target in TRANSITIONS[current]
