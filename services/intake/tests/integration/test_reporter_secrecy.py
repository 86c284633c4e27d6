"""LasteKS §27: neither the reporter nor the act of reporting reaches the family, the audit topic
in clear, or the events other services read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.keys import Keys
from heaolu_intake.common.register import LocalPopulationRegister
from heaolu_intake.reports.schemas import ReportCreate
from heaolu_intake.reports.service import receive_report
from heaolu_shared.audit_trail import open_actor
from heaolu_shared.auth import Principal
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role
from heaolu_shared.sealing import Sealer

pytestmark = pytest.mark.integration

KEYS = Keys(pseudonym_key="test-pseudonym-key", sealer=Sealer("test-reporter-key"))
TEACHER = Principal(
    subject="4f1c0a8e-teacher-subject",
    username="teacher.synthetic",
    roles=frozenset({Role.PROFESSIONAL_REPORTER}),
    municipality="0663",
)
BODY: dict[str, Any] = {
    "child": {"personal_code": "51505150120"},
    "location": {"municipality": "0663", "description": "Kooli juures"},
    "need_level": "in_need",
    "concern": {"category": "school_absence", "text": "Laps puudub koolist."},
    "channel": "school",
}


async def _events(session: AsyncSession) -> dict[str, dict[str, Any]]:
    rows = (await session.execute(sa.select(outbox.c.event_type, outbox.c.payload))).all()
    return {row.event_type: row.payload for row in rows}


async def test_the_creation_record_seals_the_reporter_and_is_withheld_from_the_family(
    session: AsyncSession,
) -> None:
    report = await receive_report(
        session,
        ReportCreate.model_validate(BODY),
        TEACHER,
        keys=KEYS,
        register=LocalPopulationRegister(session),
        now=datetime.now(UTC),
    )
    events = await _events(session)
    audit = events["ee.heaolu.audit.access.recorded.v1"]["data"]
    assert audit["action"] == "create" and audit["record_id"] == str(report.id)
    assert audit["withheld_from_subject"] is True
    assert (audit["actor_subject"], audit["actor_role"], audit["actor_institution"]) == (
        "sealed",
        "sealed",
        "sealed",
    )
    assert audit["actor_username"] is None
    published = json.dumps(events)
    for clear in (TEACHER.subject, "teacher.synthetic", Role.PROFESSIONAL_REPORTER, '"school"'):
        assert clear not in published, clear
    # What an auditor needs for offence proceedings is in the record, sealed.
    assert open_actor(audit["actor_sealed"], KEYS.sealer, str(report.id)) == {
        "subject": TEACHER.subject,
        "username": "teacher.synthetic",
        "role": Role.PROFESSIONAL_REPORTER,
        "institution": "0663",
    }
    received = events["ee.heaolu.intake.report.received.v2"]["data"]
    assert "channel" not in received


async def test_an_anonymous_report_is_recorded_the_same_way(session: AsyncSession) -> None:
    report = await receive_report(
        session,
        ReportCreate.model_validate(BODY),
        None,
        keys=KEYS,
        register=LocalPopulationRegister(session),
        now=datetime.now(UTC),
    )
    audit = (await _events(session))["ee.heaolu.audit.access.recorded.v1"]["data"]
    assert (audit["actor_subject"], audit["actor_role"]) == ("sealed", "sealed")
    assert audit["withheld_from_subject"] is True
    assert open_actor(audit["actor_sealed"], KEYS.sealer, str(report.id))["role"] == "public"
