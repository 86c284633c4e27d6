"""The API models of hearings and mediation sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_shared.dates import RecordDatetime
from heaolu_shared.text import LongText, ShortText


class HearingIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Literal["court_hearing", "minor_hearing_court", "minor_hearing_police", "mediation"]
    authority: ShortText = Field(min_length=1, description="court, police unit or mediator")
    reference: str | None = Field(default=None, max_length=64, pattern=r"^[\w./ -]+$")
    scheduled_at: RecordDatetime
    case_id: uuid.UUID | None = None
    attendee_username: str | None = Field(
        default=None,
        max_length=128,
        pattern=r"^[A-Za-z0-9._@-]+$",
        description="who attends (a substitute when the worker is absent); the caller if none",
    )


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    held_at: RecordDatetime
    outcome_notes: LongText = Field(min_length=1)
    agreement_reached: bool | None = Field(default=None, description="mediation only")


class HearingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    assignee: str | None
    attendee: str | None
    case_id: uuid.UUID | None
    kind: str
    authority: str
    reference: str | None
    scheduled_at: datetime
    status: str
    held_at: datetime | None
    outcome_notes: str | None
    agreement_reached: bool | None
    version: int
