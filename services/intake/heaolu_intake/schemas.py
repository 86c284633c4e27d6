"""Intake's API models."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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


class ReportCreated(BaseModel):
    report_id: uuid.UUID
    received_at: datetime
    status: Literal["received"] = "received"
