"""Applying for a social service: the catalogue, whose application it is, where it goes, and
the term for the decision (10 working days of the Estonian calendar, HMS § 41)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from heaolu_intake.applications.rules import (
    SERVICE_CATALOGUE,
    CannotRoute,
    Destination,
    applicant_code,
    decision_due,
    destination,
    require_catalogued,
)
from heaolu_intake.applications.service import application_scope
from heaolu_intake.settings import Settings
from heaolu_shared.access import AccessContext, Action, decide
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import RuleViolation
from services.intake.tests import factories as make

CALENDAR = default_calendar()


def test_the_default_term_is_ten_working_days() -> None:
    assert Settings.model_fields["application_decision_working_days"].default == 10


@pytest.mark.parametrize(
    "received_at",
    [
        datetime(2026, 12, 1, 9, tzinfo=UTC),  # a Tuesday
        datetime(2026, 12, 18, 21, tzinfo=UTC),  # Friday evening, Saturday in Tallinn
        datetime(2026, 12, 22, 12, tzinfo=UTC),  # before Christmas (three holidays)
    ],
)
def test_the_term_is_ten_working_days_of_the_one_calendar(received_at: datetime) -> None:
    due = decision_due(received_at, 10, CALENDAR)
    expected_day = CALENDAR.add_working_days(CALENDAR.local_date(received_at), 10)
    assert due == CALENDAR.end_of_local_day(expected_day)
    assert CALENDAR.working_days_between(CALENDAR.local_date(received_at), expected_day) == 10


def test_christmas_holidays_lengthen_the_term() -> None:
    before = decision_due(datetime(2026, 12, 22, 12, tzinfo=UTC), 10, CALENDAR)
    plain = decision_due(datetime(2026, 11, 3, 12, tzinfo=UTC), 10, CALENDAR)
    assert CALENDAR.local_date(before) - date(2026, 12, 22) > CALENDAR.local_date(plain) - date(
        2026, 11, 3
    )


def test_only_catalogued_services_may_be_applied_for() -> None:
    require_catalogued(next(iter(SERVICE_CATALOGUE)))
    with pytest.raises(RuleViolation) as refused:
        require_catalogued("flying_lessons")
    assert refused.value.extra == {"field": "service_code"}


def test_a_citizen_applies_as_themselves_whatever_the_body_says() -> None:
    citizen = make.citizen("38001085718")
    other = make.personal_code(date(1985, 1, 1))
    data = make.application_create(applicant_personal_code=other)
    assert applicant_code(citizen, data) == "38001085718"


def test_a_worker_names_the_applicant() -> None:
    code = make.personal_code(date(1985, 1, 1))
    data = make.application_create(applicant_personal_code=code)
    assert applicant_code(make.specialist(), data) == code
    with pytest.raises(RuleViolation):
        applicant_code(make.specialist(), make.application_create())


def test_a_professional_reporter_does_not_apply_for_others() -> None:
    data = make.application_create(applicant_personal_code=make.personal_code(date(1985, 1, 1)))
    with pytest.raises(RuleViolation):
        applicant_code(make.teacher(), data)


def test_the_registered_residence_decides_where_an_application_goes() -> None:
    data = make.application_create(municipality=make.VORU)
    assert destination("0663", data, make.specialist()) == Destination("0663", "residence")
    assert destination(None, data, make.specialist()) == Destination(make.VORU, "stated")
    unnamed = make.application_create(municipality=None)
    assert destination(None, unnamed, make.specialist()) == Destination(make.VORU, "stated")
    with pytest.raises(CannotRoute):
        destination(None, unnamed, make.citizen("38001085718"))


def test_the_assigned_specialist_and_the_head_read_the_application_others_do_not() -> None:
    specialist, colleague = make.specialist(), make.specialist("colleague")
    application = make.application(assignee=specialist.subject)
    ctx = AccessContext(now=datetime(2026, 12, 1, tzinfo=UTC))
    scope = application_scope(application)
    assert decide(specialist, Action.READ, scope, ctx).allowed
    assert decide(make.head(municipality=make.VORU), Action.READ, scope, ctx).allowed
    assert not decide(colleague, Action.READ, scope, ctx).allowed
    assert not decide(make.head(), Action.READ, scope, ctx).allowed  # another municipality
