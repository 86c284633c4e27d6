"""What intake consumes and publishes: it follows casework's assignments, substitutions and
decisions on applications, so access to a report or an application is decided at intake as
casework decides it (no reads of casework's database)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.applications import service as applications
from heaolu_intake.common.substitutions import end_substitution, follow_substitution
from heaolu_intake.reports import service as reports
from heaolu_shared import idempotency
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
from heaolu_shared.worker import Runnable

CASEWORK_CONSUMER = "intake.casework"


async def on_assignment_changed(
    session: AsyncSession, event: CloudEvent, payload: AssignmentChangedV1
) -> None:
    if payload.intake_record == "report":
        await reports.follow_assignment(session, payload)
    else:
        await applications.follow_assignment(session, payload)


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
    await applications.follow_decision(session, payload)


def casework_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of casework's events that bear on intake's records."""
    return InboxConsumer(
        name=CASEWORK_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=[CASEWORK_TOPIC],
        handlers={
            "ee.heaolu.casework.assignment.changed.v1": on_assignment_changed,
            "ee.heaolu.casework.substitution.recorded.v1": on_substitution_recorded,
            "ee.heaolu.casework.substitution.ended.v1": on_substitution_ended,
            "ee.heaolu.casework.decision.issued.v1": on_decision_issued,
        },
        dead_letter_topic=dead_letter_topic("intake"),
        fault=settings.fault,
        # Follows casework, and nobody here waits on it: a fetch may wait a quarter of a second
        # to fill (one transaction and offset commit per batch under load, four fetches a
        # second when idle).
        batch_wait_ms=250,
    )


def idempotency_purger(database: Database, settings: ServiceSettings) -> Runnable:
    """Forget the Idempotency-Keys (and the copies of answers) past their retention."""
    return idempotency.purger(database)


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(
        settings, consumers=[casework_consumer], components=[idempotency_purger]
    )
