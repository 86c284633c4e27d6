"""Working days and deadlines; expected values are worked out by hand from the 2026 calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from heaolu_shared.calendar import WorkingDayCalendar

CAL = WorkingDayCalendar()
EET = timezone(timedelta(hours=2))
EEST = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # a Monday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 2, 24), False),  # Independence Day (Tuesday)
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 5, 1), False),  # Spring Day (Friday)
        (date(2026, 6, 23), False),  # Victory Day (Tuesday)
        (date(2026, 6, 24), False),  # Midsummer Day (Wednesday)
        (date(2026, 8, 20), False),  # Restoration of Independence (Thursday)
        (date(2026, 12, 24), False),  # Christmas Eve (Thursday)
        (date(2026, 12, 23), True),  # the Wednesday before
    ],
)
def test_weekends_and_estonian_public_holidays(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_five_working_days_across_christmas() -> None:
    # 23 Dec is day 1; 24-27 Dec are holidays or weekend; 28, 29, 30, 31 Dec are days 2-5.
    assert CAL.add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 31)
    assert CAL.working_days_between(date(2026, 12, 22), date(2026, 12, 31)) == 5


def test_one_working_day_across_midsummer() -> None:
    assert CAL.add_working_days(date(2026, 6, 22), 1) == date(2026, 6, 25)
    assert CAL.add_working_days(date(2026, 6, 19), 1) == date(2026, 6, 22)
    assert CAL.add_working_days(date(2026, 6, 19), 0) == date(2026, 6, 19)


def test_ten_calendar_days_end_at_local_midnight_in_summer_time() -> None:
    due = CAL.add_calendar_days_deadline(datetime(2026, 10, 10, 9, 0, tzinfo=EEST), 10)
    assert due == datetime(2026, 10, 20, 23, 59, 59, 999999, tzinfo=EEST)
    assert due.tzinfo == UTC


def test_ten_calendar_days_across_the_end_of_summer_time() -> None:
    # Summer time ends on Sunday 25 Oct 2026: the deadline day is in winter time (+02:00).
    due = CAL.add_calendar_days_deadline(datetime(2026, 10, 20, 10, 0, tzinfo=EEST), 10)
    assert due == datetime(2026, 10, 30, 21, 59, 59, 999999, tzinfo=UTC)


def test_the_local_date_counts_not_the_utc_date() -> None:
    # 22:30 UTC on 23 Nov is already 24 Nov in Tallinn.
    due = CAL.add_calendar_days_deadline(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), 10)
    assert due == datetime(2026, 12, 4, 23, 59, 59, 999999, tzinfo=EET)


def test_working_day_deadline_ends_the_local_day() -> None:
    due = CAL.add_working_days_deadline(datetime(2026, 12, 22, 15, 0, tzinfo=EET), 5)
    assert due == datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=EET)


def test_seventy_two_hours_are_elapsed_hours_even_across_a_clock_change() -> None:
    separated = datetime(2026, 10, 24, 12, 0, tzinfo=EEST)
    assert CAL.add_hours_deadline(separated, 72) == datetime(2026, 10, 27, 9, 0, tzinfo=UTC)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        CAL.add_calendar_days_deadline(datetime(2026, 11, 23, 10, 0), 10)
    with pytest.raises(ValueError, match="naive"):
        CAL.add_hours_deadline(datetime(2026, 11, 23, 10, 0), 72)
