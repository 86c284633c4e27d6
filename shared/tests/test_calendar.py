"""Working days and deadlines; expected values are worked out by hand from the 2026 calendar.

Estonian public holidays (Public Holidays and Days of National Importance Act): 1 Jan, 24 Feb,
Good Friday, Easter Sunday, 1 May, Pentecost, 23 Jun, 24 Jun, 20 Aug, 24-26 Dec. In 2026 Easter
Sunday is 5 Apr, so Good Friday is 3 Apr and Pentecost 24 May. Summer time ends on the last
Sunday of October (25 Oct 2026, +03:00 -> +02:00) and starts on the last Sunday of March
(29 Mar 2026, +02:00 -> +03:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from heaolu_shared.calendar import WorkingDayCalendar, default_calendar, local_today

CAL = WorkingDayCalendar()
EET = timezone(timedelta(hours=2))
EEST = timezone(timedelta(hours=3))
END = (23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 11, 23), True),  # an ordinary Monday
        (date(2026, 11, 27), True),  # an ordinary Friday
        (date(2026, 11, 28), False),  # Saturday
        (date(2026, 11, 29), False),  # Sunday
        (date(2026, 1, 1), False),  # New Year's Day (Thursday)
        (date(2026, 2, 24), False),  # Independence Day (Tuesday)
        (date(2026, 4, 3), False),  # Good Friday
        (date(2026, 4, 6), True),  # Easter Monday is not a holiday in Estonia
        (date(2026, 5, 1), False),  # Spring Day (Friday)
        (date(2026, 5, 25), True),  # nor is Whit Monday
        (date(2026, 6, 23), False),  # Victory Day (Tuesday)
        (date(2026, 6, 24), False),  # Midsummer Day (Wednesday)
        (date(2026, 8, 20), False),  # Day of Restoration of Independence (Thursday)
        (date(2026, 12, 23), True),  # the Wednesday before Christmas
        (date(2026, 12, 24), False),  # Christmas Eve (Thursday)
        (date(2026, 12, 25), False),  # Christmas Day (Friday)
        (date(2026, 12, 31), True),  # New Year's Eve is a working day
        (date(2027, 1, 1), False),  # New Year's Day (Friday)
    ],
)
def test_weekends_and_estonian_public_holidays(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        (date(2026, 4, 5), True),  # Easter Sunday
        (date(2026, 5, 24), True),  # Pentecost
        (date(2026, 12, 26), True),  # Boxing Day (Saturday)
        (date(2026, 11, 29), False),  # an ordinary Sunday
    ],
)
def test_holidays_on_a_weekend_are_still_holidays(day: date, holiday: bool) -> None:
    assert CAL.is_holiday(day) is holiday


def test_five_working_days_across_christmas() -> None:
    # From Tue 22 Dec: 23 Dec is day 1; 24-27 Dec are holidays or weekend; 28-31 Dec are 2-5.
    assert CAL.add_working_days(date(2026, 12, 22), 5) == date(2026, 12, 31)
    assert CAL.working_days_between(date(2026, 12, 22), date(2026, 12, 31)) == 5


def test_working_days_across_new_year() -> None:
    # Day 6 skips 1 Jan 2027 (Friday) and the weekend: Monday 4 Jan.
    assert CAL.add_working_days(date(2026, 12, 22), 6) == date(2027, 1, 4)
    assert CAL.working_days_between(date(2026, 12, 22), date(2027, 1, 3)) == 5
    assert CAL.working_days_between(date(2026, 12, 22), date(2027, 1, 4)) == 6


def test_working_days_across_midsummer() -> None:
    assert CAL.add_working_days(date(2026, 6, 22), 1) == date(2026, 6, 25)
    assert CAL.add_working_days(date(2026, 6, 19), 1) == date(2026, 6, 22)
    # Fri 19 Jun: Mon 22 is day 1, 23-24 Jun are holidays, Thu 25 is day 2, Fri 26 day 3.
    assert CAL.add_working_days(date(2026, 6, 19), 3) == date(2026, 6, 26)


def test_counting_starts_the_day_after_even_from_a_holiday() -> None:
    assert CAL.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert CAL.add_working_days(date(2026, 12, 26), 0) == date(2026, 12, 26)
    assert CAL.add_working_days(date(2026, 6, 19), 0) == date(2026, 6, 19)


def test_working_days_between_is_zero_unless_b_is_later() -> None:
    assert CAL.working_days_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert CAL.working_days_between(date(2026, 12, 31), date(2026, 12, 22)) == 0
    assert CAL.working_days_between(date(2026, 11, 27), date(2026, 11, 29)) == 0


def test_negative_counts_are_refused() -> None:
    received = datetime(2026, 11, 23, 10, 0, tzinfo=EET)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_working_days(date(2026, 11, 23), -1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_calendar_days_deadline(received, -1)
    with pytest.raises(ValueError, match="negative"):
        CAL.add_hours_deadline(received, -1)


def test_ten_calendar_days_end_at_local_midnight_in_summer_time() -> None:
    due = CAL.add_calendar_days_deadline(datetime(2026, 10, 10, 9, 0, tzinfo=EEST), 10)
    assert due == datetime(2026, 10, 20, 20, 59, 59, 999999, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_ten_calendar_days_across_the_end_of_summer_time() -> None:
    # Received in summer time (+03:00); the deadline day, 30 Oct, is in winter time (+02:00).
    due = CAL.add_calendar_days_deadline(datetime(2026, 10, 20, 10, 0, tzinfo=EEST), 10)
    assert due == datetime(2026, 10, 30, 21, 59, 59, 999999, tzinfo=UTC)
    assert due == datetime(2026, 10, 30, *END, tzinfo=EET)


def test_deadline_on_the_day_summer_time_ends() -> None:
    # 25 Oct 2026 starts in +03:00 and ends in +02:00: its last instant is 21:59:59 UTC.
    due = CAL.add_calendar_days_deadline(datetime(2026, 10, 15, 12, 0, tzinfo=EEST), 10)
    assert due == datetime(2026, 10, 25, 21, 59, 59, 999999, tzinfo=UTC)


def test_ten_calendar_days_across_the_start_of_summer_time() -> None:
    due = CAL.add_calendar_days_deadline(datetime(2026, 3, 25, 10, 0, tzinfo=EET), 10)
    assert due == datetime(2026, 4, 4, 20, 59, 59, 999999, tzinfo=UTC)


def test_the_local_date_counts_not_the_utc_date() -> None:
    # 22:30 UTC on 23 Nov is 00:30 on 24 Nov in Tallinn; 21:59 UTC is still 23 Nov there.
    due = CAL.add_calendar_days_deadline(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), 10)
    assert due == datetime(2026, 12, 4, *END, tzinfo=EET)
    due = CAL.add_calendar_days_deadline(datetime(2026, 11, 23, 21, 59, tzinfo=UTC), 10)
    assert due == datetime(2026, 12, 3, *END, tzinfo=EET)


def test_working_day_deadline_ends_the_local_day() -> None:
    due = CAL.add_working_days_deadline(datetime(2026, 12, 22, 15, 0, tzinfo=EET), 5)
    assert due == datetime(2026, 12, 31, 21, 59, 59, 999999, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_working_day_deadline_counts_from_the_local_date() -> None:
    # 22:30 UTC on 22 Dec is 23 Dec in Tallinn: 28, 29, 30, 31 Dec, then (after 1 Jan) 4 Jan.
    due = CAL.add_working_days_deadline(datetime(2026, 12, 22, 22, 30, tzinfo=UTC), 5)
    assert due == datetime(2027, 1, 4, *END, tzinfo=EET)


def test_working_day_deadline_from_a_weekend() -> None:
    due = CAL.add_working_days_deadline(datetime(2026, 12, 26, 10, 0, tzinfo=EET), 1)
    assert due == datetime(2026, 12, 28, *END, tzinfo=EET)


def test_seventy_two_hours_are_elapsed_hours_even_across_a_clock_change() -> None:
    # 12:00 +03:00 on 24 Oct is 09:00 UTC; 72 hours later the Tallinn clock shows 11:00.
    separated = datetime(2026, 10, 24, 12, 0, tzinfo=EEST)
    due = CAL.add_hours_deadline(separated, 72)
    assert due == datetime(2026, 10, 27, 9, 0, tzinfo=UTC)
    assert due == datetime(2026, 10, 27, 11, 0, tzinfo=EET)
    assert due.tzinfo is UTC


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 11, 23, 10, 0)
    with pytest.raises(ValueError, match="naive"):
        CAL.add_calendar_days_deadline(naive, 10)
    with pytest.raises(ValueError, match="naive"):
        CAL.add_working_days_deadline(naive, 5)
    with pytest.raises(ValueError, match="naive"):
        CAL.add_hours_deadline(naive, 72)


def test_default_calendar_is_estonian_and_shared() -> None:
    assert default_calendar() is default_calendar()
    assert default_calendar().country == "EE"
    assert not default_calendar().is_working_day(date(2026, 2, 24))


@pytest.mark.parametrize(
    ("received", "ends_on"),
    [
        # an ordinary term: 10 days from Monday 23 Nov end on Thursday 3 Dec
        (datetime(2026, 11, 23, 9, 0, tzinfo=EET), date(2026, 12, 3)),
        # the tenth day is Saturday 12 Dec: the term ends on Monday 14 Dec
        (datetime(2026, 12, 2, 9, 0, tzinfo=EET), date(2026, 12, 14)),
        # the tenth day is Independence Day (Tuesday 24 Feb): Wednesday 25 Feb
        (datetime(2026, 2, 14, 23, 30, tzinfo=EET), date(2026, 2, 25)),
        # the tenth day is Christmas Eve: 24, 25, 26 Dec are holidays, 27 Dec a Sunday
        (datetime(2026, 12, 14, 8, 0, tzinfo=EET), date(2026, 12, 28)),
        # Victory Day and Midsummer Day (23-24 Jun) push the term to Thursday 25 Jun
        (datetime(2026, 6, 13, 10, 0, tzinfo=EEST), date(2026, 6, 25)),
        # Good Friday 3 Apr, then the weekend: Monday 6 Apr (Easter Monday is a working day)
        (datetime(2026, 3, 24, 10, 0, tzinfo=EET), date(2026, 4, 6)),
        # 22:30 UTC on Friday 20 Feb is already Saturday 21 Feb in Tallinn: Tuesday 3 Mar
        (datetime(2026, 2, 20, 22, 30, tzinfo=UTC), date(2026, 3, 3)),
    ],
)
def test_calendar_days_term_moves_off_weekends_and_holidays(
    received: datetime, ends_on: date
) -> None:
    due = CAL.calendar_days_term(received, 10)
    assert due == CAL.end_of_local_day(ends_on)
    assert CAL.is_working_day(CAL.local_date(due))


def test_today_turns_at_midnight_in_tallinn_not_in_utc() -> None:
    # Winter: two hours ahead of UTC.
    assert local_today(datetime(2026, 12, 1, 21, 59, 59, tzinfo=UTC)) == date(2026, 12, 1)
    assert local_today(datetime(2026, 12, 1, 22, 0, tzinfo=UTC)) == date(2026, 12, 2)
    # Summer: three.
    assert local_today(datetime(2027, 6, 30, 20, 59, 59, tzinfo=UTC)) == date(2027, 6, 30)
    assert local_today(datetime(2027, 6, 30, 21, 0, tzinfo=UTC)) == date(2027, 7, 1)


def test_warming_works_out_the_year_and_the_next_before_any_day_is_counted() -> None:
    calendar = WorkingDayCalendar()
    assert 2031 not in calendar._holidays.years
    calendar.warm(2031)
    assert {2031, 2032} <= calendar._holidays.years
    # Warmed or not, the answers are the same: Independence Day 2032 is a holiday.
    assert calendar.is_holiday(date(2032, 2, 24))
