"""Opinions to the court and hearings against a real database."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.models import Deadline
from heaolu_court.hearings import service as hearings
from heaolu_court.hearings.schemas import HearingIn, OutcomeIn
from heaolu_court.opinions import service as opinions
from heaolu_court.opinions.schemas import OpinionDraft, OpinionRequestIn
from heaolu_court.settings import get_settings
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role
from heaolu_shared.staff import staff_member

pytestmark = pytest.mark.integration

WORKER = Principal(
    subject="w-1",
    username="rakvere.worker",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0663",
)
SUBSTITUTE = Principal(
    subject="w-3",
    username="rakvere.substitute",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0663",
)
HEAD = Principal(
    subject="h-1",
    username="rakvere.head",
    roles=frozenset({Role.DEPARTMENT_HEAD}),
    municipality="0663",
)
OTHER = Principal(
    subject="w-2",
    username="kohtla-jarve.worker",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0321",
)


async def test_opinion_with_the_child_heard_goes_to_court_as_a_pdf(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "head_approval_municipalities", ["0663"])
    today = default_calendar().local_date(datetime.now(UTC))
    due = today + timedelta(days=14)
    opinion = await opinions.register(
        session,
        WORKER,
        OpinionRequestIn(
            matter="contact",
            court_name="Viru Maakohus",
            court_case_number="2-26-1234",
            parties=[
                {"name": "Ema Testlaps", "role": "ema"},
                {"name": "Isa Testlaps", "role": "isa"},
            ],
            question="Milline suhtluskord on lapse huvides?",
            requested_on=today,
            due_on=due,
        ),
    )
    [clock] = await session.scalars(sa.select(Deadline).where(Deadline.record_id == opinion.id))
    assert clock.due_at == default_calendar().end_of_local_day(due)
    with pytest.raises(NotPermitted):
        await opinions.edit(session, OTHER, opinion.id, OpinionDraft(opinion="x"), '"1"')

    opinion = await opinions.edit(
        session,
        WORKER,
        opinion.id,
        OpinionDraft(
            child_heard_at=datetime.now(UTC) - timedelta(days=1),
            child_heard_how="vestlus lastekaitsespetsialisti kabinetis",
            child_heard_by="Mari Maasikas",
            child_age=11,
            child_views="Tahab isa juures käia igal teisel nädalavahetusel.",
            views_weighed="11-aastase lapse soovil on suur kaal; soov on kaalutletud.",
            opinion="Toetame suhtluskorda igal teisel nädalavahetusel.",
            official_name="Mari Maasikas",
            official_position="lastekaitsespetsialist",
        ),
        f'"{opinion.version}"',
    )
    with pytest.raises(RuleViolation) as unapproved:
        await opinions.send(session, WORKER, opinion.id, f'"{opinion.version}"')
    assert unapproved.value.detail is messages.OPINION_NOT_APPROVED
    opinion = await opinions.approve(session, HEAD, opinion.id, f'"{opinion.version}"')
    opinion = await opinions.send(session, WORKER, opinion.id, f'"{opinion.version}"')
    with pytest.raises(RuleViolation) as again:
        await opinions.send(session, WORKER, opinion.id, f'"{opinion.version}"')
    assert again.value.detail is messages.OPINION_SENT
    assert again.value.extra == {"status": "sent"}
    _, pdf = await opinions.document_of(session, WORKER, opinion.id)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Eestkosteasutuse arvamus kohtule" in text and "2-26-1234" in text
    assert "Tahab isa juures" in text
    status = await session.scalar(sa.select(Deadline.status).where(Deadline.id == clock.id))
    assert status == "met"


async def test_a_substitute_attends_and_mediation_records_the_agreement(
    session: AsyncSession,
) -> None:
    await session.execute(
        pg_insert(staff_member).values(
            subject=SUBSTITUTE.subject,
            username=SUBSTITUTE.username,
            municipality="0663",
            roles=[Role.CHILD_PROTECTION_WORKER],
            last_seen_at=datetime.now(UTC),
        )
    )
    hearing = await hearings.schedule(
        session,
        WORKER,
        HearingIn(
            kind="mediation",
            authority="Perelepitaja",
            scheduled_at=datetime.now(UTC) - timedelta(hours=2),
            attendee_username=SUBSTITUTE.username,
        ),
    )
    assert [
        h.id
        for h in (await hearings.listing(session, SUBSTITUTE, case_id=None, cursor=None, limit=50))[
            0
        ]
    ] == [hearing.id]
    assert await hearings.listing(session, OTHER, case_id=None, cursor=None, limit=50) == ([], None)
    held = await hearings.record_outcome(
        session,
        SUBSTITUTE,
        hearing.id,
        OutcomeIn(
            held_at=datetime.now(UTC) - timedelta(hours=1),
            outcome_notes="Vanemad leppisid kokku suhtluskorras.",
            agreement_reached=True,
        ),
        f'"{hearing.version}"',
    )
    assert held.status == "held" and held.agreement_reached is True
    [event] = await session.scalars(
        sa.select(outbox.c.payload).where(outbox.c.event_type == "ee.heaolu.court.hearing.held.v1")
    )
    assert event["data"]["attended_by_substitute"] is True
    assert event["data"]["agreement_reached"] is True
