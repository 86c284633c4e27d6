"""The department head's queue: children in danger first, then the nearest deadline, every item
reachable page by page (issue 10, defect 2)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.cases import lists as cases
from heaolu_shared.errors import NotPermitted
from heaolu_shared.pagination import InvalidCursor, encode_cursor

from ..factories import a_case, audit_records, days_ago, head, known, pending_assessment, worker

pytestmark = pytest.mark.integration


async def test_danger_first_then_deadline_and_every_item_once(session: AsyncSession) -> None:
    boss = head()
    await known(session, boss)
    # More than the old cap of 200 waiting, most of them overdue ...
    waiting = [
        await pending_assessment(session, received_at=days_ago(30 - i * 0.1)) for i in range(230)
    ]
    # ... and the children in danger reported last.
    danger = [
        await pending_assessment(
            session, received_at=days_ago(0.01 * (3 - i)), need_level="in_danger"
        )
        for i in range(3)
    ]
    transferred = await a_case(session, boss)
    seen: list[uuid.UUID] = []
    items = []
    cursor: str | None = None
    pages = 0
    while True:
        rows, cursor = await cases.queue(session, boss, cursor=cursor, limit=50)
        pages += 1
        items += rows
        seen += [r.id for r in rows]
        if cursor is None:
            break
    expected = {a.id for a in waiting + danger} | {transferred.id}
    assert len(seen) == len(set(seen)), "an item appeared on two pages"
    assert set(seen) == expected
    assert pages == 5
    assert {r.id for r in items[:3]} == {a.id for a in danger}
    assert all(r.urgent for r in items[:3]) and not any(r.urgent for r in items[3:])
    dues = [r.due_at or r.received_at for r in items[3:]]
    assert dues == sorted(dues)


async def test_a_cursor_of_the_wrong_shape_is_refused(session: AsyncSession) -> None:
    boss = head()
    with pytest.raises(InvalidCursor):
        await cases.queue(session, boss, cursor=encode_cursor(("x", "y", "z")), limit=10)
    with pytest.raises(InvalidCursor):
        await cases.queue(session, boss, cursor="not-a-cursor", limit=10)


async def test_workers_see_the_queue_only_where_they_may_take_work(session: AsyncSession) -> None:
    with pytest.raises(NotPermitted):
        await cases.queue(session, worker(), cursor=None, limit=10)


async def test_the_queue_shows_the_childs_name_and_audits_each_name_as_a_listing(
    session: AsyncSession,
) -> None:
    boss = head()
    named = await pending_assessment(session, received_at=days_ago(1), child_name="Mari Demo-Kask")
    rows, _ = await cases.queue(session, boss, cursor=None, limit=200)
    shown = next(r for r in rows if r.id == named.id)
    assert shown.child_name == "Mari Demo-Kask"
    records = [r for r in await audit_records(session) if r["actor_subject"] == boss.subject]
    per_name = [r for r in records if r["record_id"] == str(named.id)]
    assert [r["action"] for r in per_name] == ["list"]
    assert any(r["record_type"] == "queue" for r in records)
