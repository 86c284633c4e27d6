"""Where a report goes, who it is about, and what is sealed about the reporter (ADR 0007)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from heaolu_intake.reports.rules import (
    NotAChild,
    Route,
    age_on,
    entered_on_behalf,
    refuse_adults,
    report_age_band,
    reporter_identity,
    route,
)
from heaolu_shared.contracts.bands import age_band
from services.intake.tests import factories as make

TODAY = date(2026, 12, 1)


def test_the_registered_residence_decides_before_where_the_child_is() -> None:
    assert route("0663", "0919") == Route("0663", "residence")


def test_without_a_known_residence_the_report_goes_where_the_child_is() -> None:
    assert route(None, "0919") == Route("0919", "location")


def test_with_neither_known_the_report_waits_in_skas_triage_queue() -> None:
    assert route(None, None) == Route(None, "ska_triage")


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (date(2008, 12, 1), 18),  # the 18th birthday today
        (date(2008, 12, 2), 17),  # tomorrow
        (date(2016, 2, 29), 10),
    ],
)
def test_age_counts_full_years(born: date, age: int) -> None:
    assert age_on(born, TODAY) == age


def test_a_report_about_an_adult_is_refused_with_directions() -> None:
    adult = make.personal_code(date(2008, 12, 1))
    with pytest.raises(NotAChild) as refused:
        refuse_adults(make.report_create(adult), TODAY)
    assert refused.value.extra == {"field": "child"}
    assert refused.value.status == 422


def test_a_report_about_someone_turning_eighteen_tomorrow_is_accepted() -> None:
    refuse_adults(make.report_create(make.personal_code(date(2008, 12, 2))), TODAY)


def test_a_birth_date_without_a_personal_code_counts_too() -> None:
    body = make.report_body(
        child={"name": "Mari Maasikas", "birth_date": "1990-01-01"},
    )
    with pytest.raises(NotAChild):
        refuse_adults(make.report_create(**body), TODAY)


def test_a_child_described_only_is_accepted() -> None:
    refuse_adults(make.report_create(child={"description": "Umbes 10-aastane poiss"}), TODAY)


def test_a_teacher_is_the_reporter_and_their_account_is_sealed() -> None:
    teacher = make.teacher()
    assert not entered_on_behalf(teacher)
    identity = reporter_identity(make.report_create(), teacher)
    assert identity == {"account": teacher.subject, "username": teacher.username}


def test_a_worker_entering_a_call_is_not_the_reporter() -> None:
    worker = make.worker()
    body = make.report_create(reporter={"name": "Helistaja", "phone": "+372 5555 5555"})
    assert entered_on_behalf(worker)
    assert reporter_identity(body, worker) == {"name": "Helistaja", "phone": "+372 5555 5555"}


def test_an_anonymous_report_without_contacts_seals_nothing() -> None:
    assert reporter_identity(make.report_create(), None) is None


def test_the_events_carry_an_age_band_never_the_birth_date() -> None:
    code = make.personal_code(date(2015, 5, 15))
    report = make.report(child_personal_code=code)
    on = datetime(2026, 12, 1, 10, tzinfo=UTC)
    assert report_age_band(report, on) == age_band(date(2015, 5, 15), on.date())
    assert report_age_band(make.report(child_personal_code=None), on) is None
