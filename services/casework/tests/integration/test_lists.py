"""Lists put access into the query and page through every visible row (issue 10, defect 3);
worklists show names and audit them as listings (defect 10)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases import lists
from heaolu_casework.cases import service as cases
from heaolu_casework.cases.schemas import CaseSearch
from heaolu_casework.common import clocks
from heaolu_casework.plans import service as plans
from heaolu_casework.staffing import service
from heaolu_shared.pagination import InvalidCursor, encode_cursor

from ..factories import a_case, activity_in, audit_records, child, days_ago, head, known, worker

pytestmark = pytest.mark.integration


async def everything(
    fetch: Callable[[str | None], Awaitable[tuple[list[Any], str | None]]],
) -> tuple[list[Any], int]:
    rows: list[Any] = []
    cursor: str | None = None
    pages = 0
    while True:
        page, cursor = await fetch(cursor)
        pages += 1
        rows += page
        if cursor is None:
            return rows, pages


async def test_my_cases_page_past_rows_the_worker_may_not_see(session: AsyncSession) -> None:
    me = worker("kadri")
    boss = head()
    await known(session, me, boss)
    mine = []
    for _ in range(5):
        mine.append(await a_case(session, boss, assignee=me.subject))
        # A social-services case assigned to the same child-protection worker: the access
        # rules do not let them see it, and it sits between the visible ones.
        await a_case(session, boss, assignee=me.subject, kind="social_services")
    rows, pages = await everything(
        lambda c: lists.list_cases(session, me, status=None, mine=False, cursor=c, limit=1)
    )
    assert [r.Case.id for r in rows] == [c.id for c in reversed(mine)]
    assert pages == 5
    assert all(r.child_name == "Mari Demo-Kask" for r in rows)
    assert all(r.assignee_name == me.name for r in rows)


async def test_search_results_page_through_every_hit(session: AsyncSession) -> None:
    me = worker("kadri")
    boss = head()
    await known(session, me, boss)
    hits = []
    for _ in range(4):
        await a_case(session, boss, assignee=boss.subject, person=child(family="Demo-Otsitav"))
        hits.append(
            await a_case(session, boss, assignee=me.subject, person=child(family="Demo-Otsitav"))
        )
    query = CaseSearch(family_name="Demo-Otsitav", purpose="test of paging")
    rows, pages = await everything(
        lambda c: lists.search_cases(session, me, query, cursor=c, limit=1)
    )
    assert sorted(r.Case.id for r in rows) == sorted(c.id for c in hits)
    assert pages == 4
    everyone, _ = await everything(
        lambda c: lists.search_cases(session, boss, query, cursor=c, limit=3)
    )
    assert len(everyone) == 8


async def test_parties_activities_and_deadlines_page(session: AsyncSession) -> None:
    me = worker("kadri")
    await known(session, me)
    case = await a_case(session, me, assignee=me.subject)
    for i in range(5):
        await plans.record_activity(
            session,
            me,
            case.id,
            activity_in(days_ago(i + 1), summary=f"note {i}"),
        )
    activities, pages = await everything(
        lambda c: plans.activities(session, me, case.id, cursor=c, limit=2)
    )
    assert len(activities) == 5 and pages == 3
    assert [a.occurred_at for a in activities] == sorted(
        (a.occurred_at for a in activities), reverse=True
    )
    parties, _ = await everything(lambda c: cases.parties(session, me, case.id, cursor=c, limit=1))
    assert [p.CaseParty.role for p in parties] == ["child"]
    for i in range(3):
        await clocks.open_case_clock(
            session,
            case,
            kind="action_evaluation",
            record_type="case_plan",
            record_id=uuid.uuid4(),
            due_at=days_ago(-i - 1),
        )
    deadlines, pages = await everything(
        lambda c: clocks.open_deadlines(
            session, municipality=me.municipality, assignees={me.subject}, cursor=c, limit=2
        )
    )
    assert len(deadlines) == 3 and pages == 2
    assert all(d.child_name == "Mari Demo-Kask" for d in deadlines)
    assert all(d.assignee_name == me.name for d in deadlines)


async def test_a_cursor_that_decodes_but_holds_the_wrong_types_is_refused(
    session: AsyncSession,
) -> None:
    me = worker("kadri")
    for bad in (
        encode_cursor((12, 34)),
        encode_cursor(("2026-01-01T00:00:00", str(uuid.uuid4()))),
        encode_cursor((True, str(uuid.uuid4()))),
    ):
        with pytest.raises(InvalidCursor):
            await lists.list_cases(session, me, status=None, mine=False, cursor=bad, limit=5)


async def test_a_list_that_shows_names_audits_each_as_a_listing_not_an_opening(
    session: AsyncSession,
) -> None:
    me = worker("kadri")
    await known(session, me)
    shown = [await a_case(session, me, assignee=me.subject) for _ in range(3)]
    await lists.list_cases(session, me, status=None, mine=True, cursor=None, limit=10)
    records = [r for r in await audit_records(session) if r["actor_subject"] == me.subject]
    listed = [r for r in records if r["record_type"] == "case" and r["action"] == "list"]
    assert sorted(r["record_id"] for r in listed) == sorted(str(c.id) for c in shown)
    assert not [r for r in records if r["record_type"] == "case" and r["action"] == "read"]
    assert [r["record_type"] for r in records].count("case_list") == 1


async def test_substitutions_show_the_colleagues_names(session: AsyncSession) -> None:
    me, colleague = worker("kadri"), worker("liis")
    await known(session, me, colleague)
    now = days_ago(0)
    await service.record_substitution(
        session,
        me,
        absent_username=None,
        substitute_username=colleague.username or "",
        starts_at=now,
        ends_at=now + timedelta(days=3),
    )
    rows, cursor = await service.substitutions_for(session, colleague, cursor=None, limit=10)
    assert cursor is None
    assert [(r.absent_name, r.substitute_name) for r in rows] == [(me.name, colleague.name)]
