"""A creation retried with its ``Idempotency-Key`` gets the stored answer only while the caller
may still see it: the endpoints called with the real plumbing, against PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.http import API_PREFIX
from heaolu_ngts.designations import api as designations_api
from heaolu_ngts.designations.schemas import DesignationIn
from heaolu_ngts.inquiries import api as inquiries_api
from heaolu_ngts.inquiries.schemas import InquiryIn, PrepaymentIn
from heaolu_ngts.rounds import api as rounds_api
from heaolu_ngts.rounds import rules as round_rules
from heaolu_ngts.rounds.schemas import ParticipationIn
from heaolu_shared import staff
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import NotPermitted
from heaolu_shared.plumbing import Creator
from heaolu_shared.roles import Role
from services.ngts.tests.integration.conftest import HEAD, SPECIALIST, designate

pytestmark = pytest.mark.integration


def _creation(session: AsyncSession, principal: Principal, key: str) -> Creator:
    return Creator(session, principal, Response(), key, API_PREFIX)


def _moved(principal: Principal) -> Principal:
    """The same account, now in another municipality."""
    return principal.model_copy(update={"municipality": "0321"})


async def test_a_designation_is_answered_again_only_to_a_head_of_its_municipality(
    session: AsyncSession,
) -> None:
    await staff.register(session, SPECIALIST)
    key = str(uuid.uuid4())
    body = DesignationIn(specialist_username="viljandi.ngts", starts_on=date(2027, 1, 1))
    first = await designations_api.designate(body, HEAD, session, _creation(session, HEAD, key))
    again = _creation(session, HEAD, key)
    assert await designations_api.designate(body, HEAD, session, again) == first
    assert again.response.status_code == 200
    former = HEAD.model_copy(update={"roles": frozenset({Role.CHILD_PROTECTION_WORKER})})
    with pytest.raises(NotPermitted):
        await designations_api.designate(body, former, session, _creation(session, former, key))


async def test_an_application_is_answered_again_only_to_who_may_work_the_round(
    session: AsyncSession,
) -> None:
    # The endpoint reads the clock: the round is the next one still open for applications.
    today = default_calendar().local_date(datetime.now(UTC))
    open_rounds = round_rules.upcoming_query_dates(today)
    query_date = next(d for d in open_rounds if round_rules.may_apply(d, today))
    key = str(uuid.uuid4())
    body = ParticipationIn(query_date=query_date)
    first = await rounds_api.apply_for_round(body, HEAD, session, _creation(session, HEAD, key))
    again = await rounds_api.apply_for_round(body, HEAD, session, _creation(session, HEAD, key))
    assert again == first
    moved = _moved(HEAD)
    with pytest.raises(NotPermitted):
        await rounds_api.apply_for_round(body, moved, session, _creation(session, moved, key))


async def test_an_inquiry_is_answered_again_only_to_who_may_read_it(
    session: AsyncSession,
) -> None:
    await designate(session)
    key = str(uuid.uuid4())
    body = InquiryIn(
        asked_by="ska",
        contact_person="Sünteetiline Kontakt",
        question="Sünteetiline küsimus.",
        received_at=datetime(2026, 11, 6, 8, tzinfo=UTC),
    )
    register = inquiries_api.register_inquiry
    first = await register(body, SPECIALIST, session, _creation(session, SPECIALIST, key))
    assert await register(body, SPECIALIST, session, _creation(session, SPECIALIST, key)) == first
    moved = _moved(SPECIALIST)
    with pytest.raises(NotPermitted):
        await register(body, moved, session, _creation(session, moved, key))


async def test_a_prepayment_application_is_answered_again_only_to_who_may_list_them(
    session: AsyncSession,
) -> None:
    await designate(session)
    key = str(uuid.uuid4())
    body = PrepaymentIn(
        period_start=date(2027, 1, 1), period_end=date(2027, 6, 30), amount_eur=Decimal("1200.00")
    )
    apply = inquiries_api.apply_for_prepayment
    first = await apply(body, SPECIALIST, session, _creation(session, SPECIALIST, key))
    assert await apply(body, SPECIALIST, session, _creation(session, SPECIALIST, key)) == first
    moved = _moved(SPECIALIST)
    with pytest.raises(NotPermitted):
        await apply(body, moved, session, _creation(session, moved, key))
