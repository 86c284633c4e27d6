"""Round dates, the inquiry clock and prepayment statuses."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from heaolu_ngts.common.enums import PrepaymentStatus
from heaolu_ngts.inquiries import rules as inquiry_rules
from heaolu_ngts.rounds import rules
from heaolu_shared.calendar import WorkingDayCalendar


def test_rounds_are_on_15_march_and_15_october_and_applications_close_on_the_1st() -> None:
    assert rules.is_query_date(date(2027, 3, 15))
    assert not rules.is_query_date(date(2027, 3, 16))
    assert rules.may_apply(date(2027, 3, 15), date(2027, 2, 28))
    assert not rules.may_apply(date(2027, 3, 15), date(2027, 3, 1))
    assert rules.upcoming_query_dates(date(2026, 12, 1)) == [date(2027, 3, 15), date(2027, 10, 15)]


def test_the_list_is_due_five_working_days_after_the_query() -> None:
    calendar = WorkingDayCalendar()
    query = date(2026, 10, 15)
    assert rules.list_due_on(query, calendar) == calendar.add_working_days(query, 5)


def _friday_before_a_public_holiday(calendar: WorkingDayCalendar) -> date:
    day = date(2027, 1, 1)
    while not (
        day.weekday() == 4
        and calendar.is_working_day(day)
        and any(calendar.is_holiday(day + timedelta(days=n)) for n in range(1, 8))
        and any(
            calendar.is_holiday(day + timedelta(days=n)) and (day + timedelta(days=n)).weekday() < 5
            for n in range(1, 8)
        )
    ):
        day += timedelta(days=1)
    return day


def test_an_inquiry_received_on_a_friday_before_a_holiday_is_due_in_five_working_days() -> None:
    calendar = WorkingDayCalendar()
    friday = _friday_before_a_public_holiday(calendar)
    received = calendar.end_of_local_day(friday) - timedelta(hours=8)
    due = inquiry_rules.answer_due(received, 5, calendar)
    due_day = calendar.local_date(due)
    assert due_day == calendar.add_working_days(friday, 5)
    # five working days later than a plain "five weekdays" would say: the holiday is skipped
    weekdays = [friday + timedelta(days=n) for n in range(1, 15)]
    weekday_fifth = [d for d in weekdays if d.weekday() < 5][4]
    assert due_day > weekday_fifth
    assert calendar.working_days_between(friday, due_day) == 5
    assert due == calendar.end_of_local_day(due_day)


def test_prepayment_applications_move_draft_submitted_decided_paid() -> None:
    P = PrepaymentStatus
    assert inquiry_rules.may_move(P.DRAFT, P.SUBMITTED)
    assert inquiry_rules.may_move(P.SUBMITTED, P.APPROVED)
    assert inquiry_rules.may_move(P.APPROVED, P.PAID)
    assert not inquiry_rules.may_move(P.DRAFT, P.PAID)
    assert not inquiry_rules.may_move(P.REJECTED, P.SUBMITTED)


def test_deadlines_are_aware() -> None:
    due = inquiry_rules.answer_due(datetime(2027, 4, 1, 10, tzinfo=UTC), 5, WorkingDayCalendar())
    assert due.tzinfo is not None
