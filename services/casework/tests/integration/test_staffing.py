"""Substitutions end early; SKA's counsellor lists, reads, answers and closes counselling
requests, and access ends with the request (issue 10, defect 6)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.common.access import load_case
from heaolu_casework.common.models import Substitution
from heaolu_casework.staffing import counselling, service
from heaolu_shared.access import Action
from heaolu_shared.auth import Principal
from heaolu_shared.concurrency import etag
from heaolu_shared.errors import NotPermitted, ResourceNotFound

from ..factories import (
    a_case,
    audit_records,
    counsellor,
    days_ago,
    head,
    known,
    published,
    worker,
)

pytestmark = pytest.mark.integration


async def _substitution(
    session: AsyncSession, absent: Principal, substitute: Principal, starts_in_days: float = 0
) -> Substitution:
    start = days_ago(-starts_in_days) - timedelta(minutes=1)
    return await service.record_substitution(
        session,
        absent,
        absent_username=None,
        substitute_username=substitute.username or "",
        starts_at=start,
        ends_at=start + timedelta(days=10),
    )


async def test_the_absent_worker_ends_the_substitution_and_access_ends(
    session: AsyncSession,
) -> None:
    absent, substitute = worker("kadri"), worker("liis")
    await known(session, absent, substitute)
    case = await a_case(session, absent, assignee=absent.subject)
    window = await _substitution(session, absent, substitute)
    await load_case(session, substitute, case.id, Action.READ)
    ended = await service.end_substitution(session, absent, window.id, etag(window.version))
    assert ended.ended_early_by == absent.subject and ended.ends_at <= days_ago(0)
    with pytest.raises(NotPermitted):
        await load_case(session, substitute, case.id, Action.READ)
    trail = [r for r in await audit_records(session) if r["record_type"] == "substitution"]
    assert [(r["action"], r["actor_subject"]) for r in trail] == [("update", absent.subject)]


async def test_the_head_ends_a_window_that_has_not_started(session: AsyncSession) -> None:
    absent, substitute, boss = worker("kadri"), worker("liis"), head()
    await known(session, absent, substitute, boss)
    window = await _substitution(session, absent, substitute, starts_in_days=5)
    ended = await service.end_substitution(session, boss, window.id, etag(window.version))
    assert ended.ends_at == ended.starts_at


async def test_only_the_absent_worker_or_their_head_ends_it(session: AsyncSession) -> None:
    absent, substitute, other = worker("kadri"), worker("liis"), worker("mart")
    await known(session, absent, substitute, other)
    window = await _substitution(session, absent, substitute)
    for who in (substitute, other):
        with pytest.raises(NotPermitted):
            await service.end_substitution(session, who, window.id, etag(window.version))
    with pytest.raises(ResourceNotFound):
        await service.end_substitution(
            session, head(municipality="0321"), window.id, etag(window.version)
        )


async def test_counselling_request_life_and_the_end_of_access(session: AsyncSession) -> None:
    me, ska = worker("kadri"), counsellor()
    await known(session, me)
    case = await a_case(session, me, assignee=me.subject)
    request = await counselling.open_counselling_request(
        session, me, case.id, "Kas lapse eraldamine on põhjendatud?"
    )
    listed, cursor = await counselling.list_counselling_requests(
        session, ska, open_only=True, cursor=None, limit=200
    )
    assert request.id in [r.id for r in listed] and cursor is None
    read = await counselling.read_counselling_request(session, ska, request.id)
    assert read.question.startswith("Kas lapse")
    await load_case(session, ska, case.id, Action.READ)
    answered = await counselling.answer_counselling_request(
        session, ska, request.id, "Jah, kui ...", etag(read.version)
    )
    assert answered.answer == "Jah, kui ..."
    with pytest.raises(NotPermitted):
        await counselling.answer_counselling_request(
            session, me, request.id, "mina ka", etag(answered.version)
        )
    closed = await counselling.close_counselling_request(
        session, ska, request.id, etag(answered.version)
    )
    assert closed.closed_at is not None
    with pytest.raises(NotPermitted):
        await load_case(session, ska, case.id, Action.READ)
    still_open, _ = await counselling.list_counselling_requests(
        session, ska, open_only=True, cursor=None, limit=200
    )
    assert request.id not in [r.id for r in still_open]
    mine, _ = await counselling.list_counselling_requests(
        session, me, open_only=False, cursor=None, limit=200
    )
    assert [r.id for r in mine] == [request.id]
    with pytest.raises(ResourceNotFound):
        await counselling.read_counselling_request(session, worker("mart"), request.id)

    # SKA's statistics learn of it: the three events, without the question, answer or people.
    announced = [
        (kind, event)
        for kind in ("opened", "answered", "closed")
        for event in await published(session, f"ee.heaolu.casework.counselling_request.{kind}.v1")
    ]
    assert [kind for kind, _ in announced] == ["opened", "answered", "closed"]
    common = {"request_id", "municipality", "record_type", "opened_at"}
    assert all(e["request_id"] == str(request.id) for _, e in announced)
    assert all(e["record_type"] == "case" for _, e in announced)
    assert set(announced[0][1]) == common
    assert set(announced[1][1]) == common | {"answered_at"}
    assert announced[2][1]["closed_by"] == "ska" and announced[2][1]["answered"] is True
