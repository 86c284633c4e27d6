"""The preliminary-assessment decision form to the casework API's body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


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
