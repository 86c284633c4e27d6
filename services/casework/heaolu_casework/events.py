"""What casework consumes and publishes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.court_outcomes import court_consumer
from heaolu_casework.deadlines import scheduler
from heaolu_casework.decisions import receive_application
from heaolu_casework.ngts_handover import ngts_consumer
from heaolu_casework.service import (
    follow_intake_assignment,
    join_thread,
    move_or_open,
    open_preliminary_assessment,
)
from heaolu_shared import idempotency
from heaolu_shared.contracts.intake import TOPIC as INTAKE_TOPIC
from heaolu_shared.contracts.intake import (
    ApplicationReceivedV1,
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic
from heaolu_shared.worker import Runnable

REPORTS_CONSUMER = "casework.reports"


async def on_report_received(
    session: AsyncSession, event: CloudEvent, payload: ReportReceivedV1 | ReportReceivedV2
) -> None:
    await open_preliminary_assessment(session, payload)


async def on_report_routed(
    session: AsyncSession, event: CloudEvent, payload: ReportRoutedV1
) -> None:
    await move_or_open(session, payload)


async def on_report_linked(
    session: AsyncSession, event: CloudEvent, payload: ReportLinkedV1
) -> None:
    await join_thread(session, payload)


async def on_report_assigned(
    session: AsyncSession, event: CloudEvent, payload: ReportAssignedV1
) -> None:
    await follow_intake_assignment(session, payload)


async def on_application_received(
    session: AsyncSession, event: CloudEvent, payload: ApplicationReceivedV1
) -> None:
    await receive_application(session, payload)


def reports_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of intake's events."""
    return InboxConsumer(
        name=REPORTS_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topics=[INTAKE_TOPIC],
        handlers={
            "ee.heaolu.intake.report.received.v1": on_report_received,
            "ee.heaolu.intake.report.received.v2": on_report_received,
            "ee.heaolu.intake.report.routed.v1": on_report_routed,
            "ee.heaolu.intake.report.linked.v1": on_report_linked,
            "ee.heaolu.intake.report.assigned.v1": on_report_assigned,
            "ee.heaolu.intake.application.received.v1": on_application_received,
        },
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )


def idempotency_purger(database: Database, settings: ServiceSettings) -> Runnable:
    """Forgets creation keys (and their copies of answers) after their retention."""
    return idempotency.purger(database)


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(
        settings,
        consumers=[reports_consumer, court_consumer, ngts_consumer],
        components=[scheduler, idempotency_purger],
    )
