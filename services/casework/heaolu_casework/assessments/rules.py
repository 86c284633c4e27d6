"""The rules of assessments, without I/O: the 10-day term, what a preliminary decision must
say, who opens which case, and when a needs assessment is whole."""

from __future__ import annotations

from datetime import datetime

from heaolu_casework.assessments.schemas import NEEDS_DOMAINS, PreliminaryDecision
from heaolu_casework.common import messages
from heaolu_casework.common.enums import CaseKind
from heaolu_casework.common.models import NeedsAssessment
from heaolu_casework.common.revisions import child_opinion_missing
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import RuleViolation
from heaolu_shared.messages import Message
from heaolu_shared.roles import Role

PRELIMINARY_ASSESSMENT_DAYS = 10
"""LasteKS §28: decide within 10 calendar days of learning of the child in need."""
OPENS_CHILD_PROTECTION = frozenset(
    {Role.CHILD_PROTECTION_WORKER, Role.DEPARTMENT_HEAD, Role.SOCIAL_SERVICES_SPECIALIST}
)


def preliminary_due(received_at: datetime, calendar: WorkingDayCalendar) -> datetime:
    """The 10 days run from when the report was received, also when it reached the municipality
    later (out of SKA's triage queue); a term ending on a day off moves to the next working
    day."""
    return calendar.calendar_days_term(received_at, PRELIMINARY_ASSESSMENT_DAYS)


def _require_text(value: str | None, field: str, detail: Message) -> None:
    if not value or not value.strip():
        raise RuleViolation(detail, extra={"field": field})


def check_not_opened(decision: PreliminaryDecision) -> None:
    """Not opening case management is allowed only when a one-off measure met the need, and the
    decision records its reason (LasteKS §28, SHS §9)."""
    _require_text(decision.reason, "reason", messages.NOT_OPENED_NEEDS_REASON)
    _require_text(
        decision.one_off_measure, "one_off_measure", messages.NOT_OPENED_NEEDS_ONE_OFF_MEASURE
    )


def check_forwarded(decision: PreliminaryDecision, municipality: str) -> None:
    """Forwarding names why, and exactly one competent municipality (another one) or official."""
    _require_text(decision.reason, "reason", messages.FORWARDING_NEEDS_REASON)
    target, official = decision.forwarded_to_municipality, decision.forwarded_to_official
    if bool(target) == bool(official):
        raise RuleViolation(messages.FORWARD_TO_ONE, extra={"field": "forwarded_to_municipality"})
    if target == municipality:
        raise RuleViolation(
            messages.FORWARD_TO_ANOTHER_MUNICIPALITY, extra={"field": "forwarded_to_municipality"}
        )


def may_open(principal: Principal, kind: str) -> bool:
    """Child-protection cases are opened by child-protection workers, social-services
    specialists and department heads."""
    return kind != CaseKind.CHILD_PROTECTION or bool(principal.roles & OPENS_CHILD_PROTECTION)


def needs_gaps(assessment: NeedsAssessment) -> list[str]:
    """What a needs assessment lacks to be completed: every LasteKS §28(2) domain assessed, its
    sources named, the child's opinion (with the day the child was heard) or why it could not
    be obtained, and a conclusion."""
    missing = [f"findings.{d}" for d in NEEDS_DOMAINS if d not in assessment.findings]
    if not assessment.sources:
        missing.append("sources")
    if child_opinion_missing(assessment.child_opinion, assessment.child_opinion_missing_reason):
        missing.append("child_opinion")
    if assessment.child_opinion and not assessment.child_heard_on:
        missing.append("child_heard_on")
    if not assessment.conclusion:
        missing.append("conclusion")
    return missing
