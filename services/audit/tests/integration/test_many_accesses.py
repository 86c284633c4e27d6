"""One event for the names a page showed: the audit consumer appends a record per name, in
order with the events around it, and a second delivery adds nothing (ADR 0032)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from heaolu_audit.events import access_consumer
from heaolu_audit.service import verify_chain
from heaolu_shared.contracts.audit import AccessedRecord, AccessesRecordedV1, AccessRecordedV1
from heaolu_shared.db import Database
from heaolu_shared.events import registry
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.roles import Role
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.testing import consumer_record, migrated_database

from .conftest import MIGRATIONS

pytestmark = pytest.mark.integration

ACTOR = {
    "service": "casework",
    "actor_subject": "head-1",
    "actor_username": "rakvere.head",
    "actor_role": Role.DEPARTMENT_HEAD,
    "actor_institution": "0663",
    "purpose": "name shown: queue",
    "occurred_at": datetime(2026, 12, 2, 9, 0, tzinfo=UTC),
}


@pytest.fixture
async def consumer() -> AsyncIterator[tuple[InboxConsumer, Database]]:
    async with migrated_database("audit_many", MIGRATIONS) as db:
        made = access_consumer(db, ServiceSettings(service_name="audit"))
        try:
            yield made, db
        finally:
            await made.close()


def _record(offset: int, payload: Any) -> Any:
    event = registry.envelope(payload, subject="k", source="casework")
    return event, consumer_record("heaolu.audit.v1", offset, event.model_dump_json().encode())


async def _trail(db: Database) -> list[sa.Row[Any]]:
    async with db.transaction() as session:
        result = await session.execute(
            sa.text(
                "SELECT seq, event_id, record_type, record_id, subject_pseudonym, action,"
                " purpose, actor_username FROM audit_record ORDER BY seq"
            )
        )
        return list(result)


async def test_each_name_becomes_a_record_of_its_own_once(
    consumer: tuple[InboxConsumer, Database],
) -> None:
    inbox, db = consumer
    names = [("case", str(uuid.uuid4()), uuid.uuid4().hex) for _ in range(3)]
    listing = AccessRecordedV1(**ACTOR, action="list", record_type="case_list", record_id="0663")
    many = AccessesRecordedV1(
        **ACTOR,
        action="list",
        records=[
            AccessedRecord(record_type=kind, record_id=rid, subject_pseudonym=pseudonym)
            for kind, rid, pseudonym in names
        ],
    )
    (first, one), (event, page) = _record(0, listing), _record(1, many)

    outcomes = await inbox.process_batch([one, page])

    assert [result.outcome for result in outcomes] == ["processed", "processed"]
    trail = await _trail(db)
    assert [(row.record_type, row.record_id) for row in trail] == [
        ("case_list", "0663"),
        *((kind, rid) for kind, rid, _ in names),
    ]
    assert [row.subject_pseudonym for row in trail[1:]] == [pseudonym for *_, pseudonym in names]
    assert {(row.action, row.actor_username) for row in trail} == {("list", "rakvere.head")}
    assert trail[0].event_id == first.id
    assert [row.event_id for row in trail[1:]] == [
        uuid.uuid5(event.id, str(place)) for place in range(3)
    ]

    again = await inbox.process_batch([page])
    alone = await inbox.process(page)

    assert [result.outcome for result in [*again, alone]] == ["duplicate", "duplicate"]
    assert len(await _trail(db)) == 4
    async with db.transaction() as session:
        assert (await verify_chain(session)).valid
