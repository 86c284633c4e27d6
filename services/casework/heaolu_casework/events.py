"""What casework consumes and publishes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.service import open_preliminary_assessment
from heaolu_shared.contracts.intake import TOPIC as INTAKE_TOPIC
from heaolu_shared.contracts.intake import ReportReceivedV1
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic

REPORTS_CONSUMER = "casework.reports"


async def on_report_received(
    session: AsyncSession, event: CloudEvent, payload: ReportReceivedV1
) -> None:
    await open_preliminary_assessment(session, payload)


def reports_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of intake's events."""
    return InboxConsumer(
        name=REPORTS_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topics=[INTAKE_TOPIC],
        handlers={"ee.heaolu.intake.report.received.v1": on_report_received},
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )


async def run_worker(settings: ServiceSettings) -> None:
    await run_service_worker(settings, consumers=[reports_consumer])
