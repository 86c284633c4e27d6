"""What casework consumes and publishes: the worker's consumers of intake's, court's and NGTS's
events, each handler handing the event to the feature it concerns."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.assessments.service import (
    follow_intake_assignment,
    join_thread,
    move_or_open,
    open_preliminary_assessment,
    open_preliminary_assessments,
)
from heaolu_casework.care.service import (
    court_application_filed,
    court_application_withdrawn,
    court_ruled,
)
from heaolu_casework.deadlines.scheduler import scheduler
from heaolu_casework.decisions.service import receive_application
from heaolu_casework.plans.service import record_note
from heaolu_shared import idempotency
from heaolu_shared.contracts.court import TOPIC as COURT_TOPIC
from heaolu_shared.contracts.court import (
    CourtApplicationFiledV1,
    CourtApplicationWithdrawnV1,
    CourtRulingRecordedV1,
)
from heaolu_shared.contracts.intake import TOPIC as INTAKE_TOPIC
from heaolu_shared.contracts.intake import (
    ApplicationReceivedV1,
    ReportAssignedV1,
    ReportLinkedV1,
    ReportReceivedV1,
    ReportReceivedV2,
    ReportRoutedV1,
)
from heaolu_shared.contracts.ngts import TOPIC as NGTS_TOPIC
from heaolu_shared.contracts.ngts import HandoverConsentedV1
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.service_worker import run_service_worker
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic
from heaolu_shared.worker import Runnable

REPORTS_CONSUMER = "casework.reports"
COURT_CONSUMER = "casework.court"
NGTS_CONSUMER = "casework.ngts"


# --- intake: reports and applications -----------------------------------------------------------


async def on_report_received(
    session: AsyncSession, event: CloudEvent, payload: ReportReceivedV1 | ReportReceivedV2
) -> None:
    await open_preliminary_assessment(session, payload)


async def on_reports_received(
    session: AsyncSession, events: Sequence[tuple[CloudEvent, ReportReceivedV1 | ReportReceivedV2]]
) -> None:
    """Consecutive received reports of one poll: their assessments in one statement, their
    clocks in another."""
    await open_preliminary_assessments(session, [payload for _, payload in events])


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
        topic_prefix=settings.kafka_topic_prefix,
        topics=[INTAKE_TOPIC],
        handlers={
            "ee.heaolu.intake.report.received.v1": on_report_received,
            "ee.heaolu.intake.report.received.v2": on_report_received,
            "ee.heaolu.intake.report.routed.v1": on_report_routed,
            "ee.heaolu.intake.report.linked.v1": on_report_linked,
            "ee.heaolu.intake.report.assigned.v1": on_report_assigned,
            "ee.heaolu.intake.application.received.v1": on_application_received,
        },
        batch_handlers={
            "ee.heaolu.intake.report.received.v1": on_reports_received,
            "ee.heaolu.intake.report.received.v2": on_reports_received,
        },
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )


# --- court: a filed custody-restriction application meets the separation's filing clock, a
# ruling meets its ruling clock, and a refusal or the child's return home ends the separation
# (its clocks stop and the case shows why in a note) ------------------------------------------


async def on_court_application_filed(
    session: AsyncSession, event: CloudEvent, payload: CourtApplicationFiledV1
) -> None:
    await court_application_filed(session, payload.removal_id)


async def on_court_ruling_recorded(
    session: AsyncSession, event: CloudEvent, payload: CourtRulingRecordedV1
) -> None:
    note = await court_ruled(session, payload.removal_id, payload.outcome)
    await record_note(
        session,
        case_id=payload.case_id,
        occurred_at=payload.ruled_at,
        summary=note,
        recorded_by="court",
    )


async def on_court_application_withdrawn(
    session: AsyncSession, event: CloudEvent, payload: CourtApplicationWithdrawnV1
) -> None:
    note = await court_application_withdrawn(session, payload.removal_id)
    await record_note(
        session,
        case_id=payload.case_id,
        occurred_at=payload.withdrawn_at,
        summary=note,
        recorded_by="court",
    )


def court_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of court's events."""
    return InboxConsumer(
        name=COURT_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=[COURT_TOPIC],
        handlers={
            "ee.heaolu.court.court_application.filed.v1": on_court_application_filed,
            "ee.heaolu.court.court_ruling.recorded.v1": on_court_ruling_recorded,
            "ee.heaolu.court.court_application.withdrawn.v1": on_court_application_withdrawn,
        },
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )


# --- NGTS: youths the NGTS specialist helped and who consented join the social-services queue.
# NGTS publishes ``handover.consented`` with the youth's pseudonym and municipality only; the
# handover becomes a pending social-services application here, and the worker who takes it up
# enters the youth's data from the youth (checked against the pseudonym), so no personal data of
# the list crosses Kafka (ADR 0015) -------------------------------------------------------------


async def on_handover(
    session: AsyncSession, event: CloudEvent, payload: HandoverConsentedV1
) -> None:
    await receive_application(
        session,
        ApplicationReceivedV1(
            application_id=payload.handover_id,
            service_code=payload.service_code,
            municipality=payload.municipality,
            applicant_pseudonym=payload.subject_pseudonym,
            received_at=payload.consented_at,
        ),
    )


def ngts_consumer(database: Database, settings: ServiceSettings) -> InboxConsumer:
    """The consumer of NGTS's handovers."""
    return InboxConsumer(
        name=NGTS_CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topic_prefix=settings.kafka_topic_prefix,
        topics=[NGTS_TOPIC],
        handlers={"ee.heaolu.ngts.handover.consented.v1": on_handover},
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
