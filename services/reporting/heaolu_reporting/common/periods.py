"""Periods of reports and the coarse time of the SKA feed, in Estonian time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import Depends, Query

from heaolu_reporting.messages import BAD_PERIOD, INVALID_PERIOD_TITLE
from heaolu_shared.calendar import default_calendar, local_today
from heaolu_shared.dates import RecordDate
from heaolu_shared.errors import DomainError

TALLINN = default_calendar().tz
"""The zone the municipalities count days in: the shared calendar's."""
MAX_SPAN = timedelta(days=3660)


class InvalidPeriod(DomainError):
    status, slug, title = 400, "invalid-period", INVALID_PERIOD_TITLE


@dataclass(frozen=True)
class Period:
    """Days ``first`` to ``last`` inclusive, as instants ``[start, end)`` in UTC."""

    first: date
    last: date

    @classmethod
    def of(cls, first: date | None, last: date | None, *, today: date) -> Period:
        """The period asked for; by default the calendar year up to ``today``."""
        period = cls(first or date(today.year, 1, 1), last or today)
        if period.first > period.last or period.last - period.first > MAX_SPAN:
            raise InvalidPeriod(BAD_PERIOD)
        return period

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), TALLINN).astimezone(UTC)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), TALLINN).astimezone(UTC)


async def period_asked(
    first: Annotated[RecordDate | None, Query(alias="from")] = None,
    last: Annotated[RecordDate | None, Query(alias="to")] = None,
) -> Period:
    """The period of a request's ``from`` and ``to`` (by default this year up to today in
    Tallinn). Each is a record's date, within the shared range: the first day of the year 1 in
    Tallinn began before the year 1 in UTC, and has no instant to count from."""
    return Period.of(first, last, today=local_today(datetime.now(UTC)))


ChosenPeriod = Annotated[Period, Depends(period_asked)]
"""An endpoint parameter of this type gets the period its query asks for."""


def iso_week(moment: datetime | date) -> str:
    """The ISO 8601 week (``2026-W49``) of a moment in Estonian time, or of a day."""
    day = moment.astimezone(TALLINN).date() if isinstance(moment, datetime) else moment
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_start(week: str) -> datetime:
    """Monday 00:00 UTC of an ISO week: the feed's envelope time."""
    return datetime.combine(date.fromisoformat(f"{week}-1"), time(), UTC)
