"""The API models of custody-restriction applications."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_court.common.schemas import ClockOut
from heaolu_shared.dates import RecordDatetime
from heaolu_shared.text import LongText, NameText, ShortText, Username


class Attachment(BaseModel):
    """A case record attached by reference (it stays in casework)."""

    model_config = ConfigDict(extra="forbid")

    record_type: Literal[
        "needs_assessment", "case_plan", "removal", "activity", "decision", "placement", "other"
    ]
    record_id: uuid.UUID
    description: ShortText = Field(min_length=1)


class ApplicationDraft(BaseModel):
    """The parts of the application the worker writes; any may be sent, each replaces the
    previous value."""

    model_config = ConfigDict(extra="forbid")

    court_name: ShortText | None = None
    facts: LongText | None = None
    danger: LongText | None = None
    measures_taken: LongText | None = None
    temporary_location: ShortText | None = None
    contact_arrangement: LongText | None = None
    child_opinion: LongText | None = None
    child_opinion_missing_reason: LongText | None = Field(
        default=None, description="why the child's opinion could not be obtained"
    )
    requested_measure: LongText | None = None
    attachments: list[Attachment] | None = Field(default=None, max_length=50)
    official_name: NameText | None = None
    official_position: ShortText | None = None
    official_contact: ShortText | None = None


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_username: Username


class Ruling(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["granted", "refused", "partly_granted"]
    ruled_at: RecordDatetime
    court_case_number: ShortText | None = None
    notes: LongText | None = None


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    removal_id: uuid.UUID
    case_id: uuid.UUID
    case_number: str | None
    municipality: str
    assignee: str | None
    status: str
    legal_ground: str
    separated_at: datetime
    filing_due_at: datetime
    ruling_due_at: datetime
    court_name: str | None
    facts: str | None
    danger: str | None
    measures_taken: str | None
    temporary_location: str | None
    contact_arrangement: str | None
    child_opinion: str | None
    child_opinion_missing_reason: str | None
    requested_measure: str | None
    attachments: list[Attachment]
    official_name: str | None
    official_position: str | None
    official_contact: str | None
    head_approval_required: bool = False
    completed_at: datetime | None
    approved_at: datetime | None
    filed_at: datetime | None
    ruling_outcome: str | None
    ruled_at: datetime | None
    court_case_number: str | None
    ruling_notes: str | None
    withdrawn_at: datetime | None = None
    version: int
    clocks: list[ClockOut] = Field(default_factory=list)


class ApplicationPage(BaseModel):
    items: list[ApplicationOut]
    next_cursor: str | None = None
