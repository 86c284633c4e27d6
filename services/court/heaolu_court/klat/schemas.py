"""The API models of KLAT opinion requests and applications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_court.common.schemas import ClockOut
from heaolu_shared.dates import BirthDate
from heaolu_shared.text import LongText, NameText, ShortText

Required = Field(min_length=1)


class OpinionRequestIn(BaseModel):
    """What the law asks the request to contain."""

    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID
    child_birth_date: BirthDate
    age_exception_reason: LongText | None = Field(
        default=None, description="why the measure is needed for a child outside 12-18"
    )
    danger: LongText = Required
    needs_assessment: LongText = Required
    earlier_measures: LongText = Field(min_length=1, description="and their effect")
    less_restrictive_insufficient: LongText = Field(
        min_length=1, description="why nothing less restrictive works"
    )


class OpinionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    opinion: Literal["suitable", "not_suitable"]
    reasons: LongText = Required


class OpinionRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    case_id: uuid.UUID
    case_plan_id: uuid.UUID
    municipality: str
    status: str
    child_birth_date: date
    age_exception_reason: str | None
    danger: str
    needs_assessment: str
    earlier_measures: str
    less_restrictive_insufficient: str
    requested_at: datetime
    due_at: datetime
    opinion: str | None
    opinion_reasons: str | None
    answered_at: datetime | None
    version: int
    clocks: list[ClockOut] = Field(default_factory=list)


class OpinionRequestPage(BaseModel):
    items: list[OpinionRequestOut]
    next_cursor: str | None = None


class KlatApplicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: uuid.UUID
    request_id: uuid.UUID | None = Field(default=None, description="the SKA opinion request")
    extends_application_id: uuid.UUID | None = Field(
        default=None, description="the earlier order this application extends"
    )
    court_name: ShortText = Required
    danger: LongText = Required
    needs_assessment: LongText = Required
    earlier_measures: LongText = Required
    less_restrictive_insufficient: LongText = Required
    duration_months: int = Field(ge=1, le=12, description="at most one year")
    official_name: NameText
    official_position: ShortText = Required


class KlatApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    case_id: uuid.UUID
    request_id: uuid.UUID | None
    extends_application_id: uuid.UUID | None
    municipality: str
    court_name: str
    duration_months: int
    ska_opinion: str
    ska_opinion_reasons: str | None
    filed_at: datetime
    version: int
