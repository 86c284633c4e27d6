"""Facts from events, KPIs from facts, the feed beside them, and a rebuild that agrees."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
import sqlalchemy as sa

from heaolu_reporting.common.access import Area, Level
from heaolu_reporting.common.models import ArchivedEvent
from heaolu_reporting.common.periods import Period
from heaolu_reporting.events import on_event, on_events
from heaolu_reporting.facts import service as facts
from heaolu_reporting.feed.models import FeedEvent
from heaolu_reporting.kpis import service as kpis
from heaolu_reporting.rebuild.service import Counts, replay_archive, reset
from heaolu_shared.contracts.__main__ import generated_schemas
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, registry
from heaolu_shared.messaging import outbox
from heaolu_shared.testing import executions, migrated_database

from .conftest import MIGRATIONS
from .flow import (
    CHILD_A,
    CHILD_NAME,
    FEED_MESSAGES,
    NATIONAL_DECIDED,
    NATIONAL_MEDIAN_DAYS,
    NATIONAL_REPORTS,
    NATIONAL_WITHIN,
    RAKVERE,
    flow,
)

pytestmark = pytest.mark.integration

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
RAKVERE_AREA = Area(Level.MUNICIPALITY, "0663", ("0663",))
NATION = Area(Level.NATIONAL, None, None)


async def consume(db: Database, events: list[CloudEvent]) -> None:
    """What the worker's consumer does with each message, one transaction each."""
    for event in events:
        async with db.transaction() as session:
            await on_event(session, event, registry.parse(event))


async def values(db: Database, area: Area) -> dict[str, dict[str, object]]:
    async with db.transaction() as session:
        found = await kpis.figures(session, area, MARCH)
    return {name: figure.values for name, figure in found.items()}


class NoProgress:
    def total(self, n: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass


async def test_kpis_from_a_flow_match_the_hand_count(db: Database) -> None:
    await consume(db, flow())

    assert await values(db, RAKVERE_AREA) == RAKVERE
    national = await values(db, NATION)
    assert national["reports_received"]["total"] == NATIONAL_REPORTS
    assessments = national["preliminary_assessments"]
    assert (assessments["decided"], assessments["within_term"]) == (
        NATIONAL_DECIDED,
        NATIONAL_WITHIN,
    )
    assert assessments["median_days"] == NATIONAL_MEDIAN_DAYS
    kohtla_jarve = await values(db, Area(Level.COUNTY, "0045", ("0321",)))
    assert kohtla_jarve["cases"]["opened"] == 1
    assert kohtla_jarve["cases"]["open_at_end"] == 0  # moved to Rakvere


async def test_a_redelivered_event_changes_nothing(db: Database) -> None:
    events = flow()
    await consume(db, events)
    before = await values(db, NATION)

    await consume(db, events)

    assert await values(db, NATION) == before
    async with db.transaction() as session:
        feed_rows = await session.scalar(sa.select(sa.func.count()).select_from(FeedEvent))
    assert feed_rows == FEED_MESSAGES


async def test_rebuild_from_the_archive_gives_the_live_figures(db: Database) -> None:
    await consume(db, flow())
    live = (await values(db, NATION), await values(db, RAKVERE_AREA))

    await reset(db)
    assert (await values(db, NATION))["reports_received"]["total"] == 0
    counts = Counts()
    await replay_archive(db, facts.apply, NoProgress(), counts)

    assert counts.archived == len(flow())
    assert (await values(db, NATION), await values(db, RAKVERE_AREA)) == live


async def test_feed_messages_validate_and_carry_no_service_ids(db: Database) -> None:
    events = flow()
    await consume(db, events)
    schemas = generated_schemas()

    async with db.transaction() as session:
        pulled = [row.event for row in await session.scalars(sa.select(FeedEvent))]
        queued = (
            await session.execute(sa.select(outbox.c.topic, outbox.c.payload, outbox.c.headers))
        ).all()
        archived = [row.data for row in await session.scalars(sa.select(ArchivedEvent))]

    assert len(pulled) == FEED_MESSAGES
    assert [q.payload for q in queued] == pulled
    assert {q.topic for q in queued} == {"heaolu.ska-feed.v1"}
    assert all(q.headers == {} for q in queued)  # no trace ties a message to its source
    # Record ids, the services' pseudonyms and exact times: none may reach SKA.
    internal = {
        str(v)
        for e in events
        for k, v in e.data.items()
        if k.endswith(("_id", "_pseudonym", "_at")) and v is not None
    } | {str(e.id) for e in events}
    for message in pulled:
        jsonschema.Draft202012Validator(schemas[message["type"]]).validate(message["data"])
        assert message["time"].endswith("T00:00:00Z")
        text = str(message)
        assert not [i for i in internal if i in text]
    # The archive keeps reporting's own keys, never the services' pseudonyms.
    assert CHILD_A not in str(archived)
    assert CHILD_NAME not in str(archived) + str(pulled)


async def stored(db: Database) -> tuple[object, ...]:
    """Everything the flow leaves behind, in order (envelope ids and times aside: they are new
    for every message)."""
    async with db.transaction() as session:
        feed = [
            (row.event["type"], row.event["data"])
            for row in await session.scalars(sa.select(FeedEvent).order_by(FeedEvent.seq))
        ]
        queued = [
            (row.topic, row.payload["type"], row.payload["data"])
            for row in await session.execute(
                sa.select(outbox.c.topic, outbox.c.payload).order_by(outbox.c.id)
            )
        ]
        archived = [
            (row.event_type, row.data)
            for row in await session.scalars(sa.select(ArchivedEvent).order_by(ArchivedEvent.seq))
        ]
    return (await values(db, NATION), await values(db, RAKVERE_AREA), feed, queued, archived)


async def test_the_flow_in_one_batch_leaves_what_it_leaves_event_by_event(db: Database) -> None:
    events = flow()
    await consume(db, events)
    one_by_one = await stored(db)

    async with migrated_database("reporting", MIGRATIONS) as other:
        sent = executions(other)
        async with other.transaction() as session:
            await on_events(session, [(event, registry.parse(event)) for event in events])
        batch_feed_inserts = sum("INSERT INTO feed_event" in s for s in sent)
        assert await stored(other) == one_by_one

    # A further report reads its thread's fact, which waits among the held writes: what waits
    # is sent first, and the feed message names the thread's child (the comparison above).
    # Every other feed row of the batch shares an execution.
    assert batch_feed_inserts < FEED_MESSAGES
