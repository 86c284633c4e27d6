"""Participation in a round and the designation of specialists, against PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import designated
from heaolu_ngts.designations import service as designations
from heaolu_ngts.rounds import service as rounds
from heaolu_shared import staff
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import Conflict, NotPermitted, PreconditionFailed, RuleViolation
from services.ngts.tests.integration.conftest import HEAD, SPECIALIST, designate

pytestmark = pytest.mark.integration
CALENDAR = WorkingDayCalendar()
FEBRUARY = datetime(2027, 2, 20, 10, tzinfo=UTC)


async def test_the_head_applies_once_before_the_deadline(session: AsyncSession) -> None:
    made = await rounds.apply_for_round(
        session, principal=HEAD, query_date=date(2027, 3, 15), now=FEBRUARY, calendar=CALENDAR
    )
    assert made.list_due_on == CALENDAR.add_working_days(date(2027, 3, 15), 5)
    with pytest.raises(Conflict) as again:
        await rounds.apply_for_round(
            session, principal=HEAD, query_date=date(2027, 3, 15), now=FEBRUARY, calendar=CALENDAR
        )
    assert again.value.detail is messages.ALREADY_APPLIED
    with pytest.raises(RuleViolation) as late:
        await rounds.apply_for_round(
            session,
            principal=HEAD,
            query_date=date(2027, 3, 15),
            now=datetime(2027, 3, 2, 10, tzinfo=UTC),
            calendar=CALENDAR,
        )
    assert late.value.detail is messages.APPLICATION_CLOSED
    assert late.value.extra == {"field": "query_date"}
    with pytest.raises(RuleViolation) as no_query:
        await rounds.apply_for_round(
            session, principal=HEAD, query_date=date(2027, 4, 15), now=FEBRUARY, calendar=CALENDAR
        )
    assert no_query.value.detail is messages.NOT_A_QUERY_DATE


async def test_an_undesignated_specialist_may_not_apply_and_a_designated_one_may(
    session: AsyncSession,
) -> None:
    with pytest.raises(NotPermitted):
        await rounds.apply_for_round(
            session,
            principal=SPECIALIST,
            query_date=date(2027, 10, 15),
            now=FEBRUARY,
            calendar=CALENDAR,
        )
    await designate(session)
    made = await rounds.apply_for_round(
        session,
        principal=SPECIALIST,
        query_date=date(2027, 10, 15),
        now=FEBRUARY,
        calendar=CALENDAR,
    )
    assert made.municipality == "0897"


async def test_the_head_designates_a_known_ngts_case_manager_with_dates(
    session: AsyncSession,
) -> None:
    with pytest.raises(RuleViolation) as reversed_dates:
        await designations.designate(
            session,
            principal=HEAD,
            specialist_username="viljandi.ngts",
            starts_on=date(2027, 1, 1),
            ends_on=date(2026, 12, 31),
            now=FEBRUARY,
        )
    assert reversed_dates.value.detail is messages.DESIGNATION_DATES
    assert reversed_dates.value.extra == {"field": "ends_on"}
    with pytest.raises(RuleViolation) as unknown:  # not seen by NGTS yet
        await designations.designate(
            session,
            principal=HEAD,
            specialist_username="viljandi.ngts",
            starts_on=date(2027, 1, 1),
            ends_on=None,
            now=FEBRUARY,
        )
    assert unknown.value.detail is messages.SPECIALIST_UNKNOWN
    await staff.register(session, SPECIALIST)
    await staff.register(session, HEAD)
    with pytest.raises(RuleViolation):  # a worker without the NGTS role
        await designations.designate(
            session,
            principal=HEAD,
            specialist_username="viljandi.head",
            starts_on=date(2027, 1, 1),
            ends_on=None,
            now=FEBRUARY,
        )
    with pytest.raises(NotPermitted):  # only a head designates
        await designations.designate(
            session,
            principal=SPECIALIST,
            specialist_username="viljandi.ngts",
            starts_on=date(2027, 1, 1),
            ends_on=None,
            now=FEBRUARY,
        )
    row = await designations.designate(
        session,
        principal=HEAD,
        specialist_username="viljandi.ngts",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 6, 30),
        now=FEBRUARY,
    )
    assert await designated(session, SPECIALIST, date(2027, 6, 30))
    assert not await designated(session, SPECIALIST, date(2026, 12, 31))
    assert not await designated(session, SPECIALIST, date(2027, 7, 1))

    with pytest.raises(PreconditionFailed):
        await designations.end_designation(
            session,
            principal=HEAD,
            designation_id=row.id,
            ends_on=date(2027, 3, 31),
            if_match='"9"',
        )
    await designations.end_designation(
        session,
        principal=HEAD,
        designation_id=row.id,
        ends_on=date(2027, 3, 31),
        if_match=f'"{row.version}"',
    )
    assert not await designated(session, SPECIALIST, date(2027, 4, 1))
