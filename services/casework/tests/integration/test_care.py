"""Substitute care: the register decides caps, one active placement per child, closing a case
ends care, the age limit and the 90 days of temporary care (issue 10, defect 4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.care import service as care
from heaolu_casework.care.schemas import PlacementIn
from heaolu_casework.cases import service as cases
from heaolu_casework.common.models import Placement
from heaolu_shared.concurrency import etag
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation

from ..factories import (
    a_case,
    born_years_ago,
    care_provider_in,
    child,
    foster_family,
    head,
    known,
    placement_in,
    worker,
)

pytestmark = pytest.mark.integration

TODAY = date.today()


def placement(code: str, **fields: object) -> PlacementIn:
    return placement_in(code, starts_on=TODAY, **fields)


async def test_the_register_decides_the_cap_not_the_request(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    code = await foster_family(session)
    for _ in range(4):
        case = await a_case(session, me, assignee=me.subject)
        made = await care.start_placement(session, me, case.id, placement(code))
        assert made.form == "foster_family" and not made.over_capacity
    fifth = await a_case(session, me, assignee=me.subject)
    with pytest.raises(RuleViolation) as refused:
        await care.start_placement(session, me, fifth.id, placement(code))
    assert refused.value.extra["capacity"] == 4
    # The request cannot name a roomier form any more.
    with pytest.raises(ValueError):
        PlacementIn.model_validate(
            {"provider_code": code, "starts_on": TODAY, "form": "family_home"}
        )
    over = await care.start_placement(
        session, me, fifth.id, placement(code, guardian_consent=True, ska_approval_ref="SKA-1")
    )
    assert over.over_capacity


async def test_the_register_refuses_a_capacity_above_the_legal_cap(session: AsyncSession) -> None:
    with pytest.raises(RuleViolation):
        await care.register_provider(session, head(), care_provider_in("FF-BIG", capacity=5))
    with pytest.raises(NotPermitted):
        await care.register_provider(session, worker(), care_provider_in("FF-W", capacity=2))


async def test_one_active_placement_per_child(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    first, second = await foster_family(session, "FF-A"), await foster_family(session, "FF-B")
    case = await a_case(session, me, assignee=me.subject)
    await care.start_placement(session, me, case.id, placement(first))
    with pytest.raises(Conflict):
        await care.start_placement(session, me, case.id, placement(second))


async def test_the_database_holds_one_active_placement_per_child(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    code = await foster_family(session, "FF-C")
    case = await a_case(session, me, assignee=me.subject)
    made = await care.start_placement(session, me, case.id, placement(code))
    twin = Placement(
        case_id=case.id,
        child_id=made.child_id,
        form="foster_family",
        provider_code=code,
        provider_name="Demo",
        starts_on=TODAY,
        status="active",
        recorded_by=me.subject,
    )
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            session.add(twin)
            await session.flush()


async def test_closing_the_case_ends_care_and_frees_the_place(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    code = await foster_family(session, "FF-D", capacity=1)
    case = await a_case(session, me, assignee=me.subject)
    made = await care.start_placement(session, me, case.id, placement(code))
    await cases.close_case(session, me, case.id, "moved_abroad", None, etag(case.version))
    assert made.status == "ended" and made.ended_on is not None
    other = await a_case(session, me, assignee=me.subject)
    assert not (await care.start_placement(session, me, other.id, placement(code))).over_capacity


async def test_care_ends_at_18_or_19_while_in_education(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    code = await foster_family(session, "FF-E")
    born = born_years_ago(17)
    case = await a_case(session, me, assignee=me.subject, person=child(born))
    eighteenth = born.replace(year=born.year + 18)
    with pytest.raises(RuleViolation) as refused:
        await care.start_placement(
            session, me, case.id, placement(code, ends_on=eighteenth + timedelta(days=30))
        )
    assert refused.value.extra["field"] == "ends_on"
    made = await care.start_placement(session, me, case.id, placement(code))
    assert made.ends_on == eighteenth - timedelta(days=1)
    studying = await a_case(session, me, assignee=me.subject, person=child(born, "Demo-Õpib"))
    longer = await care.start_placement(
        session, me, studying.id, placement(code, in_education=True)
    )
    assert longer.ends_on == born.replace(year=born.year + 19) - timedelta(days=1)
    adult = await a_case(
        session, me, assignee=me.subject, person=child(born_years_ago(18, 1), "Demo-Täiskasvanu")
    )
    with pytest.raises(RuleViolation):
        await care.start_placement(session, me, adult.id, placement(code))


async def test_temporary_care_lasts_ninety_days_counting_the_first(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    code = await foster_family(session, "FF-F")
    case = await a_case(session, me, assignee=me.subject)
    temporary = {"temporary": True, "custodian_consent": True}
    with pytest.raises(RuleViolation):
        await care.start_placement(
            session, me, case.id, placement(code, ends_on=TODAY + timedelta(days=90), **temporary)
        )
    made = await care.start_placement(
        session, me, case.id, placement(code, ends_on=TODAY + timedelta(days=89), **temporary)
    )
    assert (made.ends_on - made.starts_on).days + 1 == 90
