"""The import of a round's list and the view-only pages, against the real PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import ViewLimitReached
from heaolu_ngts.common.models import Participation, Youth
from heaolu_ngts.settings import get_settings
from heaolu_ngts.youths import service
from heaolu_ngts.youths.register import SyntheticYouthRegister
from heaolu_ngts.youths.rules import refusal_reason
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import Conflict, NotPermitted, RuleViolation
from heaolu_shared.messaging import outbox
from heaolu_shared.testing import audit_records_sent
from services.ngts.tests.integration.conftest import (
    AFTER_QUERY,
    HEAD,
    QUERY_DATE,
    SPECIALIST,
    designate,
    participation,
)

pytestmark = pytest.mark.integration
CALENDAR = WorkingDayCalendar()


async def _import(
    session: AsyncSession, size: int, share: float = 0.06
) -> tuple[Participation, int, dict[str, int]]:
    p = await participation(session)
    stored, refused = await service.import_list(
        session,
        participation=p,
        register=SyntheticYouthRegister(size, share),
        actor=SPECIALIST,
        pseudonym_key="test-key",
        retention_days=183,
        now=AFTER_QUERY,
        calendar=CALENDAR,
    )
    return p, stored, refused


async def test_a_list_of_5000_stores_the_qualifying_youths_and_counts_the_rest(
    session: AsyncSession,
) -> None:
    p, stored, refused = await _import(session, 5000)

    assert stored + sum(refused.values()) == 5000
    assert 150 <= sum(refused.values()) <= 600
    rows = (await session.scalars(sa.select(Youth).where(Youth.participation_id == p.id))).all()
    assert len(rows) == stored
    register = SyntheticYouthRegister(5000, 0.06)
    refused_codes = {
        r.personal_code
        async for r in register.query("0897", QUERY_DATE)
        if refusal_reason(r, municipality="0897", query_date=QUERY_DATE)
    }
    assert not refused_codes & {y.personal_code for y in rows}
    events = (await session.execute(sa.select(outbox.c.event_type, outbox.c.payload))).all()
    imported = [e.payload["data"] for e in events if e.event_type.endswith("list.imported.v1")]
    assert imported[0]["stored"] == stored and imported[0]["refused"] == refused
    text = json.dumps([e.payload for e in events])
    assert not any(y.personal_code in text or y.family_name in text for y in rows[:200])


async def test_a_list_is_imported_once_and_not_before_the_query(session: AsyncSession) -> None:
    p, _, _ = await _import(session, 10)
    with pytest.raises(Conflict):
        await service.import_list(
            session,
            participation=p,
            register=SyntheticYouthRegister(10, 0),
            actor=SPECIALIST,
            pseudonym_key="k",
            retention_days=183,
            now=AFTER_QUERY,
            calendar=CALENDAR,
        )
    early = await participation(session, QUERY_DATE.replace(year=2027, month=3))
    with pytest.raises(RuleViolation):
        await service.import_list(
            session,
            participation=early,
            register=SyntheticYouthRegister(10, 0),
            actor=SPECIALIST,
            pseudonym_key="k",
            retention_days=183,
            now=AFTER_QUERY,
            calendar=CALENDAR,
        )


async def _audit_records(session: AsyncSession) -> list[dict[str, object]]:
    return await audit_records_sent(session)


async def test_every_youth_shown_on_a_page_is_one_audit_record(session: AsyncSession) -> None:
    p, _, _ = await _import(session, 60, 0)
    await designate(session)
    before = len(await _audit_records(session))

    page = await service.page_of_list(
        session,
        principal=SPECIALIST,
        participation_id=p.id,
        after=None,
        status=None,
        limit=10,
        now=datetime.now(UTC),
    )

    records = (await _audit_records(session))[before:]
    assert len(page) == 10
    assert sorted(r["subject_pseudonym"] for r in records) == sorted(
        y.subject_pseudonym for y in page
    )
    assert {r["record_type"] for r in records} == {"ngts_youth"}


async def test_only_a_designated_specialist_sees_the_list(session: AsyncSession) -> None:
    p, _, _ = await _import(session, 5, 0)
    for principal in (SPECIALIST, HEAD):
        with pytest.raises(NotPermitted):
            await service.page_of_list(
                session,
                principal=principal,
                participation_id=p.id,
                after=None,
                status=None,
                limit=5,
                now=datetime.now(UTC),
            )


async def test_the_hourly_limit_on_distinct_youths_refuses_more(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "views_per_hour", 15)
    p, _, _ = await _import(session, 40, 0)
    await designate(session)
    now = datetime.now(UTC)
    first = await service.page_of_list(
        session,
        principal=SPECIALIST,
        participation_id=p.id,
        after=None,
        status=None,
        limit=10,
        now=now,
    )
    again = await service.page_of_list(
        session,
        principal=SPECIALIST,
        participation_id=p.id,
        after=None,
        status=None,
        limit=10,
        now=now,
    )
    assert [y.id for y in first] == [y.id for y in again]  # the same youths count once
    last = first[-1]
    with pytest.raises(ViewLimitReached) as refused:
        await service.page_of_list(
            session,
            principal=SPECIALIST,
            participation_id=p.id,
            after=(last.family_name, last.given_name, last.id),
            status=None,
            limit=10,
            now=now,
        )
    assert refused.value.detail is messages.VIEW_LIMIT
    assert refused.value.params == {"limit": 15} and refused.value.extra == {"limit": 15}
