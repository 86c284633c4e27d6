"""Participation in a round and the designation of specialists, against PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.access import designated
from heaolu_ngts.common.http import API_PREFIX
from heaolu_ngts.designations import api as designations_api
from heaolu_ngts.designations import service as designations
from heaolu_ngts.designations.schemas import DesignationIn
from heaolu_ngts.rounds import api as rounds_api
from heaolu_ngts.rounds import rules as round_rules
from heaolu_ngts.rounds import service as rounds
from heaolu_ngts.rounds.schemas import ParticipationIn
from heaolu_shared import staff
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar, default_calendar
from heaolu_shared.errors import Conflict, NotPermitted, PreconditionFailed, RuleViolation
from heaolu_shared.plumbing import Creator
from heaolu_shared.roles import Role
from services.ngts.tests.integration.conftest import HEAD, SPECIALIST, designate

pytestmark = pytest.mark.integration
CALENDAR = WorkingDayCalendar()
FEBRUARY = datetime(2027, 2, 20, 10, tzinfo=UTC)


async def test_the_head_applies_once_before_the_deadline(session: AsyncSession) -> None:
    made = await rounds.apply_for_round(
        session, principal=HEAD, query_date=date(2027, 3, 15), now=FEBRUARY, calendar=CALENDAR
    )
    assert made.list_due_on == CALENDAR.add_working_days(date(2027, 3, 15), 5)
    with pytest.raises(Conflict):
        await rounds.apply_for_round(
            session, principal=HEAD, query_date=date(2027, 3, 15), now=FEBRUARY, calendar=CALENDAR
        )
    with pytest.raises(RuleViolation):
        await rounds.apply_for_round(
            session,
            principal=HEAD,
            query_date=date(2027, 3, 15),
            now=datetime(2027, 3, 2, 10, tzinfo=UTC),
            calendar=CALENDAR,
        )
    with pytest.raises(RuleViolation):
        await rounds.apply_for_round(
            session, principal=HEAD, query_date=date(2027, 4, 15), now=FEBRUARY, calendar=CALENDAR
        )


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
    with pytest.raises(RuleViolation):  # not seen by NGTS yet
        await designations.designate(
            session,
            principal=HEAD,
            specialist_username="viljandi.ngts",
            starts_on=date(2027, 1, 1),
            ends_on=None,
            now=FEBRUARY,
        )
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


def _creation(session: AsyncSession, principal: Principal, key: str) -> Creator:
    return Creator(session, principal, Response(), key, API_PREFIX)


async def test_a_retried_designation_is_answered_only_to_a_head_of_its_municipality(
    session: AsyncSession,
) -> None:
    await staff.register(session, SPECIALIST)
    key = str(uuid.uuid4())
    body = DesignationIn(specialist_username="viljandi.ngts", starts_on=date(2027, 1, 1))
    first = await designations_api.designate(body, HEAD, session, _creation(session, HEAD, key))
    again = _creation(session, HEAD, key)
    assert await designations_api.designate(body, HEAD, session, again) == first
    assert again.response.status_code == 200
    # The same account, no longer a head: the stored answer is not shown.
    former = HEAD.model_copy(update={"roles": frozenset({Role.CHILD_PROTECTION_WORKER})})
    with pytest.raises(NotPermitted):
        await designations_api.designate(body, former, session, _creation(session, former, key))


async def test_a_retried_application_is_answered_only_to_who_may_work_the_round(
    session: AsyncSession,
) -> None:
    # The endpoint reads the clock: the round is the next one still open for applications.
    today = default_calendar().local_date(datetime.now(UTC))
    query_date = next(
        d for d in round_rules.upcoming_query_dates(today) if round_rules.may_apply(d, today)
    )
    key = str(uuid.uuid4())
    body = ParticipationIn(query_date=query_date)
    first = await rounds_api.apply_for_round(body, HEAD, session, _creation(session, HEAD, key))
    assert (
        await rounds_api.apply_for_round(body, HEAD, session, _creation(session, HEAD, key))
        == first
    )
    # The same account, now with another municipality: the stored answer is not shown.
    moved = HEAD.model_copy(update={"municipality": "0321"})
    with pytest.raises(NotPermitted):
        await rounds_api.apply_for_round(body, moved, session, _creation(session, moved, key))
