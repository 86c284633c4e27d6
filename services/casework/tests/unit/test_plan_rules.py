"""A case plan is approved only when whole: regulation no. 10 of 9 Feb 2016, the child's opinion
(LasteKS §21), the caregiver's involvement, a completed needs assessment (LasteKS §28-29)."""

from __future__ import annotations

import pytest

from heaolu_casework.plans.rules import plan_gaps

from ..factories import case_plan_in

CHILD_PROTECTION = {
    "case_kind": "child_protection",
    "needs_assessed": True,
    "has_representative": True,
}


def test_a_whole_plan_in_a_child_protection_case_has_no_gaps() -> None:
    assert plan_gaps(case_plan_in(), **CHILD_PROTECTION) == []


def test_without_the_childs_opinion_the_plan_is_not_approved() -> None:
    assert plan_gaps(case_plan_in(child_opinion=None), **CHILD_PROTECTION) == ["child_opinion"]
    assert plan_gaps(case_plan_in(child_opinion="   "), **CHILD_PROTECTION) == ["child_opinion"]


def test_the_reason_the_child_could_not_be_heard_stands_for_the_opinion() -> None:
    plan = case_plan_in(child_opinion=None, child_opinion_missing_reason="Laps on imik")
    assert plan_gaps(plan, **CHILD_PROTECTION) == []


def test_the_person_raising_the_child_is_informed_and_involved_in_child_protection() -> None:
    plan = case_plan_in(caregiver_involvement=None)
    assert plan_gaps(plan, **CHILD_PROTECTION) == ["caregiver_involvement"]
    social = {**CHILD_PROTECTION, "case_kind": "social_services", "has_representative": False}
    assert plan_gaps(plan, **social) == []


@pytest.mark.parametrize(
    ("fields", "gap"),
    [
        ({"specialist_contact": None}, "specialist_contact"),
        ({"action_plan": []}, "action_plan"),
        ({"next_review_on": None}, "next_review_on"),
        ({"assessed_need": {"housing": "Üürikorter"}}, "assessed_need.social_network"),
    ],
)
def test_every_field_of_the_regulation_is_there(fields: dict[str, object], gap: str) -> None:
    assert gap in plan_gaps(case_plan_in(**fields), **CHILD_PROTECTION)


def test_the_plan_rests_on_a_completed_needs_assessment_and_a_legal_representative() -> None:
    gaps = plan_gaps(
        case_plan_in(), case_kind="child_protection", needs_assessed=False, has_representative=False
    )
    assert gaps == ["completed needs assessment", "legal_representative"]


def test_an_empty_draft_names_the_childs_opinion_first() -> None:
    gaps = plan_gaps(case_plan_in(complete=False), **CHILD_PROTECTION)
    assert gaps[0] == "child_opinion"
    assert {"caregiver_involvement", "specialist_contact", "action_plan", "next_review_on"} <= set(
        gaps
    )
    assert len([g for g in gaps if g.startswith("assessed_need.")]) == 8
