"""Casework's API models."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field, model_validator

from heaolu_shared.dates import BirthDate, RecordDate, RecordDatetime
from heaolu_shared.pagination import Page
from heaolu_shared.pseudonym import PersonalCode, birth_date_of
from heaolu_shared.text import Bounded, LongText, NameText, ShortText


class PreliminaryAssessmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    report_id: uuid.UUID
    municipality: str
    need_level: str
    status: str
    received_at: datetime
    due_at: datetime
    assignee: str | None
    urgent: bool
    linked_reports: int
    child_name: str | None = None
    version: int
    legal_basis: str = "LasteKS §28; SHS §9: decision within 10 calendar days"


class PreliminaryAssessmentPage(Page[PreliminaryAssessmentOut]):
    pass


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_username: str = Field(min_length=1, max_length=128)


class SubstitutionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    absent_username: str | None = Field(default=None, max_length=128)
    substitute_username: str = Field(min_length=1, max_length=128)
    starts_at: RecordDatetime
    ends_at: RecordDatetime


class SubstitutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    absent: str
    substitute: str
    absent_username: str | None = None
    absent_name: str | None = None
    substitute_username: str | None = None
    substitute_name: str | None = None
    starts_at: datetime
    ends_at: datetime
    ended_early_by: str | None = None
    version: int


class SubstitutionPage(Page[SubstitutionOut]):
    pass


class CounsellingRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: uuid.UUID
    question: str = Field(min_length=1, max_length=5000)


class CounsellingRequestOut(BaseModel):
    """A request as lists show it: the question is read by opening the request (audited)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    record_id: uuid.UUID
    opened_at: datetime
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 1


class CounsellingRequestDetail(CounsellingRequestOut):
    question: str
    answer: str | None = None


class CounsellingRequestPage(Page[CounsellingRequestOut]):
    pass


class CounsellingAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=10000)


# --- worklists -------------------------------------------------------------------------------


class QueueItem(BaseModel):
    """Something new for the municipality that nobody handles yet."""

    kind: Literal["preliminary_assessment", "application", "case"]
    id: uuid.UUID
    municipality: str
    received_at: datetime
    due_at: datetime | None
    urgent: bool = False
    detail: str
    child_name: str | None = None


class Queue(Page[QueueItem]):
    """Children in danger first, then the nearest deadline; every item page by page."""


# --- preliminary assessment decision ---------------------------------------------------------

Text = LongText
Name = NameText


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    personal_code: PersonalCode | None = None
    birth_date: BirthDate | None = None
    address: ShortText | None = None
    phone: Annotated[str, Bounded(40)] | None = None
    email: EmailStr | None = None

    @model_validator(mode="after")
    def _birth_date_matches_code(self) -> PersonIn:
        if (
            self.personal_code
            and self.birth_date
            and birth_date_of(self.personal_code) != self.birth_date
        ):
            raise ValueError("birth_date does not match the personal code")
        return self


class PreliminaryDecision(BaseModel):
    """The outcome of the preliminary assessment (LasteKS §28, SHS §9)."""

    model_config = ConfigDict(extra="forbid")

    outcome: Literal["open_case", "not_opened", "forwarded"]
    reason: Text | None = None
    one_off_measure: Text | None = Field(
        default=None, description="the one-off measure that met the need (for not_opened)"
    )
    forwarded_to_municipality: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    forwarded_to_official: ShortText | None = Field(
        default=None, description="e.g. the police or SKA, when not a municipality"
    )
    case_kind: Literal["child_protection", "social_services"] = "child_protection"
    child: PersonIn | None = Field(default=None, description="the child, for open_case")


class DecidedAssessmentOut(PreliminaryAssessmentOut):
    outcome: str | None
    reason: str | None
    one_off_measure: str | None
    forwarded_to: str | None
    decided_at: datetime | None
    case_id: uuid.UUID | None


# --- cases and persons -----------------------------------------------------------------------

PartyRole = Literal[
    "child", "mother", "father", "legal_representative", "guardian", "household", "other"
]


class PersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    given_name: str
    family_name: str
    personal_code: str | None
    birth_date: date | None
    address: str | None
    phone: str | None
    email: str | None
    version: int


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: PersonIn
    role: PartyRole
    legal_basis: ShortText | None = Field(
        default=None, description="why a legal representative represents the child"
    )
    has_custody: bool | None = None
    lives_with_child: bool | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _representative_has_basis(self) -> PartyIn:
        if self.role in ("legal_representative", "guardian") and not self.legal_basis:
            raise ValueError("a legal representative needs legal_basis")
        if self.role == "child":
            raise ValueError("the child is recorded when the case opens")
        return self


class PartyOut(BaseModel):
    id: uuid.UUID
    role: str
    legal_basis: str | None
    has_custody: bool | None
    lives_with_child: bool | None
    note: str | None
    person: PersonOut


class CaseCreate(BaseModel):
    """A case opened directly (e.g. from a service application)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["child_protection", "social_services"] = "social_services"
    child: PersonIn = Field(description="the child or client")
    application_id: uuid.UUID | None = None


class RemovalClock(BaseModel):
    removal_id: uuid.UUID
    separated_at: datetime
    court_filing_due_at: datetime
    ruling_due_at: datetime
    hours_left: float


class CaseOut(BaseModel):
    id: uuid.UUID
    number: str
    municipality: str
    kind: str
    status: str
    assignee: str | None
    origin: str
    opened_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    transferred_from: str | None
    version: int
    child: PersonOut | None = None
    removal_clock: RemovalClock | None = None
    next_deadline: DeadlineOut | None = None


class CaseSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    municipality: str
    kind: str
    status: str
    assignee: str | None
    opened_at: datetime
    version: int
    child_name: str | None = None
    assignee_username: str | None = None
    assignee_name: str | None = None


class CasePage(Page[CaseSummary]):
    pass


class CaseSearch(BaseModel):
    """Search by personal code or by name: in the body, never in the URL."""

    model_config = ConfigDict(extra="forbid")

    personal_code: PersonalCode | None = None
    family_name: Annotated[str, Bounded(100, min_length=2)] | None = None
    given_name: Annotated[str, Bounded(100, min_length=1)] | None = None
    purpose: Annotated[str, Bounded(200, min_length=3)] = Field(
        description="why: kept in the audit trail"
    )

    @model_validator(mode="after")
    def _one_key(self) -> CaseSearch:
        if not self.personal_code and not self.family_name:
            raise ValueError("search by personal_code or family_name")
        return self


class SearchHit(CaseSummary):
    child_name: str | None = None


class SearchPage(Page[SearchHit]):
    pass


class PartyPage(Page[PartyOut]):
    pass


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_municipality: str = Field(pattern=r"^[0-9]{4}$")
    reason: Text = Field(min_length=3)


class Closure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Literal[
        "goals_reached", "moved_abroad", "came_of_age", "died", "no_longer_needed", "other"
    ]
    note: Text | None = None

    @model_validator(mode="after")
    def _other_explained(self) -> Closure:
        if self.reason == "other" and not self.note:
            raise ValueError("reason other needs a note")
        return self


class Reopening(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=3)


# --- needs assessment ------------------------------------------------------------------------

NEEDS_DOMAINS = (
    "physical",
    "health",
    "psychological",
    "emotional",
    "social",
    "cognitive",
    "educational",
    "economic",
    "parenting_capacity",
)
"""LasteKS §28(2): the child's states, plus the parenting capacity of the person raising them."""
NeedsDomain = Literal[
    "physical",
    "health",
    "psychological",
    "emotional",
    "social",
    "cognitive",
    "educational",
    "economic",
    "parenting_capacity",
]


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    finding: Text = Field(min_length=1)
    need: Literal["none", "some", "significant", "unknown"]


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "home_visit", "school", "kindergarten", "doctor", "police", "parent", "child", "other"
    ]
    on: RecordDate
    note: Text | None = None


class NeedsAssessmentIn(BaseModel):
    """A draft: everything may be filled in over time; completion checks it is whole."""

    model_config = ConfigDict(extra="forbid")

    findings: dict[NeedsDomain, Finding] = Field(default_factory=dict)
    sources: list[Source] = Field(default_factory=list, max_length=100)
    child_opinion: Text | None = None
    child_heard_on: RecordDate | None = None
    child_opinion_missing_reason: Text | None = Field(
        default=None, description="why the child's opinion could not be obtained (age, state)"
    )
    conclusion: Text | None = None


class NeedsAssessmentOut(NeedsAssessmentIn):
    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: uuid.UUID
    case_id: uuid.UUID
    revision: int
    status: str
    completed_at: datetime | None
    version: int
    legal_basis: str = "LasteKS §28(2): needs assessment; §21: the child's views"


# --- case plan -------------------------------------------------------------------------------


class AssessedNeed(BaseModel):
    model_config = ConfigDict(extra="forbid")

    social_network: Text | None = None
    economic_situation: Text | None = None
    housing: Text | None = None
    health_and_coping: Text | None = None
    social_status: Text | None = Field(default=None, description="incl. work or study")
    obstacles: Text | None = None
    resources: Text | None = None
    earlier_assessments: Text | None = None


class ActionItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goal: Text = Field(min_length=1)
    obstacles: Text | None = None
    activities: Text = Field(min_length=1)
    services: list[ShortText] = Field(default_factory=list, max_length=30)
    responsible: list[ShortText] = Field(min_length=1, max_length=30)
    starts_on: RecordDate
    ends_on: RecordDate
    evaluation_on: RecordDate
    evaluation_method: Text = Field(min_length=1)
    evaluation_result: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> ActionItem:
        if self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class CaregiverInvolvement(BaseModel):
    model_config = ConfigDict(extra="forbid")

    informed_on: RecordDate
    how: Text = Field(min_length=1, description="how the person raising the child was informed")
    involvement: Text = Field(min_length=1, description="how they took part in the plan")


class CasePlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    specialist_contact: ShortText | None = Field(
        default=None, description="the responsible specialist's phone and e-mail"
    )
    assessed_need: AssessedNeed = Field(default_factory=AssessedNeed)
    action_plan: list[ActionItem] = Field(default_factory=list, max_length=50)
    recommendations: Text | None = None
    caregiver_involvement: CaregiverInvolvement | None = None
    child_opinion: Text | None = None
    child_opinion_missing_reason: Text | None = None
    next_review_on: RecordDate | None = None
    head_approval_required: bool = False


class CasePlanOut(CasePlanIn):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    case_id: uuid.UUID
    number: str
    revision: int
    status: str
    approved_at: datetime | None
    version: int
    legal_basis: str = "LasteKS §28-29; regulation no. 10 of 9 Feb 2016 (case-plan data)"


# --- activities ------------------------------------------------------------------------------


class Participant(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    role: ShortText


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["network_meeting", "home_visit", "phone_call", "note"]
    occurred_at: RecordDatetime
    participants: list[Participant] = Field(default_factory=list, max_length=50)
    summary: Text = Field(min_length=1)


class ActivityOut(ActivityIn):
    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: uuid.UUID
    case_id: uuid.UUID


# --- removal and placements ------------------------------------------------------------------


class RemovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    separated_at: RecordDatetime
    facts: Text = Field(min_length=1)
    legal_ground: Literal["custodian_caused_danger", "custodian_refused_temporary_placement"]
    temporary_location: ShortText = Field(min_length=1)
    contact_arrangement: Text = Field(min_length=1)
    contact_until: RecordDatetime = Field(description="at most 72 hours after separated_at")


class RemovalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    separated_at: datetime
    facts: str
    legal_ground: str
    temporary_location: str
    contact_arrangement: str
    contact_until: datetime
    court_filing_due_at: datetime
    ruling_due_at: datetime
    legal_basis: str = "LasteKS §33; Code of Civil Procedure §563²: court ruling within 72 hours"


CareForm = Literal["foster_family", "family_home", "substitute_home"]
ProviderCode = Field(pattern=r"^[A-Za-z0-9-]{2,32}$")


class CareProviderIn(BaseModel):
    """A substitute-care provider for the register: its form and capacity decide the cap."""

    model_config = ConfigDict(extra="forbid")

    code: str = ProviderCode
    name: ShortText = Field(min_length=1)
    form: CareForm
    capacity: int = Field(ge=1, le=6, description="at most 4 for a foster family, 6 otherwise")


class CareProviderOut(BaseModel):
    code: str
    name: str
    form: str
    capacity: int
    municipality: str
    in_care: int = 0
    version: int


class CareProviderPage(Page[CareProviderOut]):
    pass


class PlacementIn(BaseModel):
    """A placement with a registered provider: the register, not the request, gives the form
    and the cap."""

    model_config = ConfigDict(extra="forbid")

    provider_code: str = ProviderCode
    starts_on: RecordDate
    ends_on: RecordDate | None = Field(
        default=None, description="the last day of care; by default the age limit"
    )
    temporary: bool = False
    custodian_consent: bool = False
    guardian_consent: bool = False
    ska_approval_ref: Annotated[str, Bounded(64)] | None = None
    in_education: bool = Field(
        default=False, description="studying: care may last until 19 instead of 18"
    )


class PlacementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    form: str
    provider_code: str
    provider_name: str
    starts_on: date
    ends_on: date | None
    temporary: bool
    custodian_consent: bool
    guardian_consent: bool
    ska_approval_ref: str | None
    over_capacity: bool
    in_education: bool
    status: str
    ended_on: date | None
    version: int


class PlacementEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ended_on: RecordDate


# --- applications and administrative decisions -----------------------------------------------


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    service_code: str
    received_at: datetime
    status: str
    assignee: str | None
    case_id: uuid.UUID | None
    version: int


class ApplicationCase(BaseModel):
    """Open a case from an application: the applicant, checked against the application."""

    model_config = ConfigDict(extra="forbid")

    applicant: PersonIn


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_code: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    outcome: Literal["granted", "refused"]
    legal_basis: Text = Field(min_length=3)
    reasoning: Text = Field(min_length=3)
    appeal_notice: Text | None = Field(
        default=None,
        description="how and within what term the decision can be challenged; by default the "
        "30-day challenge to the authority (HMS § 75) or appeal to the administrative court "
        "(HKMS § 46), in the document's language",
    )
    language: Literal["et", "en"] = Field(default="et", description="the document's language")
    addressee_person_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=10,
        description="persons of the case the decision is addressed to; by default the client, "
        "and for a minor their legal representatives",
    )
    addressee_person_id: uuid.UUID | None = Field(
        default=None, description="one addressee (kept for older clients)", deprecated=True
    )
    application_id: uuid.UUID | None = None
    provider_code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{2,32}$")
    provider_name: ShortText | None = None
    starts_on: RecordDate | None = None
    ends_on: RecordDate | None = None

    @model_validator(mode="after")
    def _granted_has_provider(self) -> DecisionIn:
        if self.outcome == "granted" and not (self.provider_code and self.provider_name):
            raise ValueError("a granted service names its provider (provider_code, provider_name)")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")
        return self


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    case_id: uuid.UUID
    application_id: uuid.UUID | None
    service_code: str
    outcome: str
    legal_basis: str
    reasoning: str
    appeal_notice: str
    provider_code: str | None
    provider_name: str | None
    starts_on: date | None
    ends_on: date | None
    issued_at: datetime
    delivered_at: datetime | None
    delivery_channel: str | None
    provision_status: str | None
    provision_note: str | None
    version: int


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Literal["eesti_ee", "email", "post", "in_person"]
    delivered_at: AwareDatetime


class Provision(BaseModel):
    """The provider's report on delivering a granted service (follow-up)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["started", "delivered", "ended", "not_started"]
    note: Text | None = None


# --- deadlines -------------------------------------------------------------------------------


class DeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    legal_basis: str
    record_type: str
    record_id: uuid.UUID
    case_id: uuid.UUID | None
    municipality: str | None
    assignee: str | None
    due_at: datetime
    status: str
    child_name: str | None = None
    assignee_username: str | None = None
    assignee_name: str | None = None


class DeadlinePage(Page[DeadlineOut]):
    pass


class NeedsAssessmentPage(Page[NeedsAssessmentOut]):
    pass


class ActivityPage(Page[ActivityOut]):
    pass


class RemovalPage(Page[RemovalOut]):
    pass


class PlacementPage(Page[PlacementOut]):
    pass


class DecisionPage(Page[DecisionOut]):
    pass


CaseOut.model_rebuild()
