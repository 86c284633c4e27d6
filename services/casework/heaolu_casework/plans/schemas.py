"""API models of case plans and of a case's activities."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from heaolu_casework.common import messages
from heaolu_casework.common.schemas import Name, Text
from heaolu_shared.dates import RecordDate, RecordDatetime
from heaolu_shared.messages import invalid
from heaolu_shared.pagination import Page
from heaolu_shared.text import ShortText


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
            raise invalid(messages.ENDS_BEFORE_START)
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


class CasePlanPage(Page[CasePlanOut]):
    """A case's plans, newest revision first."""


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


class ActivityPage(Page[ActivityOut]):
    pass
