"""A creation retried with its ``Idempotency-Key`` gets the stored answer only while the caller
may still see it: the endpoints called with the real plumbing, against PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from fastapi import Response
from pydantic import BaseModel
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


Endpoint = Callable[[Any, Principal, AsyncSession, Creator], Awaitable[BaseModel]]


async def _retried(
    session: AsyncSession, endpoint: Endpoint, body: BaseModel, caller: Principal, later: Principal
) -> None:
    """``caller`` creates with a key and retries: the first answer again, with 200. ``later``,
    the same account once its roles or municipality changed, retries: 403."""
    key = str(uuid.uuid4())
    first = await endpoint(body, caller, session, _creation(session, caller, key))
    again = _creation(session, caller, key)
    assert await endpoint(body, caller, session, again) == first
    assert again.response.status_code == 200
    with pytest.raises(NotPermitted):
        await endpoint(body, later, session, _creation(session, later, key))


async def test_a_designation_is_answered_again_only_to_a_head_of_its_municipality(
    session: AsyncSession,
) -> None:
    await staff.register(session, SPECIALIST)
    body = DesignationIn(specialist_username="viljandi.ngts", starts_on=date(2027, 1, 1))
    former = HEAD.model_copy(update={"roles": frozenset({Role.CHILD_PROTECTION_WORKER})})
    await _retried(session, designations_api.designate, body, HEAD, former)


async def test_an_application_is_answered_again_only_to_who_may_work_the_round(
    session: AsyncSession,
) -> None:
    # The endpoint reads the clock: the round is the next one still open for applications.
    today = default_calendar().local_date(datetime.now(UTC))
    open_rounds = round_rules.upcoming_query_dates(today)
    query_date = next(d for d in open_rounds if round_rules.may_apply(d, today))
    body = ParticipationIn(query_date=query_date)
    await _retried(session, rounds_api.apply_for_round, body, HEAD, _moved(HEAD))


INQUIRY = InquiryIn(
    asked_by="ska",
    contact_person="Sünteetiline Kontakt",
    question="Sünteetiline küsimus.",
    received_at=datetime(2026, 11, 6, 8, tzinfo=UTC),
)
PREPAYMENT = PrepaymentIn(
    period_start=date(2027, 1, 1), period_end=date(2027, 6, 30), amount_eur=Decimal("1200.00")
)


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        (inquiries_api.register_inquiry, INQUIRY),
        (inquiries_api.apply_for_prepayment, PREPAYMENT),
    ],
    ids=["inquiry", "prepayment application"],
)
async def test_a_specialists_record_is_answered_again_only_to_who_may_still_read_it(
    session: AsyncSession, endpoint: Endpoint, body: BaseModel
) -> None:
    await designate(session)
    await _retried(session, endpoint, body, SPECIALIST, _moved(SPECIALIST))
