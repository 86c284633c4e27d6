"""Who sees which area; periods and weeks in Estonian time; age bands."""

from __future__ import annotations

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
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.bands import age_band
from heaolu_shared.errors import NotPermitted
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
    for municipality, county in (("9999", None), (None, "0663"), ("0663", "0060")):
        with pytest.raises(UnknownArea):
            area_for(ska, municipality, county)


def test_a_department_head_sees_only_their_municipality() -> None:
    head = who(Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER, municipality="0663")
    assert area_for(head, None, None).municipalities == ("0663",)
    assert area_for(head, "0663", None).code == "0663"
    for municipality, county in (("0321", None), (None, "0060")):
        with pytest.raises(NotPermitted):
            area_for(head, municipality, county)


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
    with pytest.raises(NotPermitted):
        area_for(principal, None, None)


def test_workers_see_their_own_caseload_and_only_ska_reads_the_feed() -> None:
    assert require_worker(who(Role.NGTS_CASE_MANAGER, municipality="0897")) == "s-1"
    with pytest.raises(NotPermitted):
        require_worker(who(Role.SKA_COUNSELLOR))
    require_feed_reader(who(Role.SKA_FEED_CONSUMER))
    require_feed_reader(who(Role.SKA_CENTRAL_AUTHORITY))
    with pytest.raises(NotPermitted):
        require_feed_reader(who(Role.DEPARTMENT_HEAD, municipality="0663"))


def test_a_period_is_whole_days_in_estonian_time() -> None:
    period = Period.of(date(2026, 3, 1), date(2026, 3, 31), today=date(2026, 12, 1))
    assert period.start == datetime(2026, 2, 28, 22, tzinfo=UTC)
    assert period.end == datetime(2026, 3, 31, 21, tzinfo=UTC)  # summer time began on 29 March
    assert Period.of(None, None, today=date(2026, 12, 1)).first == date(2026, 1, 1)
    with pytest.raises(InvalidPeriod):
        Period.of(date(2026, 3, 2), date(2026, 3, 1), today=date(2026, 12, 1))


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
