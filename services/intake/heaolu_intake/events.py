"""What intake consumes and publishes: it follows casework's assignments, substitutions and
decisions on applications, so access to a report or an application is decided at intake as
casework decides it (no reads of casework's database)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.service import (
    end_substitution,
    follow_assignment,
    follow_decision,
    follow_substitution,
)
from heaolu_shared.contracts.casework import TOPIC as CASEWORK_TOPIC
from heaolu_shared.contracts.casework import (
    AssignmentChangedV1,
    DecisionIssuedV1,
    SubstitutionEndedV1,
    SubstitutionRecordedV1,
)
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic

CASEWORK_CONSUMER = "intake.casework"


async def on_assignment_changed(
    session: AsyncSession, event: CloudEvent, payload: AssignmentChangedV1
) -> None:
    await follow_assignment(session, payload)


async def on_substitution_recorded(
    session: AsyncSession, event: CloudEvent, payload: SubstitutionRecordedV1
) -> None:
    await follow_substitution(session, payload)


async def on_substitution_ended(
    session: AsyncSession, event: CloudEvent, payload: SubstitutionEndedV1
) -> None:
    await end_substitution(session, payload)


async def on_decision_issued(
    session: AsyncSession, event: CloudEvent, payload: DecisionIssuedV1
) -> None:
    await follow_decision(session, payload)


def casework_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of casework's events that bear on intake's records."""
    return InboxConsumer(
        name=CASEWORK_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topics=[CASEWORK_TOPIC],
        handlers={
            "ee.heaolu.casework.assignment.changed.v1": on_assignment_changed,
            "ee.heaolu.casework.substitution.recorded.v1": on_substitution_recorded,
            "ee.heaolu.casework.substitution.ended.v1": on_substitution_ended,
            "ee.heaolu.casework.decision.issued.v1": on_decision_issued,
        },
        dead_letter_topic=dead_letter_topic("intake"),
        fault=settings.fault,
    )


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(settings, consumers=[casework_consumer])
