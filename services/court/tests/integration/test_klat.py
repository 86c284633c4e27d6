"""KLAT against a real database: refused without an approved case plan and for a child of 10
without a reason; SKA's 30-day clock; an application filed while the opinion is pending says
so."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.models import Deadline
from heaolu_court.common.repository import remember_case_plan
from heaolu_court.klat import service
from heaolu_court.klat.schemas import KlatApplicationIn, OpinionIn, OpinionRequestIn
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

WORKER = Principal(
    subject="w-1",
    username="rakvere.worker",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0663",
)
OTHER = Principal(
    subject="w-2",
    username="kohtla-jarve.worker",
    roles=frozenset({Role.CHILD_PROTECTION_WORKER}),
    municipality="0321",
)
COUNSELLOR = Principal(
    subject="s-1", username="ska.counsellor", roles=frozenset({Role.SKA_COUNSELLOR})
)
CENTRAL = Principal(
    subject="s-2", username="ska.central", roles=frozenset({Role.SKA_CENTRAL_AUTHORITY})
)


def years_ago(years: int, today: date) -> date:
    return today.replace(year=today.year - years)


def request_body(case_id: uuid.UUID, birth: date, reason: str | None = None) -> OpinionRequestIn:
    return OpinionRequestIn(
        case_id=case_id,
        child_birth_date=birth,
        age_exception_reason=reason,
        danger="Laps põgeneb korduvalt ja tarvitab aineid.",
        needs_assessment="Abivajaduse hindamine 2026: kõrge risk.",
        earlier_measures="Tugiisik, perenõustamine, asenduskodu: mõju puudus.",
        less_restrictive_insufficient="Avatud teenustes laps ei püsi.",
    )


async def with_plan(session: AsyncSession, municipality: str = "0663") -> uuid.UUID:
    case_id = uuid.uuid4()
    await remember_case_plan(
        session,
        case_id=case_id,
        case_plan_id=uuid.uuid4(),
        municipality=municipality,
        revision=1,
        approved_at=datetime.now(UTC),
        subject_pseudonym="5f2b0c7a9d1e4f3a8b6c2d1e0f9a8b7c",
    )
    return case_id


async def test_refused_without_an_approved_case_plan(session: AsyncSession) -> None:
    today = default_calendar().local_date(datetime.now(UTC))
    with pytest.raises(RuleViolation) as refused:
        await service.request_opinion(
            session, WORKER, request_body(uuid.uuid4(), years_ago(14, today))
        )
    assert refused.value.detail is messages.NO_CASE_PLAN
    assert refused.value.extra == {"field": "case_id"}


async def test_another_municipality_cannot_ask_about_the_case(session: AsyncSession) -> None:
    case_id = await with_plan(session)
    today = default_calendar().local_date(datetime.now(UTC))
    with pytest.raises(NotPermitted):
        await service.request_opinion(session, OTHER, request_body(case_id, years_ago(14, today)))


async def test_a_child_of_ten_needs_a_reasoned_exception(session: AsyncSession) -> None:
    case_id = await with_plan(session)
    today = default_calendar().local_date(datetime.now(UTC))
    with pytest.raises(RuleViolation) as refused:
        await service.request_opinion(session, WORKER, request_body(case_id, years_ago(10, today)))
    assert refused.value.detail is messages.AGE_OUTSIDE
    assert refused.value.extra == {"field": "age_exception_reason"}

    reasoned = await service.request_opinion(
        session,
        WORKER,
        request_body(case_id, years_ago(10, today), "Laps on raskes ohus; muud abinõud puuduvad."),
    )
    assert reasoned.status == "requested"


async def test_ska_answers_within_thirty_days_and_the_application_carries_the_opinion(
    session: AsyncSession,
) -> None:
    case_id = await with_plan(session)
    now = datetime.now(UTC)
    today = default_calendar().local_date(now)
    request = await service.request_opinion(
        session, WORKER, request_body(case_id, years_ago(14, today)), now=now
    )
    assert request.due_at == default_calendar().add_calendar_days_deadline(now, 30)
    clock = (
        await session.scalars(sa.select(Deadline).where(Deadline.record_id == request.id))
    ).one()
    assert (clock.kind, clock.due_at, clock.status) == ("klat_opinion", request.due_at, "open")

    # SKA's counsellors see the request; the central authority and other municipalities do not.
    assert request.id in {
        r.id
        for r in (
            await service.list_requests(session, COUNSELLOR, status=None, cursor=None, limit=200)
        )[0]
    }
    assert request.id not in {
        r.id
        for r in (
            await service.list_requests(session, CENTRAL, status=None, cursor=None, limit=200)
        )[0]
    }
    assert request.id not in {
        r.id
        for r in (await service.list_requests(session, OTHER, status=None, cursor=None, limit=200))[
            0
        ]
    }

    application_body = KlatApplicationIn(
        case_id=case_id,
        request_id=request.id,
        court_name="Viru Maakohus",
        danger="Laps põgeneb korduvalt.",
        needs_assessment="Kõrge risk.",
        earlier_measures="Tugiisik, perenõustamine.",
        less_restrictive_insufficient="Avatud teenustes laps ei püsi.",
        duration_months=12,
        official_name="Mari Maasikas",
        official_position="lastekaitsespetsialist",
    )
    pending = await service.file_application(session, WORKER, application_body)
    assert pending.ska_opinion == "pending"
    _, pdf = await service.application_document(session, WORKER, pending.id)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "vastust veel ei ole" in text
    assert "Rakvere Linnavalitsus" in text

    with pytest.raises(NotPermitted):
        await service.answer(
            session, WORKER, request.id, OpinionIn(opinion="suitable", reasons="x"), '"1"'
        )
    answered = await service.answer(
        session,
        COUNSELLOR,
        request.id,
        OpinionIn(opinion="not_suitable", reasons="Laps vajab pigem raviteenust."),
        f'"{request.version}"',
    )
    assert answered.opinion == "not_suitable"
    status = await session.scalar(sa.select(Deadline.status).where(Deadline.id == clock.id))
    assert status == "met"

    negative = await service.file_application(session, WORKER, application_body)
    assert negative.ska_opinion == "not_suitable"
