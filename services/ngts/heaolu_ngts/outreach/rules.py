"""The outreach rules for one youth, without I/O.

Message first (e-mail or SMS); a phone call when the answer is "wants help" or none came; a
meeting once the youth wants help; consent before an individual plan; participation is
voluntary, so "does not want help" ends the work; contact is kept for at least six months after
the goal is reached.
"""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from heaolu_ngts.common import messages
from heaolu_ngts.common.enums import MESSAGE_CHANNELS, Answer, Channel, YouthStatus
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import Conflict, RuleViolation

S = YouthStatus
ENDED = frozenset({S.DECLINED, S.CLOSED})
HELPING = frozenset({S.CONSENTED, S.PLANNED, S.GOAL_REACHED})
PHONE_ALLOWED = frozenset({S.CONTACTED, S.NO_ANSWER, S.WANTS_HELP}) | HELPING
MEETING_ALLOWED = frozenset({S.WANTS_HELP}) | HELPING


def after_contact(status: YouthStatus, channel: Channel, answer: Answer | None) -> YouthStatus:
    """The youth's status after a contact attempt; :class:`RuleViolation` when not allowed."""
    if status in ENDED:
        raise RuleViolation(messages.DECLINED_ENDS_WORK)
    if channel is Channel.PHONE and status not in PHONE_ALLOWED:
        raise RuleViolation(messages.PHONE_NEEDS_ANSWER, extra={"field": "channel"})
    if channel is Channel.MEETING and status not in MEETING_ALLOWED:
        raise RuleViolation(messages.MEETING_NEEDS_WISH, extra={"field": "channel"})
    if answer is Answer.DOES_NOT_WANT_HELP:
        return S.DECLINED
    if status in HELPING:
        return status
    if answer is Answer.WANTS_HELP:
        return S.WANTS_HELP
    if answer is Answer.NO_ANSWER:
        return S.WANTS_HELP if status is S.WANTS_HELP else S.NO_ANSWER
    if channel in MESSAGE_CHANNELS and status is S.LISTED:
        return S.CONTACTED
    return status


def check_consent(status: YouthStatus) -> None:
    if status in HELPING:
        raise Conflict(messages.ALREADY_CONSENTED)
    if status is not S.WANTS_HELP:
        raise RuleViolation(messages.CONSENT_NEEDS_WISH)


def check_plan(status: YouthStatus) -> None:
    if status is not S.CONSENTED:
        raise RuleViolation(messages.PLAN_NEEDS_CONSENT)


def check_outcome(status: YouthStatus) -> None:
    if status is S.GOAL_REACHED:
        raise Conflict(messages.OUTCOME_RECORDED)
    if status is not S.PLANNED:
        raise RuleViolation(messages.OUTCOME_NEEDS_PLAN)


def follow_up_until(
    goal_reached_at: datetime, months: int, calendar: WorkingDayCalendar
) -> datetime:
    """End of the local day ``months`` calendar months after the goal was reached."""
    day = calendar.local_date(goal_reached_at) + relativedelta(months=months)
    return calendar.end_of_local_day(day)
