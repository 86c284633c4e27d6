"""Synthetic people and records for casework's integration tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import remember_name
from heaolu_casework.common.cases import open_case
from heaolu_casework.common.models import Case, PreliminaryAssessment
from heaolu_casework.common.schemas import PersonIn
from heaolu_shared import staff
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.messaging import outbox

RAKVERE = "0663"


def worker(name: str = "worker", *roles: str, municipality: str = RAKVERE) -> Principal:
    return Principal(
        subject=f"{name}-{uuid.uuid4().hex[:8]}",
        username=f"{name}.{uuid.uuid4().hex[:6]}",
        roles=frozenset(roles or ("child_protection_worker",)),
        municipality=municipality,
        name=f"{name.title()} Demo-Tamm",
    )


def head(municipality: str = RAKVERE) -> Principal:
    return worker("head", "department_head", municipality=municipality)


def counsellor() -> Principal:
    return Principal(
        subject=f"ska-{uuid.uuid4().hex[:8]}",
        username=f"ska.{uuid.uuid4().hex[:6]}",
        roles=frozenset({"ska_counsellor"}),
    )


async def known(session: AsyncSession, *principals: Principal) -> None:
    """Workers seen by casework (the staff directory)."""
    for p in principals:
        await staff.register(session, p)
        await remember_name(session, p)


def child(born: date | None = None, family: str = "Demo-Kask") -> PersonIn:
    return PersonIn(given_name="Mari", family_name=family, birth_date=born or date(2015, 5, 15))


async def a_case(
    session: AsyncSession,
    opener: Principal,
    *,
    assignee: str | None = None,
    kind: str = "child_protection",
    person: PersonIn | None = None,
) -> Case:
    return await open_case(
        session,
        opener,
        municipality=opener.municipality or RAKVERE,
        kind=kind,
        child=person or child(),
        origin="direct",
        assignee=assignee,
    )


async def pending_assessment(
    session: AsyncSession,
    *,
    received_at: datetime,
    need_level: str = "in_need",
    municipality: str = RAKVERE,
    child_name: str | None = None,
) -> PreliminaryAssessment:
    due = default_calendar().calendar_days_term(received_at, 10)
    assessment = PreliminaryAssessment(
        id=uuid.uuid4(),
        report_id=uuid.uuid4(),
        municipality=municipality,
        need_level=need_level,
        status="pending",
        received_at=received_at,
        due_at=due,
        urgent=need_level == "in_danger",
        child_name=child_name,
    )
    session.add(assessment)
    await session.flush()
    return assessment


def days_ago(n: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=n)


async def audit_records(session: AsyncSession) -> list[dict[str, Any]]:
    """The audit records written to the outbox in this test's transaction."""
    rows = (
        await session.execute(
            sa.select(outbox.c.payload).where(
                outbox.c.event_type == "ee.heaolu.audit.access.recorded.v1"
            )
        )
    ).all()
    return [dict(r.payload.get("data", r.payload)) for r in rows]
