"""Events published by the court service on ``heaolu.court.v1``.

Ids, EHAK codes, times, outcomes and pseudonyms only: never a name, personal code, the facts of
a case or the content of an opinion. They carry what the consumers need: casework closes its
clocks of a separation from them, and reporting computes its KPIs (time from separation to
filing and to the ruling, SKA's answer times, Brussels IIb response times) without fetching
anything personal.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.contracts.deadlines import DeadlineEvent
from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.court.v1"

Municipality = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
Pseudonym = Field(
    default=None,
    pattern=r"^[0-9a-f]{32}$",
    description="pseudonymous subject id of the child",
)
RulingOutcome = Literal["granted", "refused", "partly_granted"]
SkaOpinionState = Literal["not_requested", "pending", "suitable", "not_suitable"]
BrusselsArticle = Literal["art79", "art80", "art82"]
BrusselsDirection = Literal["incoming", "outgoing"]


def _event(name: str) -> str:
    return f"ee.heaolu.court.{name}.v1"


@registry.register(_event("court_application.opened"), topic=TOPIC, producer="court")
class CourtApplicationOpenedV1(EventPayload):
    """A draft custody-restriction application was opened after a separation (LasteKS §33);
    both clocks count from ``separated_at``."""

    application_id: uuid.UUID
    removal_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    separated_at: datetime
    opened_at: datetime
    filing_due_at: datetime = Field(description="the municipality's filing target")
    ruling_due_at: datetime = Field(description="separated_at + 72 hours")
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("court_application.filed"), topic=TOPIC, producer="court")
class CourtApplicationFiledV1(EventPayload):
    """The custody-restriction application reached the court; casework's filing clock is met."""

    application_id: uuid.UUID
    removal_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    separated_at: datetime
    filed_at: datetime
    filing_due_at: datetime
    ruling_due_at: datetime
    within_target: bool = Field(description="filed by the filing target")
    within_72_hours: bool = Field(description="filed before the 72 hours from separation ended")
    head_approved: bool = Field(description="approved by the department head before filing")
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("court_ruling.recorded"), topic=TOPIC, producer="court")
class CourtRulingRecordedV1(EventPayload):
    """The court's ruling on a custody-restriction application; a refusal ends the separation."""

    application_id: uuid.UUID
    removal_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    outcome: RulingOutcome
    separated_at: datetime
    filed_at: datetime
    ruled_at: datetime
    within_72_hours: bool = Field(description="ruled within 72 hours of the separation")
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("court_application.withdrawn"), topic=TOPIC, producer="court")
class CourtApplicationWithdrawnV1(EventPayload):
    """The child went home before the ruling, so the application is withdrawn and the
    separation ends."""

    application_id: uuid.UUID
    removal_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    reason: Literal["child_returned_home"]
    separated_at: datetime
    withdrawn_at: datetime
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("klat_opinion.requested"), topic=TOPIC, producer="court")
class KlatOpinionRequestedV1(EventPayload):
    """A municipality asked SKA for its opinion on a closed child institution; SKA has 30
    days."""

    request_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    requested_at: datetime
    due_at: datetime
    age_exception: bool = Field(
        description="the child is outside 12-18 and an exception is reasoned"
    )
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("klat_opinion.answered"), topic=TOPIC, producer="court")
class KlatOpinionAnsweredV1(EventPayload):
    """SKA answered a KLAT opinion request."""

    request_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    opinion: Literal["suitable", "not_suitable"]
    requested_at: datetime
    answered_at: datetime
    due_at: datetime
    within_term: bool = Field(description="answered within the 30 days")


@registry.register(_event("klat_application.filed"), topic=TOPIC, producer="court")
class KlatApplicationFiledV1(EventPayload):
    """The municipality applied to the court for a closed child institution placement."""

    application_id: uuid.UUID
    request_id: uuid.UUID | None = None
    case_id: uuid.UUID
    municipality: str = Municipality
    filed_at: datetime
    ska_opinion: SkaOpinionState = Field(description="SKA's opinion when filed (or its absence)")
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("brussels_request.opened"), topic=TOPIC, producer="court")
class BrusselsRequestOpenedV1(EventPayload):
    """SKA as central authority registered a request under Reg. (EU) 2019/1111."""

    request_id: uuid.UUID
    article: BrusselsArticle
    direction: BrusselsDirection
    member_state: str = Field(pattern=r"^[A-Z]{2}$")
    opened_at: datetime
    due_at: datetime


@registry.register(_event("brussels_task.assigned"), topic=TOPIC, producer="court")
class BrusselsTaskAssignedV1(EventPayload):
    """SKA asked a municipality for its part of a Brussels IIb request (e.g. an Art. 80 report)."""

    task_id: uuid.UUID
    request_id: uuid.UUID
    municipality: str = Municipality
    assigned_at: datetime
    due_at: datetime


@registry.register(_event("brussels_task.reported"), topic=TOPIC, producer="court")
class BrusselsTaskReportedV1(EventPayload):
    """The municipality sent its report to SKA."""

    task_id: uuid.UUID
    request_id: uuid.UUID
    municipality: str = Municipality
    assigned_at: datetime
    reported_at: datetime
    due_at: datetime
    within_term: bool


@registry.register(_event("brussels_request.answered"), topic=TOPIC, producer="court")
class BrusselsRequestAnsweredV1(EventPayload):
    """SKA answered the other member state's central authority."""

    request_id: uuid.UUID
    article: BrusselsArticle
    direction: BrusselsDirection
    opened_at: datetime
    answered_at: datetime
    due_at: datetime
    within_term: bool


@registry.register(_event("court_opinion.sent"), topic=TOPIC, producer="court")
class CourtOpinionSentV1(EventPayload):
    """The guardianship authority's opinion went to the court."""

    opinion_id: uuid.UUID
    municipality: str = Municipality
    matter: Literal["custody", "contact", "guardianship"]
    requested_on: date
    due_on: date
    sent_at: datetime
    within_term: bool
    child_heard: bool
    case_id: uuid.UUID | None = None


@registry.register(_event("hearing.held"), topic=TOPIC, producer="court")
class HearingHeldV1(EventPayload):
    """A hearing the municipality attended, or a mediation session, took place."""

    hearing_id: uuid.UUID
    municipality: str = Municipality
    kind: Literal["court_hearing", "minor_hearing_court", "minor_hearing_police", "mediation"]
    held_at: datetime
    attended_by_substitute: bool
    agreement_reached: bool | None = Field(default=None, description="mediation only")
    case_id: uuid.UUID | None = None


@registry.register(_event("deadline.approaching"), topic=TOPIC, producer="court")
class DeadlineApproachingV1(DeadlineEvent):
    """A court clock reached its warning time."""


@registry.register(_event("deadline.breached"), topic=TOPIC, producer="court")
class DeadlineBreachedV1(DeadlineEvent):
    """A court clock ended without being met."""
