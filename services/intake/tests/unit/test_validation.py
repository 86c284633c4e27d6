"""What intake accepts from outside: bounded, typed text without control characters, valid
personal codes, no dates in the future, no unknown fields (ADR 0007, 0013)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from heaolu_intake.applications.schemas import ServiceApplicationCreate
from heaolu_intake.reports import schemas
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_shared.calendar import local_today
from services.intake.tests import factories as make


def _errors(body: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as refused:
        ReportCreate.model_validate(body)
    return [dict(error) for error in refused.value.errors()]


def _refused(body: dict[str, Any]) -> list[str]:
    return [".".join(str(p) for p in error["loc"]) for error in _errors(body)]


def _codes(body: dict[str, Any]) -> list[str]:
    """The catalogue keys of the refusals (the ``code`` of each error in the problem answer)."""
    return [str(error["type"]) for error in _errors(body)]


def test_a_valid_report_is_accepted() -> None:
    assert make.report_create().need_level == "in_need"


def test_the_generated_personal_codes_are_valid_and_distinct() -> None:
    codes = {make.personal_code(date(2015, 5, 15)) for _ in range(20)}
    assert len(codes) == 20
    for code in codes:
        make.report_create(code)


def test_a_personal_code_with_a_wrong_check_digit_is_refused() -> None:
    code = make.personal_code(date(2015, 5, 15))
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    assert "child.personal_code" in _refused(make.report_body(wrong))


def test_the_child_must_be_identified_somehow() -> None:
    # A name alone is not enough.
    assert _codes(make.report_body(child={"name": "Mari"})) == ["intake.child-unidentified"]


def test_an_unknown_field_is_refused() -> None:
    assert "surprise" in _refused(make.report_body(surprise=1))


@pytest.mark.parametrize("text", ["a\x00b", "a\x1bb", "a\u202eb"])
def test_control_and_bidi_override_characters_are_refused(text: str) -> None:
    body = make.report_body(concern={"category": "neglect", "text": text})
    assert "concern.text" in _refused(body)


def test_an_overlong_concern_is_refused() -> None:
    body = make.report_body(concern={"category": "neglect", "text": "x" * 10_001})
    assert "concern.text" in _refused(body)


def test_an_observation_in_the_future_is_refused() -> None:
    tomorrow = (local_today(schemas.clock()) + timedelta(days=1)).isoformat()
    assert "observed_on" in _refused(make.report_body(observed_on=tomorrow))
    assert _codes(make.report_body(observed_on=tomorrow)) == ["intake.date-in-future"]


def test_a_birth_in_the_future_is_refused() -> None:
    tomorrow = (local_today(schemas.clock()) + timedelta(days=1)).isoformat()
    body = make.report_body(child={"name": "Sünteetiline Laps", "birth_date": tomorrow})
    assert _codes(body) == ["intake.birth-in-future"]


@pytest.mark.parametrize(
    ("field", "location"), [("observed_on", "observed_on"), ("birth_date", "child")]
)
def test_today_is_tallinns_today_late_in_the_utc_evening(
    monkeypatch: pytest.MonkeyPatch, field: str, location: str
) -> None:
    # 21:30 UTC on 30 June is 00:30 on 1 July in Tallinn (summer time, three hours ahead).
    monkeypatch.setattr(schemas, "clock", lambda: datetime(2031, 6, 30, 21, 30, tzinfo=UTC))

    def body(day: str) -> dict[str, Any]:
        if field == "observed_on":
            return make.report_body(observed_on=day)
        return make.report_body(child={"name": "Sünteetiline Laps", "birth_date": day})

    ReportCreate.model_validate(body("2031-07-01"))
    assert _refused(body("2031-07-02")) == [location]


def test_an_unknown_need_level_is_refused() -> None:
    assert "need_level" in _refused(make.report_body(need_level="urgent"))


def test_a_municipality_is_an_ehak_code() -> None:
    body = make.report_body(location={"municipality": "Rakvere"})
    assert "location.municipality" in _refused(body)


def test_an_application_names_a_valid_applicant_code_if_any() -> None:
    with pytest.raises(ValidationError):
        ServiceApplicationCreate.model_validate(
            {"service_code": "home_care", "description": "x", "applicant_personal_code": "123"}
        )
