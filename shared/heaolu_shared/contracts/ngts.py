"""Events published by the NGTS (youth-guarantee) service on ``heaolu.ngts.v1``.

No personal data at all: no name, personal code, contact or education, and not even the keyed
pseudonym of the personal code, except in the one event that hands a consenting youth over to
social services. A youth is named by ``youth_ref``, the random id of their row in the NGTS
database; when the list is purged the row goes and the id points at nothing. What reporting
needs for the youth-guarantee KPIs (youths reached, helped and declined per municipality and
round; inquiries answered within five working days) is here: municipality, round, kinds and
times.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.contracts.deadlines import DeadlineEvent
from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.ngts.v1"

Municipality = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
YouthRef = Field(description="random id of the youth's row in NGTS; no link to a person")
QueryDate = Field(description="the register query date of the round (15 March or 15 October)")

Answer = Literal["wants_help", "does_not_want_help", "no_answer"]
ContactChannel = Literal["email", "sms", "phone", "meeting"]
OutcomeKind = Literal["studying", "working", "registered_unemployed", "other"]
RefusalReason = Literal[
    "invalid_personal_code",
    "outside_age_range",
    "studying",
    "working",
    "registered_unemployed",
    "lacks_work_capacity",
    "in_job_support_service",
    "entrepreneur",
    "childcare_benefit",
    "in_custody",
    "in_service",
    "duplicate",
    "other_municipality",
]


def _event(name: str) -> str:
    return f"ee.heaolu.ngts.{name}.v1"


@registry.register(_event("participation.applied"), topic=TOPIC, producer="ngts")
class ParticipationAppliedV1(EventPayload):
    """A municipality applied to take part in a register query round."""

    participation_id: uuid.UUID
    municipality: str = Municipality
    query_date: date = QueryDate
    applied_at: datetime
    list_due_on: date = Field(description="5 working days after the query date")


@registry.register(_event("list.imported"), topic=TOPIC, producer="ngts")
class ListImportedV1(EventPayload):
    """A round's list arrived from the register: how many youths were stored and refused."""

    participation_id: uuid.UUID
    municipality: str = Municipality
    query_date: date = QueryDate
    imported_at: datetime
    stored: int = Field(ge=0)
    refused: dict[RefusalReason, int] = Field(description="refused rows by reason (counts)")
    retention_ends_on: date


@registry.register(_event("youth.answered"), topic=TOPIC, producer="ngts")
class YouthAnsweredV1(EventPayload):
    """Outreach reached a youth (or gave up waiting): their answer. KPI "youths reached"."""

    youth_ref: uuid.UUID = YouthRef
    participation_id: uuid.UUID
    municipality: str = Municipality
    query_date: date = QueryDate
    answer: Answer
    channel: ContactChannel
    answered_at: datetime


@registry.register(_event("consent.recorded"), topic=TOPIC, producer="ngts")
class ConsentRecordedV1(EventPayload):
    """The youth consented to an individual plan (participation is voluntary)."""

    youth_ref: uuid.UUID = YouthRef
    municipality: str = Municipality
    query_date: date = QueryDate
    consented_at: datetime
    handover_to_social_services: bool


@registry.register(_event("handover.consented"), topic=TOPIC, producer="ngts")
class HandoverConsentedV1(EventPayload):
    """A helped youth consented to social-services case management: casework queues it.

    ``subject_pseudonym`` (the keyed pseudonym of the personal code, as in every service) lets
    casework check the person a worker enters against the handover; the youth's data itself
    never travels on Kafka.
    """

    handover_id: uuid.UUID
    municipality: str = Municipality
    subject_pseudonym: str = Field(pattern=r"^[0-9a-f]{32}$")
    consented_at: datetime
    service_code: str = Field(default="ngts_support", max_length=32)


@registry.register(_event("outcome.recorded"), topic=TOPIC, producer="ngts")
class OutcomeRecordedV1(EventPayload):
    """The work with a youth reached its outcome. KPI "youths helped" / "declined"."""

    youth_ref: uuid.UUID = YouthRef
    participation_id: uuid.UUID
    municipality: str = Municipality
    query_date: date = QueryDate
    outcome: OutcomeKind | Literal["declined"]
    helped: bool = Field(description="the municipality helped the youth to this outcome")
    recorded_at: datetime
    follow_up_until: datetime | None = Field(
        default=None, description="end of the 6-month follow-up after the goal was reached"
    )


@registry.register(_event("inquiry.received"), topic=TOPIC, producer="ngts")
class InquiryReceivedV1(EventPayload):
    """A ministry or SKA contact person asked; the 5-working-day clock started."""

    inquiry_id: uuid.UUID
    municipality: str = Municipality
    asked_by: Literal["ministry", "ska"]
    received_at: datetime
    due_at: datetime


@registry.register(_event("inquiry.answered"), topic=TOPIC, producer="ngts")
class InquiryAnsweredV1(EventPayload):
    """An inquiry was answered. KPI "inquiries answered within 5 working days"."""

    inquiry_id: uuid.UUID
    municipality: str = Municipality
    asked_by: Literal["ministry", "ska"]
    received_at: datetime
    due_at: datetime
    answered_at: datetime
    on_time: bool


@registry.register(_event("list.purged"), topic=TOPIC, producer="ngts")
class ListPurgedV1(EventPayload):
    """A round's retention ended: the youths not being helped were deleted (counts only)."""

    participation_id: uuid.UUID
    municipality: str = Municipality
    query_date: date = QueryDate
    purged_at: datetime
    deleted: int = Field(ge=0)
    kept: int = Field(ge=0, description="youths still being helped, kept for their follow-up")


@registry.register(_event("deadline.approaching"), topic=TOPIC, producer="ngts")
class DeadlineApproachingV1(DeadlineEvent):
    """An NGTS clock (inquiry answer, follow-up contact) reached its warning time."""


@registry.register(_event("deadline.breached"), topic=TOPIC, producer="ngts")
class DeadlineBreachedV1(DeadlineEvent):
    """An NGTS clock ended without being met."""
