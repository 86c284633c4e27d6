"""What court consumes and publishes: the worker's handlers and components.

Consumes casework's ``removal.recorded`` (opens the custody-restriction application),
``case_plan.approved`` (a closed-institution request needs an approved plan) and
``case.transferred`` (the case's court records move with it); publishes the
events of ``heaolu_shared.contracts.court`` through the outbox; announces its clocks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common import clocks
from heaolu_court.common.clocks import scheduler
from heaolu_court.common.repository import remember_case_plan
from heaolu_court.custody import repository as custody
from heaolu_court.custody.service import open_from_removal
from heaolu_court.hearings import repository as hearings
from heaolu_court.klat import repository as klat
from heaolu_court.opinions import repository as opinions
from heaolu_shared import idempotency
from heaolu_shared.contracts.casework import TOPIC as CASEWORK_TOPIC
from heaolu_shared.contracts.casework import (
    CasePlanApprovedV1,
    CaseTransferredV1,
    RemovalRecordedV1,
)
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic
from heaolu_shared.worker import Runnable

CASEWORK_CONSUMER = "court.casework"


async def on_removal_recorded(
    session: AsyncSession, event: CloudEvent, payload: RemovalRecordedV1
) -> None:
    await open_from_removal(session, payload, now=datetime.now(UTC))


async def on_case_transferred(
    session: AsyncSession, event: CloudEvent, payload: CaseTransferredV1
) -> None:
    """The child moved: court's records of the case follow it to the new municipality."""
    for follow in (
        custody.follow_transfer,
        klat.follow_transfer,
        opinions.follow_transfer,
        hearings.follow_transfer,
        clocks.follow_case,
    ):
        await follow(session, payload.case_id, payload.to_municipality)


async def on_case_plan_approved(
    session: AsyncSession, event: CloudEvent, payload: CasePlanApprovedV1
) -> None:
    await remember_case_plan(
        session,
        case_id=payload.case_id,
        case_plan_id=payload.case_plan_id,
        municipality=payload.municipality,
        revision=payload.revision,
        approved_at=payload.approved_at,
        subject_pseudonym=payload.subject_pseudonym,
    )


def casework_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of casework's events."""
    return InboxConsumer(
        name=CASEWORK_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=[CASEWORK_TOPIC],
        handlers={
            "ee.heaolu.casework.removal.recorded.v1": on_removal_recorded,
            "ee.heaolu.casework.case_plan.approved.v1": on_case_plan_approved,
            "ee.heaolu.casework.case.transferred.v1": on_case_transferred,
        },
        dead_letter_topic=dead_letter_topic("court"),
        fault=settings.fault,
        # Follows casework, and nobody here waits on it: a fetch may wait a quarter of a second
        # to fill (one transaction and offset commit per batch under load, four fetches a
        # second when idle).
        batch_wait_ms=250,
    )


def idempotency_purger(database: Database, settings: ServiceSettings) -> Runnable:
    """Forgets creation keys (and their copies of answers) after their retention."""
    return idempotency.purger(database)


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(
        settings, consumers=[casework_consumer], components=[scheduler, idempotency_purger]
    )
