"""A request body refused by a rule of its own shape names that rule: its catalogue key as the
error's code and its text in the caller's language, not a bare "invalid value"."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from heaolu_casework.cases.schemas import CaseSearch, Closure, PartyIn
from heaolu_casework.common import messages
from heaolu_casework.common.schemas import PersonIn
from heaolu_casework.decisions.schemas import DecisionIn
from heaolu_casework.plans.schemas import ActionItem
from heaolu_shared.messages import Message, render
from heaolu_shared.validation import validation_errors

PERSON = {"given_name": "Sünteetiline", "family_name": "Laps"}
DECISION = {
    "service_code": "SHS-45",
    "outcome": "granted",
    "legal_basis": "SHS § 45",
    "reasoning": "Sünteetiline põhjendus",
    "provider_code": "P-1",
    "provider_name": "Sünteetiline teenuseosutaja",
}
ACTION = {
    "goal": "eesmärk",
    "activities": "tegevused",
    "responsible": ["töötaja"],
    "starts_on": "2026-03-02",
    "ends_on": "2026-06-01",
    "evaluation_on": "2026-06-01",
    "evaluation_method": "vestlus",
}


@pytest.mark.parametrize(
    ("model", "body", "message"),
    [
        (PartyIn, {"person": PERSON, "role": "guardian"}, messages.REPRESENTATIVE_NEEDS_BASIS),
        (PartyIn, {"person": PERSON, "role": "child"}, messages.CHILD_RECORDED_AT_OPENING),
        (
            CaseSearch,
            {"given_name": "Mari", "purpose": "päring"},
            messages.SEARCH_NEEDS_CODE_OR_NAME,
        ),
        (Closure, {"reason": "other"}, messages.OTHER_REASON_NEEDS_NOTE),
        (
            PersonIn,
            {**PERSON, "personal_code": "51505150000", "birth_date": "2016-01-01"},
            messages.BIRTH_DATE_NOT_OF_CODE,
        ),
        (DecisionIn, {**DECISION, "provider_name": None}, messages.GRANTED_NAMES_PROVIDER),
        (
            DecisionIn,
            {**DECISION, "starts_on": "2026-03-02", "ends_on": "2026-03-01"},
            messages.ENDS_BEFORE_START,
        ),
        (ActionItem, {**ACTION, "ends_on": "2026-03-01"}, messages.ENDS_BEFORE_START),
    ],
)
def test_a_body_refused_by_its_own_rule_names_the_rule(
    model: type[BaseModel], body: dict[str, Any], message: Message
) -> None:
    with pytest.raises(ValidationError) as refused:
        model.model_validate(body)
    ((_, code, text, params),) = validation_errors(refused.value.errors())
    assert code == message.key
    assert render(text, "et", **params) == message.texts["et"]
    assert render(text, "en", **params) == message.texts["en"]
