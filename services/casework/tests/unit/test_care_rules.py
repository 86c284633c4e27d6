"""Separation and substitute care: the 72 hours, the caps of the care forms, the age limit and
the 90 days of temporary care."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from heaolu_casework.care.rules import (
    RemovalClocks,
    care_age_limit,
    check_capacity,
    check_placement_dates,
    over_capacity,
    removal_clocks,
    temporary_care_last_day,
)
from heaolu_casework.care.schemas import PlacementIn
from heaolu_casework.common import messages
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import RuleViolation

from ..factories import placement_in


def test_care_ends_the_day_before_the_18th_or_19th_birthday() -> None:
    assert care_age_limit(date(2010, 6, 15), in_education=False) == date(2028, 6, 14)
    assert care_age_limit(date(2010, 6, 15), in_education=True) == date(2029, 6, 14)


def test_a_leap_day_child_comes_of_age_on_the_first_of_march() -> None:
    assert care_age_limit(date(2008, 2, 29), in_education=False) == date(2026, 2, 28)
    assert care_age_limit(date(2008, 2, 29), in_education=True) == date(2027, 2, 28)


def test_ninety_days_of_temporary_care_count_the_first_day() -> None:
    assert temporary_care_last_day(date(2026, 1, 1)) == date(2026, 3, 31)
    # A last day on a Sunday stays: care is not a term for an act, it runs on days off too.
    assert temporary_care_last_day(date(2026, 3, 3)) == date(2026, 5, 31)


def _body(**fields: object) -> PlacementIn:
    return placement_in("FF-1", **fields)


def test_without_an_end_the_placement_runs_to_the_age_limit() -> None:
    born = date(2012, 9, 1)
    assert check_placement_dates(_body(starts_on="2026-01-05"), born) == date(2030, 8, 31)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts_on": "2030-09-01"}, "starts_on"),
        ({"starts_on": "2026-01-05", "ends_on": "2030-09-01"}, "ends_on"),
        ({"starts_on": "2026-01-05", "ends_on": "2026-01-04"}, "ends_on"),
        (
            {"starts_on": "2026-01-05", "temporary": True, "ends_on": "2026-02-01"},
            "custodian_consent",
        ),
        (
            {
                "starts_on": "2026-01-05",
                "temporary": True,
                "custodian_consent": True,
                "ends_on": "2026-04-05",
            },
            "ends_on",
        ),
        ({"starts_on": "2026-01-05", "temporary": True, "custodian_consent": True}, "ends_on"),
    ],
)
def test_dates_that_break_the_rules_name_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(RuleViolation) as refused:
        check_placement_dates(_body(**fields), date(2012, 9, 1))
    assert refused.value.extra["field"] == field


def test_the_request_names_no_form() -> None:
    with pytest.raises(ValueError):
        _body(starts_on="2026-01-05", form="family_home")


# --- separation from the family: the 72 hours (LasteKS §33, TsMS §563²) ---------------------------

TALLINN = ZoneInfo("Europe/Tallinn")
SEPARATED = datetime(2026, 11, 20, 22, 15, tzinfo=TALLINN)


def _clocks(separated: datetime = SEPARATED, contact_hours: float = 48, **kw: Any) -> RemovalClocks:
    options: dict[str, Any] = {
        "now": separated + timedelta(hours=1),
        "filing_target_hours": 48,
        "calendar": default_calendar(),
    } | kw
    return removal_clocks(separated, separated + timedelta(hours=contact_hours), **options)


def test_the_court_rules_within_72_hours_and_the_filing_is_due_at_the_target() -> None:
    due = _clocks()
    assert due.ruling_due_at - SEPARATED == timedelta(hours=72)
    assert due.court_filing_due_at - SEPARATED == timedelta(hours=48)
    assert _clocks(filing_target_hours=24).court_filing_due_at - SEPARATED == timedelta(hours=24)


def test_the_72_hours_are_elapsed_hours_across_the_end_of_summer_time() -> None:
    # Summer time ends on 25 October 2026 at 04:00 local: the wall clock shows 71 hours later.
    separated = datetime(2026, 10, 24, 12, tzinfo=TALLINN)
    due = _clocks(separated)
    assert due.ruling_due_at - separated == timedelta(hours=72)
    assert due.ruling_due_at.astimezone(TALLINN).hour == 11


def test_a_weekend_or_holiday_does_not_move_the_72_hours() -> None:
    christmas_eve = datetime(2026, 12, 24, 8, tzinfo=TALLINN)
    assert _clocks(christmas_eve).ruling_due_at - christmas_eve == timedelta(hours=72)


@pytest.mark.parametrize(
    ("contact_hours", "now_offset", "field"),
    [
        (72.01, 1, "contact_until"),
        (0, 1, "contact_until"),
        (-1, 1, "contact_until"),
        (24, -1, "separated_at"),
    ],
)
def test_a_contact_arrangement_past_72_hours_or_a_future_separation_is_refused(
    contact_hours: float, now_offset: float, field: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        _clocks(contact_hours=contact_hours, now=SEPARATED + timedelta(hours=now_offset))
    assert refused.value.extra["field"] == field


def test_contact_may_last_the_full_72_hours_and_the_clock_may_lag_a_little() -> None:
    _clocks(contact_hours=72)
    _clocks(now=SEPARATED - timedelta(minutes=4))


# --- the caps of the care forms (SHS) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "cap"), [("foster_family", 4), ("family_home", 6), ("substitute_home", 6)]
)
def test_a_provider_is_registered_with_at_most_the_cap_of_its_form(form: str, cap: int) -> None:
    check_capacity(form, cap)
    with pytest.raises(RuleViolation) as refused:
        check_capacity(form, cap + 1)
    assert refused.value.extra == {"field": "capacity", "cap": cap}
    assert refused.value.detail is messages.CAPACITY_OVER_LEGAL_CAP
    assert refused.value.params == {"cap": cap}


def test_the_last_place_is_taken_and_one_more_child_needs_consent_and_ska() -> None:
    assert over_capacity(4, 3, guardian_consent=False, ska_approval_ref=None) is False
    for consent, ska in ((False, None), (True, None), (False, "SKA-1")):
        with pytest.raises(RuleViolation) as refused:
            over_capacity(4, 4, guardian_consent=consent, ska_approval_ref=ska)
        assert refused.value.extra["in_care"] == 4
        assert refused.value.detail is messages.OVER_CAPACITY_NEEDS_APPROVAL
        assert refused.value.detail.render("et", **refused.value.params) == (
            "Teenuseosutaja hooldab juba 4 last (piirarv 4); piirarvu ületamiseks on vaja "
            "eestkostjate nõusolekut ja SKA kooskõlastust"
        )
    assert over_capacity(4, 4, guardian_consent=True, ska_approval_ref="SKA-1") is True
