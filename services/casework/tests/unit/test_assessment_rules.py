"""Preliminary assessment (LasteKS §28, SHS §9) and needs assessment (LasteKS §28(2), §21)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from heaolu_casework.assessments import rules
from heaolu_casework.assessments.schemas import PreliminaryDecision
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import RuleViolation
from heaolu_shared.roles import Role

from ..factories import RAKVERE, needs_assessment, principal

TALLINN = ZoneInfo("Europe/Tallinn")


def _local_last_day(due: datetime) -> date:
    return default_calendar().local_date(due)


@pytest.mark.parametrize(
    ("received", "last_day"),
    [
        # Ten calendar days, whatever the hour: a Monday report is due the Thursday after next.
        (datetime(2026, 3, 2, 23, 50, tzinfo=TALLINN), date(2026, 3, 12)),
        # The tenth day is Independence Day (Tuesday 24 February): the next working day.
        (datetime(2026, 2, 14, 9, tzinfo=TALLINN), date(2026, 2, 25)),
        # The tenth day is Christmas Eve; 25, 26 December and Sunday follow: Monday 28th.
        (datetime(2026, 12, 14, 9, tzinfo=TALLINN), date(2026, 12, 28)),
        # The tenth day is a Saturday: Monday.
        (datetime(2026, 11, 11, 9, tzinfo=TALLINN), date(2026, 11, 23)),
    ],
)
def test_the_preliminary_assessment_is_due_ten_calendar_days_after_the_report(
    received: datetime, last_day: date
) -> None:
    due = rules.preliminary_due(received, default_calendar())
    assert _local_last_day(due) == last_day
    assert due.astimezone(TALLINN).time().hour == 23, "the whole last day counts"


def _decision(**fields: object) -> PreliminaryDecision:
    return PreliminaryDecision.model_validate(fields)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": "not_opened", "one_off_measure": "Toidupakk"}, "reason"),
        (
            {"outcome": "not_opened", "reason": "Vajadus kaetud", "one_off_measure": " "},
            "one_off_measure",
        ),
        ({"outcome": "not_opened", "reason": "Vajadus kaetud"}, "one_off_measure"),
    ],
)
def test_not_opening_needs_the_reason_and_the_one_off_measure(
    fields: dict[str, object], field: str
) -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.check_not_opened(_decision(**fields))
    assert refused.value.extra["field"] == field


def test_not_opening_with_reason_and_measure_is_allowed() -> None:
    rules.check_not_opened(
        _decision(outcome="not_opened", reason="Vajadus kaetud", one_off_measure="Toidupakk")
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"outcome": "forwarded", "forwarded_to_municipality": "0321"},
        {"outcome": "forwarded", "reason": "Elab mujal"},
        {
            "outcome": "forwarded",
            "reason": "Elab mujal",
            "forwarded_to_municipality": "0321",
            "forwarded_to_official": "Politsei",
        },
        {"outcome": "forwarded", "reason": "Elab mujal", "forwarded_to_municipality": RAKVERE},
    ],
)
def test_forwarding_names_why_and_exactly_one_other_recipient(fields: dict[str, object]) -> None:
    with pytest.raises(RuleViolation):
        rules.check_forwarded(_decision(**fields), RAKVERE)


@pytest.mark.parametrize(
    "target", [{"forwarded_to_municipality": "0321"}, {"forwarded_to_official": "Politsei"}]
)
def test_forwarding_to_another_municipality_or_an_official(target: dict[str, str]) -> None:
    rules.check_forwarded(_decision(outcome="forwarded", reason="Elab mujal", **target), RAKVERE)


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.CHILD_PROTECTION_WORKER, "child_protection", True),
        (Role.SOCIAL_SERVICES_SPECIALIST, "child_protection", True),
        (Role.DEPARTMENT_HEAD, "child_protection", True),
        (Role.SKA_COUNSELLOR, "child_protection", False),
        (Role.SKA_COUNSELLOR, "social_services", True),
    ],
)
def test_who_opens_a_child_protection_case(role: Role, kind: str, allowed: bool) -> None:
    assert rules.may_open(principal(role), kind) is allowed


def test_a_whole_needs_assessment_has_no_gaps() -> None:
    assert rules.needs_gaps(needs_assessment()) == []


def test_every_domain_of_the_law_is_assessed() -> None:
    assessment = needs_assessment()
    del assessment.findings["parenting_capacity"]
    assert rules.needs_gaps(assessment) == ["findings.parenting_capacity"]


def test_an_empty_draft_lists_everything_missing() -> None:
    gaps = rules.needs_gaps(needs_assessment(complete=False))
    assert gaps[:9] == [
        "findings.physical",
        "findings.health",
        "findings.psychological",
        "findings.emotional",
        "findings.social",
        "findings.cognitive",
        "findings.educational",
        "findings.economic",
        "findings.parenting_capacity",
    ]
    assert gaps[9:] == ["sources", "child_opinion", "conclusion"]


def test_the_childs_opinion_or_why_it_could_not_be_obtained() -> None:
    silent = needs_assessment(child_opinion=None, child_heard_on=None)
    assert rules.needs_gaps(silent) == ["child_opinion"]
    blank = needs_assessment(child_opinion="  ")
    assert rules.needs_gaps(blank) == ["child_opinion"]
    too_young = needs_assessment(
        child_opinion=None, child_heard_on=None, child_opinion_missing_reason="Laps on 1-aastane"
    )
    assert rules.needs_gaps(too_young) == []


def test_an_opinion_records_when_the_child_was_heard() -> None:
    assert rules.needs_gaps(needs_assessment(child_heard_on=None)) == ["child_heard_on"]
