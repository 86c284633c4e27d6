"""A page of a court list reads one page of an index, however many records share their due
time: KLAT opinion requests and Brussels IIb requests and tasks opened on one day are due at the
same moment."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.brussels import repository as brussels
from heaolu_court.brussels.models import BrusselsRequest, BrusselsTask
from heaolu_court.common.contacts import MunicipalContact
from heaolu_court.klat import repository as klat
from heaolu_court.klat.models import KlatOpinionRequest
from heaolu_shared.db import Database
from heaolu_shared.testing import executions_with_parameters, plan_as_if_large, rows_read

pytestmark = pytest.mark.integration

OPENED = datetime(2026, 11, 6, 8, 0, tzinfo=UTC)
DUE = OPENED + timedelta(days=30)
SAME_DUE = 300
PAGE = 10
RAKVERE = "0663"


def _klat(n: int) -> KlatOpinionRequest:
    return KlatOpinionRequest(
        number=f"KLAT-PLAN-{n:05d}",
        case_id=uuid.uuid4(),
        case_plan_id=uuid.uuid4(),
        municipality=RAKVERE,
        child_birth_date=date(2012, 5, 1),
        danger="Sünteetiline oht.",
        needs_assessment="Sünteetiline hinnang.",
        earlier_measures="Sünteetilised meetmed.",
        less_restrictive_insufficient="Sünteetiline põhjendus.",
        requested_at=OPENED + timedelta(seconds=n),
        due_at=DUE,
    )


def _request(n: int) -> BrusselsRequest:
    return BrusselsRequest(
        number=f"BR-PLAN-{n:05d}",
        article="art80",
        kind="report",
        direction="incoming",
        member_state="FI",
        foreign_authority="Sünteetiline keskasutus",
        child="Sünteetiline laps",
        reasons="Sünteetiline põhjus.",
        opened_by="s-2",
        opened_at=OPENED + timedelta(seconds=n),
        due_at=DUE,
    )


async def _a_busy_day(session: AsyncSession) -> None:
    contact = MunicipalContact(
        municipality=RAKVERE,
        municipality_name="Rakvere linn",
        official_name="Sünteetiline Ametnik",
        position="lastekaitse",
        phone="+372 5555 0000",
        email="kontakt@example.invalid",
        valid_from=date(2026, 1, 1),
        updated_by="s-2",
    )
    requests = [_request(n) for n in range(SAME_DUE)]
    session.add(contact)
    session.add_all([_klat(n) for n in range(SAME_DUE)])
    session.add_all(requests)
    await session.flush()
    session.add_all(
        BrusselsTask(
            request_id=request.id,
            municipality=RAKVERE,
            contact_id=contact.id,
            child="Sünteetiline laps",
            question="Sünteetiline küsimus.",
            assigned_at=request.opened_at,
            due_at=DUE,
        )
        for request in requests
    )
    await session.flush()
    await plan_as_if_large(session, "klat_opinion_request", "brussels_request", "brussels_task")


async def test_a_page_of_klat_requests_reads_one_page(
    session: AsyncSession, court_db: Database
) -> None:
    await _a_busy_day(session)
    for municipality, status in ((RAKVERE, None), (None, "requested")):
        with executions_with_parameters(court_db) as sent:
            rows = await klat.requests_page(
                session,
                municipality=municipality,
                assignee=None,
                status=status,
                cursor=None,
                limit=PAGE,
            )
        assert len(rows) > PAGE
        read = await rows_read(session, sent, "klat_opinion_request")
        assert read and all(n <= PAGE + 1 for n in read.values()), (municipality, status, read)


async def test_a_page_of_brussels_requests_and_tasks_reads_one_page(
    session: AsyncSession, court_db: Database
) -> None:
    await _a_busy_day(session)
    with executions_with_parameters(court_db) as sent:
        requests = await brussels.requests_page(session, status=None, cursor=None, limit=PAGE)
    assert len(requests) > PAGE
    read = await rows_read(session, sent, "brussels_request")
    assert read and all(n <= PAGE + 1 for n in read.values()), read

    with executions_with_parameters(court_db) as sent:
        tasks = await brussels.tasks_of_municipality(
            session, municipality=RAKVERE, assignee=None, cursor=None, limit=PAGE
        )
    assert len(tasks) > PAGE
    read = await rows_read(session, sent, "brussels_task")
    assert read and all(n <= PAGE + 1 for n in read.values()), read
