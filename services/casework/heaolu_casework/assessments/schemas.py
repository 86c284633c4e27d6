"""API models of preliminary assessments and needs assessments."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_casework.common.schemas import PersonIn, Text
from heaolu_shared.dates import RecordDate
from heaolu_shared.pagination import Page
from heaolu_shared.text import ShortText


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


class NeedsAssessmentPage(Page[NeedsAssessmentOut]):
    pass
