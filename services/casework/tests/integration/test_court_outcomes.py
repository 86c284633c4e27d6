"""What court reports back on a separation: filing meets the filing clock, a ruling meets the
ruling clock (a refusal ends the separation: its clocks stop) and leaves a note on the case."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import events
from heaolu_casework.care import service as care
from heaolu_casework.common.models import Case, Deadline, Removal
from heaolu_casework.plans.models import Activity
from heaolu_shared.contracts.court import CourtApplicationFiledV1, CourtRulingRecordedV1
from heaolu_shared.events import registry

from ..factories import a_case, days_ago, known, removal_in, worker

pytestmark = pytest.mark.integration


async def _separated(session: AsyncSession) -> tuple[Case, Removal]:
    me = worker("kadri")
    await known(session, me)
    case = await a_case(session, me, assignee=me.subject)
    removal = await care.record_removal(session, me, case.id, removal_in(days_ago(0.5)))
    return case, removal


async def _clocks(session: AsyncSession, removal: Removal) -> dict[str, str]:
    rows = await session.scalars(sa.select(Deadline).where(Deadline.record_id == removal.id))
    return {d.kind: d.status for d in rows}


async def test_filing_and_a_refusal_stop_the_separations_clocks(session: AsyncSession) -> None:
    case, removal = await _separated(session)
    assert await _clocks(session, removal) == {"court_filing": "open", "court_ruling": "open"}
    common = {
        "application_id": uuid.uuid4(),
        "removal_id": removal.id,
        "case_id": case.id,
        "municipality": case.municipality,
        "separated_at": removal.separated_at,
    }
    filed_at = removal.separated_at + timedelta(hours=20)
    filed = CourtApplicationFiledV1(
        **common,
        filed_at=filed_at,
        filing_due_at=removal.court_filing_due_at,
        ruling_due_at=removal.ruling_due_at,
        within_target=True,
        within_72_hours=True,
        head_approved=True,
    )
    await events.on_court_application_filed(
        session, registry.envelope(filed, subject=str(removal.id)), filed
    )
    assert await _clocks(session, removal) == {"court_filing": "met", "court_ruling": "open"}

    ruled = CourtRulingRecordedV1(
        **common,
        outcome="refused",
        filed_at=filed_at,
        ruled_at=filed_at + timedelta(hours=10),
        within_72_hours=True,
    )
    await events.on_court_ruling_recorded(
        session, registry.envelope(ruled, subject=str(removal.id)), ruled
    )
    assert await _clocks(session, removal) == {"court_filing": "met", "court_ruling": "met"}
    notes = (await session.scalars(sa.select(Activity).where(Activity.case_id == case.id))).all()
    assert [(n.recorded_by, n.summary) for n in notes] == [
        (
            "court",
            "Kohus jättis taotluse rahuldamata (hooldusõiguse piiramine). "
            "Perest eraldamine lõpeb: laps naaseb koju.",
        )
    ]
