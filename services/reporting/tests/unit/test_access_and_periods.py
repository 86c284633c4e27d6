"""Who sees which area; periods and weeks in Estonian time; age bands."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from heaolu_reporting.common.access import (
    Level,
    UnknownArea,
    area_for,
    require_feed_reader,
    require_worker,
)
from heaolu_reporting.common.periods import InvalidPeriod, Period, iso_week, week_start
from heaolu_reporting.messages import (
    BAD_PERIOD,
    BOTH_AREAS,
    FEED_ONLY_SKA,
    NATIONAL_ONLY,
    NO_MUNICIPALITY,
    NO_ROLE,
    OTHER_MUNICIPALITY,
    UNKNOWN_COUNTY,
    UNKNOWN_MUNICIPALITY,
)
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.bands import age_band
from heaolu_shared.errors import DomainError, NotPermitted, error_response
from heaolu_shared.roles import Role


def who(*roles: str, municipality: str | None = None) -> Principal:
    return Principal(subject="s-1", roles=frozenset(roles), municipality=municipality)


def test_ska_sees_every_area_and_the_nation_by_default() -> None:
    ska = who(Role.SKA_COUNSELLOR)
    assert area_for(ska, None, None).level is Level.NATIONAL
    assert area_for(ska, "0321", None).municipalities == ("0321",)
    lääne_viru = area_for(ska, None, "0060").municipalities
    assert lääne_viru is not None and "0663" in lääne_viru and len(lääne_viru) == 8


def test_an_area_ehak_does_not_know_is_refused() -> None:
    ska = who(Role.SKA_COUNSELLOR)
    for municipality, county, message in (
        ("9999", None, UNKNOWN_MUNICIPALITY),
        (None, "0663", UNKNOWN_COUNTY),
        ("0663", "0060", BOTH_AREAS),
    ):
        with pytest.raises(UnknownArea) as refused:
            area_for(ska, municipality, county)
        assert refused.value.detail is message


def test_a_national_table_is_skas_and_has_no_smaller_area() -> None:
    with pytest.raises(NotPermitted) as refused:
        area_for(who(Role.DEPARTMENT_HEAD, municipality="0663"), None, None, national_only=True)
    assert refused.value.detail is NATIONAL_ONLY
    with pytest.raises(UnknownArea) as narrowed:
        area_for(who(Role.SKA_CENTRAL_AUTHORITY), "0663", None, national_only=True)
    assert narrowed.value.detail is NATIONAL_ONLY


def test_a_department_head_sees_only_their_municipality() -> None:
    head = who(Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER, municipality="0663")
    assert area_for(head, None, None).municipalities == ("0663",)
    assert area_for(head, "0663", None).code == "0663"
    for municipality, county in (("0321", None), (None, "0060")):
        with pytest.raises(NotPermitted) as refused:
            area_for(head, municipality, county)
        assert refused.value.detail is OTHER_MUNICIPALITY
    with pytest.raises(NotPermitted) as unattached:
        area_for(who(Role.DEPARTMENT_HEAD), None, None)
    assert unattached.value.detail is NO_MUNICIPALITY


@pytest.mark.parametrize(
    "principal",
    [
        who(Role.CHILD_PROTECTION_WORKER, municipality="0663"),
        who(Role.AUDITOR),
        who(Role.CITIZEN),
        who(Role.PROFESSIONAL_REPORTER, municipality="0663"),
        who(Role.SKA_FEED_CONSUMER, "service"),
    ],
)
def test_nobody_else_sees_area_figures(principal: Principal) -> None:
    with pytest.raises(NotPermitted) as refused:
        area_for(principal, None, None)
    assert refused.value.detail is NO_ROLE


def test_workers_see_their_own_caseload_and_only_ska_reads_the_feed() -> None:
    assert require_worker(who(Role.NGTS_CASE_MANAGER, municipality="0897")) == "s-1"
    with pytest.raises(NotPermitted) as not_a_worker:
        require_worker(who(Role.SKA_COUNSELLOR))
    assert not_a_worker.value.detail is NO_ROLE
    require_feed_reader(who(Role.SKA_FEED_CONSUMER))
    require_feed_reader(who(Role.SKA_CENTRAL_AUTHORITY))
    with pytest.raises(NotPermitted) as not_ska:
        require_feed_reader(who(Role.DEPARTMENT_HEAD, municipality="0663"))
    assert not_ska.value.detail is FEED_ONLY_SKA


def test_a_period_is_whole_days_in_estonian_time() -> None:
    period = Period.of(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 12, 1))
    assert period.start == datetime(2026, 2, 28, 22, tzinfo=UTC)
    assert period.end == datetime(2026, 3, 31, 21, tzinfo=UTC)  # summer time began on 29 March
    assert Period.of(None, None, today=date(2026, 12, 1)).first == date(2026, 1, 1)
    with pytest.raises(InvalidPeriod) as backwards:
        Period.of(date(2026, 3, 2), date(2026, 3, 1), today=date(2026, 12, 1))
    assert backwards.value.detail is BAD_PERIOD
    with pytest.raises(InvalidPeriod):
        Period.of(date(2010, 1, 1), date(2026, 3, 1), today=date(2026, 12, 1))


def _problem(error: DomainError, accept_language: str | None) -> dict[str, object]:
    body: dict[str, object] = json.loads(bytes(error_response(error, accept_language).body))
    return body


@pytest.mark.parametrize(
    ("accept", "title", "detail"),
    [
        (None, "Vigane periood", "Periood peab algama enne lõppu ja olema kuni 10 aastat pikk"),
        (
            "en",
            "Invalid period",
            "The period must start before it ends and span at most 10 years",
        ),
    ],
)
def test_a_refusal_is_in_the_callers_language(accept: str | None, title: str, detail: str) -> None:
    with pytest.raises(InvalidPeriod) as refused:
        Period.of(date(2026, 3, 2), date(2026, 3, 1), today=date(2026, 12, 1))
    problem = _problem(refused.value, accept)
    assert (problem["status"], problem["code"]) == (400, "reporting.period-order-and-span")
    assert (problem["title"], problem["detail"]) == (title, detail)
    assert str(problem["type"]).endswith("/invalid-period")

    with pytest.raises(UnknownArea) as unknown:
        area_for(who(Role.SKA_COUNSELLOR), "9999", None)
    area = _problem(unknown.value, accept)
    assert area["code"] == "reporting.unknown-municipality"
    assert area["title"] == ("Unknown area" if accept == "en" else "Tundmatu piirkond")


def test_the_feed_week_is_the_estonian_iso_week() -> None:
    # Sunday 23:30 UTC is already Monday in Tallinn.
    assert iso_week(datetime(2026, 11, 29, 23, 30, tzinfo=UTC)) == "2026-W49"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert week_start("2026-W49") == datetime(2026, 11, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        ((2026, 1, 1), "0-2"),
        ((2019, 12, 1), "7-11"),
        ((2014, 12, 2), "7-11"),
        ((2008, 1, 1), "18-26"),
    ],
)
def test_age_bands(born: tuple[int, int, int], band: str) -> None:
    assert age_band(date(*born), date(2026, 12, 1)) == band
