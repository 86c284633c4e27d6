"""Substitute care's date rules: the age limit and the 90 days of temporary care."""

from __future__ import annotations

from datetime import date

import pytest

from heaolu_casework.care.rules import (
    care_age_limit,
    check_placement_dates,
    temporary_care_last_day,
)
from heaolu_casework.care.schemas import PlacementIn
from heaolu_shared.errors import RuleViolation


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
    return PlacementIn.model_validate({"provider_code": "FF-1", **fields})


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
