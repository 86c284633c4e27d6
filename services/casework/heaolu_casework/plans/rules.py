"""When a case plan is whole (regulation no. 10 of 9 Feb 2016, LasteKS §21, §28-29), without
I/O: what the plan itself lacks, and what the case around it must hold."""

from __future__ import annotations

from heaolu_casework.common.enums import CaseKind
from heaolu_casework.common.revisions import child_opinion_missing
from heaolu_casework.plans.schemas import CasePlanIn


def plan_gaps(
    plan: CasePlanIn,
    *,
    case_kind: str,
    needs_assessed: bool,
    has_representative: bool,
) -> list[str]:
    """What keeps the plan from approval: the child's opinion (or why it could not be obtained),
    for a child-protection case how the person raising the child was informed and involved and
    a legal representative in the case, the specialist's contacts, every part of the assessed
    need, the action plan, the review date, and a completed needs assessment."""
    missing: list[str] = []
    child_protection = case_kind == CaseKind.CHILD_PROTECTION
    if child_opinion_missing(plan.child_opinion, plan.child_opinion_missing_reason):
        missing.append("child_opinion")
    if child_protection and plan.caregiver_involvement is None:
        missing.append("caregiver_involvement")
    if not plan.specialist_contact:
        missing.append("specialist_contact")
    missing += [
        f"assessed_need.{name}"
        for name, value in plan.assessed_need.model_dump().items()
        if not value
    ]
    if not plan.action_plan:
        missing.append("action_plan")
    if plan.next_review_on is None:
        missing.append("next_review_on")
    if not needs_assessed:
        missing.append("completed needs assessment")
    if child_protection and not has_representative:
        missing.append("legal_representative")
    return missing
