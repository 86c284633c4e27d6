"""Custody-restriction applications against a real database: opened from a separation with
both clocks from the separation, completed, approved, filed with a PDF, ruled on."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import messages
from heaolu_court.common.models import Deadline
from heaolu_court.custody import service
from heaolu_court.custody.schemas import ApplicationDraft, Ruling
from heaolu_court.events import on_case_transferred
from heaolu_court.settings import Settings, get_settings
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.casework import CaseTransferredV1, RemovalRecordedV1
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

WORKER = Principal(
    subject="w-1",
    username="rakvere.worker",
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


def removal(separated_at: datetime) -> RemovalRecordedV1:
    return RemovalRecordedV1(
        removal_id=uuid.uuid4(),
        case_id=uuid.uuid4(),
        municipality="0663",
        separated_at=separated_at,
        legal_ground="custodian_caused_danger",
        court_filing_due_at=separated_at + timedelta(hours=48),
        ruling_due_at=separated_at + timedelta(hours=72),
        subject_pseudonym="5f2b0c7a9d1e4f3a8b6c2d1e0f9a8b7c",
        case_number="0663-2026-000001",
        assignee=WORKER.subject,
    )


DRAFT = ApplicationDraft(
    court_name="Viru Maakohus",
    facts="Vanem oli joobes ja laps oli üksi külmas korteris.",
    danger="Lapse tervis oli otseses ohus.",
    measures_taken="Laps paigutati turvakodusse.",
    temporary_location="Turvakodu (asukoht suletud)",
    contact_arrangement="Emaga suhtlus telefoni teel spetsialisti juuresolekul",
    child_opinion_missing_reason="Laps on kaheaastane ega saa oma arvamust väljendada.",
    requested_measure="Peatada ema hooldusõigus ajutiselt.",
    official_name="Mari Maasikas",
    official_position="lastekaitsespetsialist",
)


async def events(session: AsyncSession, event_type: str) -> list[dict[str, object]]:
    rows = await session.execute(
        sa.select(outbox.c.payload).where(outbox.c.event_type == event_type)
    )
    return [r.payload["data"] for r in rows]


async def test_both_clocks_count_from_the_separation_not_the_recording(
    session: AsyncSession,
) -> None:
    now = datetime.now(UTC)
    separated_at = now - timedelta(hours=5)
    event = removal(separated_at)

    application = await service.open_from_removal(session, event, now=now)
    again = await service.open_from_removal(session, event, now=now + timedelta(minutes=1))

    assert again.id == application.id
    calendar = default_calendar()
    clocks = {
        d.kind: d.due_at
        for d in await session.scalars(
            sa.select(Deadline).where(Deadline.record_id == application.id)
        )
    }
    assert clocks == {
        "court_filing": calendar.add_hours_deadline(separated_at, 48),
        "court_ruling": calendar.add_hours_deadline(separated_at, 72),
    }
    assert application.assignee == WORKER.subject
    opened = await events(session, "ee.heaolu.court.court_application.opened.v1")
    assert [o["application_id"] for o in opened] == [str(application.id)]


async def test_the_filing_target_is_configurable(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    separated_at = now - timedelta(hours=1)
    application = await service.open_from_removal(
        session,
        removal(separated_at),
        now=now,
        settings=Settings(court_filing_target_hours=24),
    )
    assert application.filing_due_at == default_calendar().add_hours_deadline(separated_at, 24)


async def test_complete_approve_file_and_rule(
    session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(get_settings(), "head_approval_municipalities", ["0663"])
    now = datetime.now(UTC)
    application = await service.open_from_removal(
        session, removal(now - timedelta(hours=5)), now=now
    )

    with pytest.raises(RuleViolation) as incomplete:
        await service.complete(session, WORKER, application.id, f'"{application.version}"')
    assert incomplete.value.detail is messages.INCOMPLETE
    assert "facts" in incomplete.value.extra["missing"]
    with pytest.raises(NotPermitted):
        await service.edit(session, OTHER, application.id, DRAFT, f'"{application.version}"')

    application = await service.edit(
        session, WORKER, application.id, DRAFT, f'"{application.version}"'
    )
    application = await service.complete(
        session, WORKER, application.id, f'"{application.version}"'
    )
    with pytest.raises(RuleViolation):
        await service.file(session, WORKER, application.id, f'"{application.version}"')
    with pytest.raises(NotPermitted):
        await service.approve(session, WORKER, application.id, f'"{application.version}"')
    application = await service.approve(session, HEAD, application.id, f'"{application.version}"')
    application = await service.file(session, WORKER, application.id, f'"{application.version}"')

    assert application.filed_at is not None
    _, pdf = await service.document_of(session, WORKER, application.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Taotlus vanema hooldusõiguse piiramiseks" in text
    assert "Rakvere Linnavalitsus" in text
    assert "Mari Maasikas" in text
    assert "0663-2026-000001" in text
    filed = await events(session, "ee.heaolu.court.court_application.filed.v1")
    assert filed[-1]["within_target"] is True
    assert filed[-1]["head_approved"] is True
    open_kinds = await session.scalars(
        sa.select(Deadline.kind).where(
            Deadline.record_id == application.id, Deadline.status == "open"
        )
    )
    assert list(open_kinds) == ["court_ruling"]

    ruling = Ruling(outcome="refused", ruled_at=datetime.now(UTC))
    application = await service.record_ruling(
        session, WORKER, application.id, ruling, f'"{application.version}"'
    )
    assert application.status == "ruled"
    ruled = await events(session, "ee.heaolu.court.court_ruling.recorded.v1")
    assert ruled[-1]["outcome"] == "refused"
    assert ruled[-1]["within_72_hours"] is True


async def test_the_childs_return_home_withdraws_the_application_and_stops_its_clocks(
    session: AsyncSession,
) -> None:
    now = datetime.now(UTC)
    application = await service.open_from_removal(
        session, removal(now - timedelta(hours=2)), now=now
    )
    application = await service.withdraw(
        session, WORKER, application.id, f'"{application.version}"'
    )
    assert application.status == "withdrawn"
    statuses = set(
        await session.scalars(
            sa.select(Deadline.status).where(Deadline.record_id == application.id)
        )
    )
    assert statuses == {"cancelled"}
    withdrawn = await events(session, "ee.heaolu.court.court_application.withdrawn.v1")
    assert withdrawn[-1]["removal_id"] == str(application.removal_id)


async def test_a_transferred_case_takes_its_court_records_along(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    application = await service.open_from_removal(
        session, removal(now - timedelta(hours=1)), now=now
    )
    transfer = CaseTransferredV1(
        case_id=application.case_id,
        from_municipality="0663",
        to_municipality="0321",
        transferred_at=now,
    )
    await on_case_transferred(session, None, transfer)  # type: ignore[arg-type]
    await session.refresh(application)

    assert (application.municipality, application.assignee) == ("0321", None)
    with pytest.raises(NotPermitted):
        await service.edit(session, WORKER, application.id, DRAFT, f'"{application.version}"')
    other_head = Principal(
        subject="h-2",
        username="kohtla-jarve.head",
        roles=frozenset({Role.DEPARTMENT_HEAD}),
        municipality="0321",
    )
    listed, _ = await service.list_applications(
        session, other_head, case_id=application.case_id, status=None, cursor=None, limit=10
    )
    assert [a.id for a in listed] == [application.id]
    clock_places = set(
        await session.execute(
            sa.select(Deadline.municipality, Deadline.assignee).where(
                Deadline.record_id == application.id
            )
        )
    )
    assert clock_places == {("0321", None)}


async def test_a_head_pages_through_the_municipalitys_applications(session: AsyncSession) -> None:
    now = datetime.now(UTC)
    opened = [
        await service.open_from_removal(
            session, removal(now - timedelta(hours=3)), now=now + timedelta(seconds=i)
        )
        for i in range(3)
    ]
    first, cursor = await service.list_applications(
        session, HEAD, case_id=None, status="draft", cursor=None, limit=2
    )
    assert cursor is not None
    rest, last = await service.list_applications(
        session, HEAD, case_id=None, status="draft", cursor=cursor, limit=2
    )
    assert last is None
    mine = {a.id for a in opened}
    seen = [a.id for a in first + rest if a.id in mine]
    assert seen == [a.id for a in reversed(opened)]
    assert await service.list_applications(
        session, OTHER, case_id=None, status=None, cursor=None, limit=10
    ) == ([], None)
