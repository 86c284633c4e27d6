"""What casework learns from court: a filed custody-restriction application meets the
separation's filing clock, a ruling meets its ruling clock, and a refusal or the child's return
home ends the separation (its clocks stop and the case shows why)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.models import Activity
from heaolu_shared.contracts.court import TOPIC as COURT_TOPIC
from heaolu_shared.contracts.court import (
    CourtApplicationFiledV1,
    CourtApplicationWithdrawnV1,
    CourtRulingRecordedV1,
)
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic

COURT_CONSUMER = "casework.court"
OUTCOME_ET = {
    "granted": "rahuldas taotluse",
    "partly_granted": "rahuldas taotluse osaliselt",
    "refused": "jättis taotluse rahuldamata",
}


async def on_application_filed(
    session: AsyncSession, event: CloudEvent, payload: CourtApplicationFiledV1
) -> None:
    await clocks.meet(session, payload.removal_id, ["court_filing"])


async def on_ruling_recorded(
    session: AsyncSession, event: CloudEvent, payload: CourtRulingRecordedV1
) -> None:
    await clocks.meet(session, payload.removal_id, ["court_ruling"])
    if payload.outcome == "refused":
        await clocks.cancel_record(session, payload.removal_id)
    summary = f"Kohus {OUTCOME_ET[payload.outcome]} (hooldusõiguse piiramine)." + (
        " Perest eraldamine lõpeb: laps naaseb koju." if payload.outcome == "refused" else ""
    )
    session.add(
        Activity(
            id=uuid.uuid4(),
            case_id=payload.case_id,
            kind="note",
            occurred_at=payload.ruled_at,
            participants=[],
            summary=summary,
            recorded_by="court",
        )
    )
    await session.flush()


async def on_application_withdrawn(
    session: AsyncSession, event: CloudEvent, payload: CourtApplicationWithdrawnV1
) -> None:
    await clocks.cancel_record(session, payload.removal_id)
    session.add(
        Activity(
            id=uuid.uuid4(),
            case_id=payload.case_id,
            kind="note",
            occurred_at=payload.withdrawn_at,
            participants=[],
            summary="Laps naasis koju; hooldusõiguse piiramise taotlus võeti tagasi ja perest "
            "eraldamine lõppes.",
            recorded_by="court",
        )
    )
    await session.flush()


def court_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of court's events."""
    return InboxConsumer(
        name=COURT_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topics=[COURT_TOPIC],
        handlers={
            "ee.heaolu.court.court_application.filed.v1": on_application_filed,
            "ee.heaolu.court.court_ruling.recorded.v1": on_ruling_recorded,
            "ee.heaolu.court.court_application.withdrawn.v1": on_application_withdrawn,
        },
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )
