"""The preliminary-assessment decision form to the casework API's body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heaolu_web.common.api import page_items


def _value(form: Mapping[str, Any], name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def decision_body(form: Mapping[str, Any]) -> dict[str, Any]:
    """Only the fields the chosen outcome uses; the API decides whether they suffice."""
    outcome = _value(form, "outcome") or "open_case"
    body: dict[str, Any] = {"outcome": outcome, "reason": _value(form, "reason")}
    if outcome == "open_case":
        child = {
            "given_name": _value(form, "given_name"),
            "family_name": _value(form, "family_name"),
            "personal_code": _value(form, "personal_code"),
        }
        body["child"] = {k: v for k, v in child.items() if v}
    elif outcome == "not_opened":
        body["one_off_measure"] = _value(form, "one_off_measure")
    elif outcome == "forwarded":
        body["forwarded_to_municipality"] = _value(form, "forwarded_to_municipality")
    return {k: v for k, v in body.items() if v is not None}


def work_lists(assessments: Any, cases: Any, deadlines: Any) -> dict[str, Any]:
    """My work from the casework API's pages: the pending assessments assigned to me, my open
    cases, and the clocks not already shown with an assessment above (each listed once)."""
    mine = [
        a
        for a in page_items(assessments)
        if isinstance(a, dict) and a.get("assignee") and a.get("status") == "pending"
    ]
    shown = {str(a.get("id")) for a in mine}
    clocks = [
        d
        for d in page_items(deadlines)
        if isinstance(d, dict) and str(d.get("record_id")) not in shown
    ]
    return {"assessments": mine, "cases": page_items(cases), "deadlines": clocks}


def plan_ids(deadlines: list[Any]) -> list[str]:
    """The case plans a case's clocks belong to (review and evaluation dates), each once, in
    the order of their first clock."""
    ids: dict[str, None] = {}
    for deadline in deadlines:
        if isinstance(deadline, dict) and deadline.get("record_type") == "case_plan":
            ids.setdefault(str(deadline.get("record_id")), None)
    return list(ids)
