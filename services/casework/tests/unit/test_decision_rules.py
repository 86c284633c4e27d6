"""Applications and decisions: the decision term, a minor's decision addressed to the legal
representatives, and how a granted service's provision moves on."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from heaolu_casework.common import messages
from heaolu_casework.common.models import Person
from heaolu_casework.decisions.document import age_on, is_minor
from heaolu_casework.decisions.rules import application_due, check_provision
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import RuleViolation

from ..factories import personal_code

TALLINN = ZoneInfo("Europe/Tallinn")


def test_the_term_intake_set_stands() -> None:
    received = datetime(2026, 12, 21, 9, tzinfo=TALLINN)
    shown = datetime(2027, 1, 29, 21, tzinfo=TALLINN)
    assert application_due(received, shown, 10, default_calendar()) == shown


def test_otherwise_working_days_skip_weekends_and_holidays() -> None:
    # Seven working days after Monday 21 December: 22, 23, 28, 29, 30, 31 December and Monday
    # 4 January (Christmas Eve to the weekend, and New Year's Day to the weekend, are off).
    received = datetime(2026, 12, 21, 9, tzinfo=TALLINN)
    due = application_due(received, None, 7, default_calendar())
    assert default_calendar().local_date(due) == date(2027, 1, 4)


def test_a_person_is_a_minor_until_the_18th_birthday() -> None:
    assert age_on(date(2008, 12, 2), date(2026, 12, 1)) == 17
    assert age_on(date(2008, 12, 1), date(2026, 12, 1)) == 18
    child = Person(birth_date=None, personal_code=personal_code(date(2012, 5, 1)))
    adult = Person(birth_date=date(2000, 1, 1), personal_code=None)
    unknown = Person(birth_date=None, personal_code=None)
    on = date(2026, 12, 1)
    assert is_minor(child, on) and not is_minor(adult, on) and not is_minor(unknown, on)


@pytest.mark.parametrize(
    ("current", "to"),
    [
        ("pending", "started"),
        ("pending", "not_started"),
        ("not_started", "started"),
        ("started", "delivered"),
        ("started", "ended"),
        ("delivered", "ended"),
    ],
)
def test_provision_moves_on(current: str, to: str) -> None:
    check_provision(current, to)


@pytest.mark.parametrize(
    ("current", "to"),
    [("pending", "delivered"), ("ended", "started"), (None, "started"), ("delivered", "started")],
)
def test_provision_does_not_skip_or_go_back(current: str | None, to: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_provision(current, to)
    assert refused.value.extra["field"] == "status"
    assert refused.value.detail is messages.PROVISION_TRANSITION
    assert refused.value.params == {"current": current, "to": to}
