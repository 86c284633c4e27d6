"""The working-day calendar: weekends and Estonian public holidays, deadlines in Tallinn time.

Holidays come from the maintained ``holidays`` library (country ``EE``), never a hand-written
list. For Estonia it lists New Year's Day, Independence Day (24 Feb), Good Friday, Easter Sunday,
Spring Day (1 May), Pentecost, Victory Day (23 Jun), Midsummer Day (24 Jun), the Day of
Restoration of Independence (20 Aug), Christmas Eve, Christmas Day and Boxing Day. Easter Monday
and Whit Monday are working days in Estonia.

Deadlines are computed on local (Europe/Tallinn) dates and returned as UTC-aware datetimes; a
deadline "on day D" ends at the last microsecond of D in local time, so its UTC offset follows
summer time. Hour-based deadlines (the 72-hour rule) count elapsed time and ignore the clock.
Naive datetimes are refused: without a time zone they do not name an instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


class WorkingDayCalendar:
    """Working days and statutory deadlines of one country and time zone."""

    def __init__(self, country: str = "EE", tz: str = "Europe/Tallinn") -> None:
        self.country = country
        self.tz = ZoneInfo(tz)
        self._holidays = holidays.country_holidays(country)

    def warm(self, year: int) -> None:
        """Work out the holidays of ``year`` and the next now: the library loads its rules and
        each year's dates on first use (about half a second), which would otherwise fall on the
        first request or event that counts a day."""
        self.is_holiday(date(year, 1, 1))
        self.is_holiday(date(year + 1, 1, 1))

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday (whatever day of the week it falls on)."""
        return day in self._holidays

    def is_working_day(self, day: date) -> bool:
        """Monday to Friday and not a public holiday."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself when ``n`` is 0).

        Counting starts on the day after ``start``, which need not be a working day itself.
        """
        _require_not_negative("n", n)
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after ``a`` up to and including ``b`` (0 when ``b`` is not after ``a``).

        For a working day ``b``, ``add_working_days(a, working_days_between(a, b)) == b``.
        """
        count = 0
        day = a
        while day < b:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def local_date(self, at: datetime) -> date:
        """The calendar date of the instant ``at`` in the calendar's time zone."""
        return _require_aware(at).astimezone(self.tz).date()

    def end_of_local_day(self, day: date) -> datetime:
        """The last instant of ``day`` in local time, as a UTC datetime."""
        return datetime.combine(day, time.max, self.tz).astimezone(UTC)

    def add_calendar_days_deadline(self, received_at: datetime, days: int) -> datetime:
        """End of the local day ``days`` calendar days after the local date of ``received_at``.

        This is the 10-calendar-day preliminary assessment clock: received on 1 March (any
        hour), ten days end at 23:59:59.999999 on 11 March, Tallinn time.
        """
        _require_not_negative("days", days)
        return self.end_of_local_day(self.local_date(received_at) + timedelta(days=days))

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def calendar_days_term(self, received_at: datetime, days: int) -> datetime:
        """A term of ``days`` calendar days whose last day moves off rest days and holidays.

        General Part of the Civil Code Act §136(5), applied to administrative terms: when the last
        day of a term is a day off or a public holiday, the term ends on the next working day.
        Received on Saturday 14 February 2026, the tenth day is Independence Day (Tuesday 24
        February), so the term ends on Wednesday 25 February.
        """
        _require_not_negative("days", days)
        last = self.local_date(received_at) + timedelta(days=days)
        return self.end_of_local_day(self.next_working_day(last))

    def add_working_days_deadline(self, received_at: datetime, n: int) -> datetime:
        """End of the local day ``n`` working days after the local date of ``received_at``."""
        return self.end_of_local_day(self.add_working_days(self.local_date(received_at), n))

    def add_hours_deadline(self, at: datetime, hours: int) -> datetime:
        """Exactly ``hours`` elapsed hours after ``at`` (the 72-hour rule), in UTC."""
        _require_not_negative("hours", hours)
        return _require_aware(at).astimezone(UTC) + timedelta(hours=hours)


def _require_aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a naive datetime names no instant; give its time zone")
    return at


def _require_not_negative(name: str, value: int) -> None:
    if value < 0:
        raise ValueError(f"{name} must not be negative")


@lru_cache
def default_calendar() -> WorkingDayCalendar:
    """The Estonian calendar in Tallinn time, shared by the process."""
    return WorkingDayCalendar()


def local_today(now: datetime) -> date:
    """The date in Tallinn at the instant ``now``: the day the municipalities count in. A
    server's own date (UTC) is still yesterday's for the first two or three hours of it."""
    return default_calendar().local_date(now)
