"""Intake's API models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from heaolu_shared.pseudonym import valid_personal_code

Channel = Literal[
    "web", "phone", "helpline_116111", "police", "school", "health_care", "emergency_112", "other"
]


class ReportCreate(BaseModel):
    """A report about a child (minimal fields; the full report grows with intake's issue)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    municipality: str = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
    need_level: Literal["in_need", "in_danger"]
    channel: Channel = "web"
    concern: str = Field(min_length=1, max_length=10000, description="What worries the reporter")
    child_personal_code: str | None = Field(
        default=None, description="The child's personal identification code, when known"
    )

    @field_validator("child_personal_code")
    @classmethod
    def _valid_code(cls, value: str | None) -> str | None:
        if value is not None and not valid_personal_code(value):
            raise ValueError("not a valid Estonian personal code / vigane isikukood")
        return value


class ReportCreated(BaseModel):
    report_id: uuid.UUID
    received_at: datetime
    status: Literal["received"] = "received"


class ReportOut(BaseModel):
    """A report as the handling municipality sees it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    need_level: str
    channel: str
    concern: str
    child_personal_code: str | None
    received_at: datetime


class Receipt(BaseModel):
    """What a reporter may know of their report: that it was received and is being handled."""

    report_id: uuid.UUID
    status: Literal["received"] = "received"


class ReportPage(BaseModel):
    items: list[ReportOut]
    next_cursor: str | None = None
