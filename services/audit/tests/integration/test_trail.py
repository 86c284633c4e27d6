"""The anomaly limit counts persons opened, not names shown on worklists (ADR 0011); audit
queries page through every record."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_audit.repository import AuditRepository
from heaolu_audit.service import append, append_batch, verify_chain
from heaolu_shared.contracts.audit import AccessRecordedV1
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

LIMIT = 5


def access(actor: str, action: str, at: datetime, subject: str | None = None) -> AccessRecordedV1:
    return AccessRecordedV1(
        service="casework",
        actor_subject=actor,
        actor_role=Role.DEPARTMENT_HEAD,
        actor_institution="0663",
        subject_pseudonym=subject or uuid.uuid4().hex,
        record_type="queue" if action == "list" else "case",
        record_id=str(uuid.uuid4()),
        action=action,  # type: ignore[arg-type]
        purpose="test",
        occurred_at=at,
    )


async def test_names_on_a_worklist_do_not_trip_the_limit_opening_persons_does(
    session: AsyncSession,
) -> None:
    head = f"head-{uuid.uuid4().hex[:8]}"
    now = datetime.now(UTC)
    for i in range(LIMIT * 4):
        await append(session, uuid.uuid4(), access(head, "list", now + timedelta(seconds=i)), LIMIT)
    alerts, _ = await AuditRepository(session).alerts(limit=500)
    assert head not in {a.actor_subject for a in alerts}
    for i in range(LIMIT + 1):
        await append(
            session,
            uuid.uuid4(),
            access(head, "read", now + timedelta(minutes=1, seconds=i)),
            LIMIT,
        )
    alerts, _ = await AuditRepository(session).alerts(limit=500)
    assert head in {a.actor_subject for a in alerts}


async def test_a_persons_records_page_through_everything_once(session: AsyncSession) -> None:
    subject = uuid.uuid4().hex
    now = datetime.now(UTC)
    for i in range(7):
        await append(
            session, uuid.uuid4(), access("w", "read", now + timedelta(seconds=i), subject), 1000
        )
    seen: list[int] = []
    cursor: str | None = None
    while True:
        rows, cursor = await AuditRepository(session).search(
            subject=subject, cursor=cursor, limit=3
        )
        seen += [r.seq for r in rows]
        if cursor is None:
            break
    assert len(seen) == 7 and seen == sorted(set(seen), reverse=True)


async def test_a_batch_appends_in_order_chained_like_one_by_one_and_raises_the_alert(
    session: AsyncSession,
) -> None:
    reader = f"reader-{uuid.uuid4().hex[:8]}"
    now = datetime.now(UTC)
    first = await append(session, uuid.uuid4(), access(reader, "list", now), LIMIT)
    batch = [
        (uuid.uuid4(), access(reader, "read", now + timedelta(seconds=i))) for i in range(LIMIT + 1)
    ]

    rows = await append_batch(session, batch, LIMIT)

    assert [row["seq"] for row in rows] == list(range(first.seq + 1, first.seq + LIMIT + 2))
    assert rows[0]["prev_hash"] == first.hash
    assert all(later["prev_hash"] == earlier["hash"] for earlier, later in pairwise(rows))
    assert [row["event_id"] for row in rows] == [event_id for event_id, _ in batch]
    assert (await verify_chain(session)).valid
    alerts, _ = await AuditRepository(session).alerts(limit=500)
    assert [a.distinct_subjects for a in alerts if a.actor_subject == reader] == [LIMIT + 1]
