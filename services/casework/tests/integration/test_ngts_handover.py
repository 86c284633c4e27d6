"""A consented NGTS handover becomes one pending social-services application, once."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.models import ServiceApplication
from heaolu_casework.events import on_handover
from heaolu_shared.contracts.ngts import HandoverConsentedV1
from heaolu_shared.events import registry

pytestmark = pytest.mark.integration


async def test_a_handover_queues_one_social_services_application(session: AsyncSession) -> None:
    payload = HandoverConsentedV1(
        handover_id=uuid.uuid4(),
        municipality="0897",
        subject_pseudonym="5f2b0c7a9d1e4f3a8b6c2d1e0f9a8b7c",
        consented_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
    )
    event = registry.envelope(payload, subject=str(payload.handover_id))

    await on_handover(session, event, payload)
    await on_handover(session, event, payload)

    rows = (
        await session.scalars(
            sa.select(ServiceApplication).where(ServiceApplication.id == payload.handover_id)
        )
    ).all()
    assert len(rows) == 1
    application = rows[0]
    assert (application.municipality, application.service_code, application.status) == (
        "0897",
        "ngts_support",
        "pending",
    )
    assert application.applicant_pseudonym == payload.subject_pseudonym
