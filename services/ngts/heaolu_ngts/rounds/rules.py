"""The calendar of register query rounds (STAR regulation §8(11)-(13)).

The register is queried on 15 March and 15 October; a municipality takes part by applying before
1 March / 1 October; the list arrives within 5 working days of the query.
"""

from __future__ import annotations

from datetime import date

from heaolu_shared.calendar import WorkingDayCalendar

QUERY_DAYS = ((3, 15), (10, 15))
LIST_WORKING_DAYS = 5


def is_query_date(day: date) -> bool:
    return (day.month, day.day) in QUERY_DAYS


def application_deadline(query_date: date) -> date:
    """The first day on which applying for the round is too late (1 March / 1 October)."""
    return date(query_date.year, query_date.month, 1)


def may_apply(query_date: date, today: date) -> bool:
    return is_query_date(query_date) and today < application_deadline(query_date)


def list_due_on(query_date: date, calendar: WorkingDayCalendar) -> date:
    return calendar.add_working_days(query_date, LIST_WORKING_DAYS)


def upcoming_query_dates(today: date, count: int = 2) -> list[date]:
    """The next ``count`` query dates on or after ``today``."""
    found: list[date] = []
    year = today.year
    while len(found) < count:
        for month, day in QUERY_DAYS:
            candidate = date(year, month, day)
            if candidate >= today and len(found) < count:
                found.append(candidate)
        year += 1
    return found
