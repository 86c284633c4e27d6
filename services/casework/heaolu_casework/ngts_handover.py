"""Youths the NGTS specialist helped and who consented join the social-services queue.

NGTS publishes ``handover.consented`` with the youth's pseudonym and municipality only; the
handover becomes a pending social-services application here, and the worker who takes it up
enters the youth's data from the youth (checked against the pseudonym), so no personal data of
the list crosses Kafka (ADR 0015).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework.decisions import receive_application
from heaolu_shared.contracts.intake import ApplicationReceivedV1
from heaolu_shared.contracts.ngts import TOPIC as NGTS_TOPIC
from heaolu_shared.contracts.ngts import HandoverConsentedV1
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent
from heaolu_shared.inbox import InboxConsumer
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import dead_letter_topic

CONSUMER = "casework.ngts"


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
        name=CONSUMER,
        database=database,
        bootstrap=settings.kafka_bootstrap,
        topics=[NGTS_TOPIC],
        handlers={"ee.heaolu.ngts.handover.consented.v1": on_handover},
        dead_letter_topic=dead_letter_topic("casework"),
        fault=settings.fault,
    )
