"""Outreach to an outcome, the handover, the inquiry clock, and the purge, against PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import YouthAccess
from heaolu_ngts.common.enums import (
    Answer,
    AskedBy,
    Channel,
    DeadlineKind,
    OutcomeKind,
    YouthStatus,
)
from heaolu_ngts.common.models import Deadline, Participation, Youth
from heaolu_ngts.inquiries import service as inquiries
from heaolu_ngts.outreach import service as outreach
from heaolu_ngts.outreach.notifications import DiscardingNotifier
from heaolu_ngts.retention.service import purge_ended_lists
from heaolu_ngts.youths import service as youths
from heaolu_ngts.youths.register import SyntheticYouthRegister
from heaolu_shared.access import Decision
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.errors import RuleViolation
from heaolu_shared.messaging import outbox
from services.ngts.tests.integration.conftest import (
    AFTER_QUERY,
    SPECIALIST,
    designate,
    participation,
)

pytestmark = pytest.mark.integration
CALENDAR = WorkingDayCalendar()


async def _list(session: AsyncSession, size: int) -> tuple[Participation, list[Youth]]:
    p = await participation(session)
    await youths.import_list(
        session,
        participation=p,
        register=SyntheticYouthRegister(size, 0),
        actor=SPECIALIST,
        pseudonym_key="test-key",
        retention_days=183,
        now=AFTER_QUERY,
        calendar=CALENDAR,
    )
    rows = (await session.scalars(sa.select(Youth).where(Youth.participation_id == p.id))).all()
    return p, list(rows)


def _access(youth: Youth, now: datetime) -> YouthAccess:
    return YouthAccess(youth, SPECIALIST, Decision(True, "designated"), now)


async def _events(session: AsyncSession, suffix: str) -> list[dict[str, object]]:
    rows = (await session.execute(sa.select(outbox.c.event_type, outbox.c.payload))).all()
    return [r.payload["data"] for r in rows if r.event_type.endswith(suffix)]


async def _help(session: AsyncSession, youth: Youth, now: datetime, handover: bool) -> None:
    access = _access(youth, now)
    await outreach.record_contact(
        session,
        access,
        channel=Channel.SMS,
        occurred_at=now,
        answer=None,
        note=None,
        notifier=DiscardingNotifier(),
    )
    await outreach.record_contact(
        session,
        access,
        channel=Channel.PHONE,
        occurred_at=now,
        answer=Answer.WANTS_HELP,
        note=None,
        notifier=DiscardingNotifier(),
    )
    with pytest.raises(RuleViolation):
        await outreach.make_plan(session, access, goals="kutseõpe", services_offered=[])
    await outreach.record_consent(session, access, consented_at=now, handover=handover)
    await outreach.make_plan(session, access, goals="kutseõpe", services_offered=["mentor"])


async def test_outreach_to_an_outcome_with_the_follow_up_clock_and_the_handover(
    session: AsyncSession,
) -> None:
    _, rows = await _list(session, 3)
    youth = rows[0]
    now = datetime(2026, 11, 2, 10, tzinfo=UTC)
    await _help(session, youth, now, handover=True)
    outcome = await outreach.record_outcome(
        session,
        _access(youth, now),
        kind=OutcomeKind.STUDYING,
        goal_reached_at=now,
        follow_up_months=6,
        calendar=CALENDAR,
    )

    assert youth.status == YouthStatus.GOAL_REACHED
    expected = CALENDAR.end_of_local_day(CALENDAR.local_date(now).replace(year=2027, month=5))
    assert outcome.follow_up_until == expected
    clock = await session.scalar(
        sa.select(Deadline).where(
            Deadline.record_id == youth.id, Deadline.kind == DeadlineKind.FOLLOW_UP.value
        )
    )
    assert clock is not None and clock.due_at == expected
    handovers = await _events(session, "handover.consented.v1")
    assert handovers == [
        {
            "handover_id": handovers[0]["handover_id"],
            "municipality": "0897",
            "subject_pseudonym": youth.subject_pseudonym,
            "consented_at": handovers[0]["consented_at"],
            "service_code": "ngts_support",
        }
    ]
    outcomes = await _events(session, "outcome.recorded.v1")
    assert outcomes[-1]["helped"] is True and outcomes[-1]["outcome"] == "studying"
    text = json.dumps(await _events(session, ".v1"))
    assert youth.personal_code not in text and youth.family_name not in text


async def test_a_youth_who_does_not_want_help_is_counted_as_declined(
    session: AsyncSession,
) -> None:
    _, rows = await _list(session, 2)
    now = datetime(2026, 11, 2, 10, tzinfo=UTC)
    await outreach.record_contact(
        session,
        _access(rows[0], now),
        channel=Channel.EMAIL,
        occurred_at=now,
        answer=Answer.DOES_NOT_WANT_HELP,
        note=None,
        notifier=DiscardingNotifier(),
    )
    outcomes = await _events(session, "outcome.recorded.v1")
    assert outcomes[-1]["outcome"] == "declined" and outcomes[-1]["helped"] is False


async def test_the_purge_deletes_youths_not_being_helped_and_leaves_no_trace(
    session: AsyncSession,
) -> None:
    p, rows = await _list(session, 30)
    now = datetime(2026, 11, 2, 10, tzinfo=UTC)
    helped = rows[:2]
    for youth in helped:
        await _help(session, youth, now, handover=False)
    await outreach.record_contact(
        session,
        _access(rows[2], now),
        channel=Channel.SMS,
        occurred_at=now,
        answer=None,
        note=None,
        notifier=DiscardingNotifier(),
    )
    purged_rows = rows[2:]
    before_end = CALENDAR.end_of_local_day(p.retention_ends_on) - timedelta(days=1)  # type: ignore[arg-type]
    assert (await purge_ended_lists(session, now=before_end, calendar=CALENDAR)).lists == 0

    result = await purge_ended_lists(
        session,
        now=CALENDAR.end_of_local_day(p.retention_ends_on),
        calendar=CALENDAR,  # type: ignore[arg-type]
    )

    assert (result.lists, result.deleted, result.kept) == (1, 28, 2)
    left = (await session.scalars(sa.select(Youth.id).where(Youth.participation_id == p.id))).all()
    assert set(left) == {y.id for y in helped}
    tables = (
        (
            await session.execute(
                sa.text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            )
        )
        .scalars()
        .all()
    )
    dump = ""
    for table in tables:
        rows_text = (await session.execute(sa.text(f'SELECT t::text FROM "{table}" t'))).scalars()
        dump += "\n".join(rows_text)
    for youth in purged_rows:
        assert youth.personal_code not in dump
        assert f"{youth.given_name} {youth.family_name}" not in dump
        assert youth.subject_pseudonym not in dump
    purged = await _events(session, "list.purged.v1")
    assert purged[-1]["deleted"] == 28 and purged[-1]["kept"] == 2


async def test_an_answered_inquiry_closes_its_clock_and_says_on_time(session: AsyncSession) -> None:
    await designate(session)
    received = datetime(2027, 3, 19, 13, tzinfo=UTC)  # a Friday; Good Friday is a week later
    inquiry = await inquiries.register_inquiry(
        session,
        principal=SPECIALIST,
        asked_by=AskedBy.MINISTRY,
        contact_person="Ministeerium",
        question="Mitu noort on kontakteeritud?",
        received_at=received,
        working_days=5,
        now=received,
        calendar=CALENDAR,
    )
    assert inquiry.due_at == CALENDAR.add_working_days_deadline(received, 5)
    answered = await inquiries.answer_inquiry(
        session,
        principal=SPECIALIST,
        inquiry_id=inquiry.id,
        answer="12",
        if_match=f'"{inquiry.version}"',
        now=received + timedelta(days=2),
    )
    assert answered.answered_at is not None
    clock = await session.scalar(sa.select(Deadline).where(Deadline.record_id == inquiry.id))
    assert clock is not None and clock.status == "met"
    events = await _events(session, "inquiry.answered.v1")
    assert events[-1]["on_time"] is True


async def test_a_prepayment_period_may_not_end_before_it_starts(session: AsyncSession) -> None:
    await designate(session)
    with pytest.raises(RuleViolation) as refused:
        await inquiries.apply_for_prepayment(
            session,
            principal=SPECIALIST,
            period_start=date(2027, 6, 30),
            period_end=date(2027, 1, 1),
            amount_eur=Decimal("1200.00"),
            now=datetime(2027, 1, 4, 9, tzinfo=UTC),
        )
    assert refused.value.detail is messages.PREPAYMENT_PERIOD
    assert refused.value.extra == {"field": "period_end"}
