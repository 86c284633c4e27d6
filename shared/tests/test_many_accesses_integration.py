"""Many records reached by one act travel as few events as the contract allows, and stand for
exactly the records given, against the real PostgreSQL (ADR 0032)."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from heaolu_shared.audit_trail import record_accesses
from heaolu_shared.auth import Principal
from heaolu_shared.contracts.audit import MAX_RECORDS_PER_EVENT, AccessesRecordedV1
from heaolu_shared.db import Database
from heaolu_shared.messaging import outbox
from heaolu_shared.roles import Role

pytestmark = pytest.mark.integration

HEAD = Principal(
    subject="head-1",
    username="rakvere.head",
    roles=frozenset({Role.DEPARTMENT_HEAD}),
    municipality="0663",
)


async def _sent(db: Database) -> list[AccessesRecordedV1]:
    async with db.transaction() as session:
        rows = await session.execute(
            sa.select(outbox.c.event_type, outbox.c.key, outbox.c.payload).order_by(outbox.c.id)
        )
        sent = list(rows)
    assert {row.event_type for row in sent} == {"ee.heaolu.audit.accesses.recorded.v1"}
    # The Kafka key is a record's id, never a person's pseudonym.
    assert all(row.key == row.payload["data"]["records"][0]["record_id"] for row in sent)
    return [AccessesRecordedV1.model_validate(row.payload["data"]) for row in sent]


async def test_a_page_of_names_is_one_event_and_a_longer_run_is_split(
    database: tuple[Database, str],
) -> None:
    db, _ = database
    names = [
        ("case", str(uuid.uuid4()), uuid.uuid4().hex) for _ in range(MAX_RECORDS_PER_EVENT + 1)
    ]
    async with db.transaction() as session:
        await record_accesses(
            session, HEAD, service="casework", action="list", purpose="x", records=names[:50]
        )
    (page,) = await _sent(db)
    each = page.each()
    assert [(a.record_type, a.record_id, a.subject_pseudonym) for a in each] == names[:50]
    assert {(a.actor_username, a.actor_role, a.actor_institution) for a in each} == {
        ("rakvere.head", Role.DEPARTMENT_HEAD, "0663")
    }

    async with db.transaction() as session:
        await session.execute(sa.delete(outbox))
        await record_accesses(
            session, HEAD, service="casework", action="list", purpose="x", records=names
        )
        await record_accesses(
            session, HEAD, service="casework", action="list", purpose="x", records=[]
        )
    events = await _sent(db)
    assert [len(event.records) for event in events] == [MAX_RECORDS_PER_EVENT, 1]
    assert [
        (a.record_type, a.record_id, a.subject_pseudonym) for e in events for a in e.each()
    ] == names
