"""Events published by the casework service on ``heaolu.casework.v1``.

Ids, codes of institutions, dates and pseudonyms only: never a name, personal code, address or
the content of an assessment. Consumers (court, reporting, SKA) fetch what they may see over the
API, where access is checked and audited.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.contracts.bands import AgeBand
from heaolu_shared.contracts.deadlines import DeadlineEvent
from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.casework.v1"

CaseKind = Literal["child_protection", "social_services"]
Municipality = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
Pseudonym = Field(
    default=None,
    pattern=r"^[0-9a-f]{32}$",
    description="pseudonymous subject id of the child or client",
)


def _event(name: str) -> str:
    return f"ee.heaolu.casework.{name}.v1"


@registry.register(_event("preliminary_assessment.decided"), topic=TOPIC, producer="casework")
class PreliminaryAssessmentDecidedV1(EventPayload):
    """The 10-day preliminary assessment ended in a decision."""

    assessment_id: uuid.UUID
    report_id: uuid.UUID
    municipality: str = Municipality
    outcome: Literal["open_case", "not_opened", "forwarded"]
    decided_at: datetime
    late: bool = Field(description="decided after the statutory term ended")
    forwarded_to_municipality: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    case_id: uuid.UUID | None = None


@registry.register(_event("case.opened"), topic=TOPIC, producer="casework")
class CaseOpenedV1(EventPayload):
    """Case management was opened (from a preliminary assessment or a service application)."""

    case_id: uuid.UUID
    municipality: str = Municipality
    kind: CaseKind
    opened_at: datetime
    subject_pseudonym: str | None = Pseudonym
    origin: Literal["preliminary_assessment", "application", "direct"]
    assignee: str | None = Field(
        default=None, max_length=64, description="subject id of the responsible worker"
    )
    age_band: AgeBand | None = Field(default=None, description="the child's age band, if known")


@registry.register(_event("assessment.completed"), topic=TOPIC, producer="casework")
class AssessmentCompletedV1(EventPayload):
    """A needs assessment (LasteKS §28(2)) was completed."""

    assessment_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    revision: int = Field(ge=1)
    completed_at: datetime
    child_opinion_obtained: bool
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("case_plan.approved"), topic=TOPIC, producer="casework")
class CasePlanApprovedV1(EventPayload):
    """A case plan (regulation no. 10) was approved and is in force."""

    case_plan_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    revision: int = Field(ge=1)
    approved_at: datetime
    approved_by_head: bool
    next_review_on: date | None = None
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("removal.recorded"), topic=TOPIC, producer="casework")
class RemovalRecordedV1(EventPayload):
    """A child was separated from the family (LasteKS §33): the court must be able to rule
    within 72 hours of ``separated_at``; the court service opens the custody-restriction
    application from this event."""

    removal_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    separated_at: datetime
    legal_ground: Literal["custodian_caused_danger", "custodian_refused_temporary_placement"]
    court_filing_due_at: datetime
    ruling_due_at: datetime = Field(description="separated_at + 72 hours")
    subject_pseudonym: str | None = Pseudonym
    case_number: str | None = Field(
        default=None, max_length=32, description="the municipality's case number"
    )
    assignee: str | None = Field(
        default=None, max_length=64, description="subject id of the case's responsible worker"
    )


PlacementForm = Literal["foster_family", "family_home", "substitute_home"]


@registry.register(_event("placement.started"), topic=TOPIC, producer="casework")
class PlacementStartedV1(EventPayload):
    """Substitute care began (or temporary care with the custodian's consent)."""

    placement_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    form: PlacementForm
    provider_code: str = Field(max_length=32)
    starts_on: date
    ends_on: date | None = None
    temporary: bool
    over_capacity: bool
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("placement.ended"), topic=TOPIC, producer="casework")
class PlacementEndedV1(EventPayload):
    placement_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    ended_on: date


@registry.register(_event("decision.issued"), topic=TOPIC, producer="casework")
class DecisionIssuedV1(EventPayload):
    """An administrative decision granting or refusing a service was issued."""

    decision_id: uuid.UUID
    case_id: uuid.UUID
    municipality: str = Municipality
    service_code: str = Field(max_length=32)
    outcome: Literal["granted", "refused"]
    issued_at: datetime
    application_id: uuid.UUID | None = None
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("referral.sent"), topic=TOPIC, producer="casework")
class ReferralSentV1(EventPayload):
    """A granted service is referred to its provider, who reports delivery back."""

    referral_id: uuid.UUID = Field(description="the decision's id")
    municipality: str = Municipality
    provider_code: str = Field(max_length=32)
    service_code: str = Field(max_length=32)
    starts_on: date | None = None
    subject_pseudonym: str | None = Pseudonym


@registry.register(_event("case.transferred"), topic=TOPIC, producer="casework")
class CaseTransferredV1(EventPayload):
    """The child moved: the case belongs to another municipality now (the old one loses it)."""

    case_id: uuid.UUID
    from_municipality: str = Municipality
    to_municipality: str = Municipality
    transferred_at: datetime
    subject_pseudonym: str | None = Pseudonym


CloseReason = Literal[
    "goals_reached", "moved_abroad", "came_of_age", "died", "no_longer_needed", "other"
]


@registry.register(_event("case.closed"), topic=TOPIC, producer="casework")
class CaseClosedV1(EventPayload):
    case_id: uuid.UUID
    municipality: str = Municipality
    reason: CloseReason
    closed_at: datetime


@registry.register(_event("case.reopened"), topic=TOPIC, producer="casework")
class CaseReopenedV1(EventPayload):
    case_id: uuid.UUID
    municipality: str = Municipality
    reopened_at: datetime


@registry.register(_event("assignment.changed"), topic=TOPIC, producer="casework")
class AssignmentChangedV1(EventPayload):
    """The worker responsible for the record behind an intake report or application changed
    (``assignee`` None: back in the queue). Intake follows it, so the one assigned worker (and
    their active substitute) reads the report, its linked reports, or the application."""

    intake_record: Literal["report", "service_application"]
    intake_record_id: uuid.UUID = Field(description="the report (thread) or application id")
    municipality: str = Municipality
    assignee: str | None = Field(default=None, max_length=64, description="account id")
    changed_at: datetime


@registry.register(_event("substitution.recorded"), topic=TOPIC, producer="casework")
class SubstitutionRecordedV1(EventPayload):
    """During [starts_at, ends_at) ``substitute`` acts for ``absent`` (account ids); other
    services decide a substitute's access from these windows."""

    substitution_id: uuid.UUID
    municipality: str = Municipality
    absent: str = Field(max_length=64)
    substitute: str = Field(max_length=64)
    starts_at: datetime
    ends_at: datetime


@registry.register(_event("substitution.ended"), topic=TOPIC, producer="casework")
class SubstitutionEndedV1(EventPayload):
    """A substitution ended before its window closed (the absent worker returned)."""

    substitution_id: uuid.UUID
    ended_at: datetime


@registry.register(_event("deadline.approaching"), topic=TOPIC, producer="casework")
class DeadlineApproachingV1(DeadlineEvent):
    """A casework clock reached its warning time."""


@registry.register(_event("deadline.breached"), topic=TOPIC, producer="casework")
class DeadlineBreachedV1(DeadlineEvent):
    """A casework clock ended without being met."""


CounselledRecord = Literal["preliminary_assessment", "case"]


class CounsellingRequestEvent(EventPayload):
    """What every counselling-request event carries, so a consumer can create the request's row
    from whichever event it sees first. Never the question or the answer (free text)."""

    request_id: uuid.UUID
    municipality: str = Municipality
    record_type: CounselledRecord = Field(description="what the municipality asked about")
    opened_at: datetime


@registry.register(_event("counselling_request.opened"), topic=TOPIC, producer="casework")
class CounsellingRequestOpenedV1(CounsellingRequestEvent):
    """A municipality asked SKA's child-protection counselling service about a preliminary
    assessment or a case (SKA's counselling statistics count these)."""


@registry.register(_event("counselling_request.answered"), topic=TOPIC, producer="casework")
class CounsellingRequestAnsweredV1(CounsellingRequestEvent):
    """SKA's counsellor answered (again: a later answer replaces the earlier one)."""

    answered_at: datetime


@registry.register(_event("counselling_request.closed"), topic=TOPIC, producer="casework")
class CounsellingRequestClosedV1(CounsellingRequestEvent):
    """The request was closed; the counsellor's access to the record ends with it."""

    closed_at: datetime
    closed_by: Literal["ska", "municipality"] = Field(
        description="the counsellor, or the asking worker or their department head"
    )
    answered: bool = Field(description="the counsellor had answered before the closing")
