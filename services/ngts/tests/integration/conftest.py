"""NGTS's integration tests: a throwaway database with NGTS's migrations applied."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

import heaolu_ngts
from heaolu_ngts.common.enums import ParticipationStatus
from heaolu_ngts.common.models import Designation, Participation
from heaolu_shared.auth import Principal
from heaolu_shared.db import Database
from heaolu_shared.roles import Role
from heaolu_shared.testing import migrated_database, rolled_back_session

MIGRATIONS = Path(heaolu_ngts.__file__).parent / "migrations"
QUERY_DATE = date(2026, 10, 15)
AFTER_QUERY = datetime(2026, 10, 22, 9, tzinfo=UTC)

SPECIALIST = Principal(
    subject="sub-viljandi-ngts",
    username="viljandi.ngts",
    roles=frozenset({Role.NGTS_CASE_MANAGER}),
    municipality="0897",
)
HEAD = Principal(
    subject="sub-viljandi-head",
    username="viljandi.head",
    roles=frozenset({Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER}),
    municipality="0897",
)


@pytest.fixture(scope="session")
async def ngts_db() -> AsyncIterator[Database]:
    async with migrated_database("ngts", MIGRATIONS) as db:
        yield db


@pytest.fixture
async def session(ngts_db: Database) -> AsyncIterator[AsyncSession]:
    async with rolled_back_session(ngts_db) as s:
        yield s


async def participation(session: AsyncSession, query_date: date = QUERY_DATE) -> Participation:
    row = Participation(
        id=uuid.uuid4(),
        municipality="0897",
        query_date=query_date,
        applied_at=datetime(query_date.year, query_date.month - 1, 20, tzinfo=UTC),
        applied_by="test",
        list_due_on=query_date + timedelta(days=7),
        status=ParticipationStatus.APPLIED,
        stored=0,
        refused={},
    )
    session.add(row)
    await session.flush()
    return row


async def designate(session: AsyncSession, principal: Principal = SPECIALIST) -> Designation:
    row = Designation(
        id=uuid.uuid4(),
        municipality="0897",
        specialist_subject=principal.subject,
        specialist_username=principal.username or "x",
        starts_on=date(2026, 1, 1),
        ends_on=None,
        designated_by=HEAD.subject,
        designated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    session.add(row)
    await session.flush()
    return row
