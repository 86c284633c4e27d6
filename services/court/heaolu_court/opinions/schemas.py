"""The API models of opinions to the court."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_court.common.schemas import ClockOut
from heaolu_shared.dates import RecordDate, RecordDatetime
from heaolu_shared.text import LongText, NameText, ShortText


class Party(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: NameText
    role: ShortText = Field(min_length=1, description="e.g. ema, isa, hageja")


class OpinionRequestIn(BaseModel):
    """The court's request as received: the due date is entered from it."""

    model_config = ConfigDict(extra="forbid")

    matter: Literal["custody", "contact", "guardianship"]
    court_name: ShortText = Field(min_length=1)
    court_case_number: str = Field(min_length=1, max_length=64, pattern=r"^[\w./ -]+$")
    parties: list[Party] = Field(min_length=1, max_length=20)
    question: LongText = Field(min_length=1)
    requested_on: RecordDate
    due_on: RecordDate
    case_id: uuid.UUID | None = None


class OpinionDraft(BaseModel):
    """The child heard and the opinion; any part may be sent, each replaces the previous."""

    model_config = ConfigDict(extra="forbid")

    child_heard_at: RecordDatetime | None = None
    child_heard_how: ShortText | None = None
    child_heard_by: ShortText | None = None
    child_age: int | None = Field(default=None, ge=0, le=18)
    child_views: LongText | None = None
    views_weighed: LongText | None = Field(
        default=None, description="how the views were weighed by age and maturity"
    )
    child_not_heard_reason: LongText | None = None
    opinion: LongText | None = None
    official_name: NameText | None = None
    official_position: ShortText | None = None


class CourtOpinionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    municipality: str
    case_id: uuid.UUID | None
    matter: str
    court_name: str
    court_case_number: str
    parties: list[Party]
    question: str
    requested_on: date
    due_on: date
    status: str
    child_heard_at: datetime | None
    child_heard_how: str | None
    child_heard_by: str | None
    child_age: int | None
    child_views: str | None
    views_weighed: str | None
    child_not_heard_reason: str | None
    opinion: str | None
    official_name: str | None
    official_position: str | None
    approved_at: datetime | None
    sent_at: datetime | None
    version: int
    clocks: list[ClockOut] = Field(default_factory=list)
