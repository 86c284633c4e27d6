"""The API models of the intake queue."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ReportSummary(BaseModel):
    """A row of the intake queue: enough to triage, nothing about the reporter."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str | None
    need_level: str
    urgent: bool
    concern_category: str
    status: str
    linked_to: uuid.UUID | None
    assignee: str | None
    received_at: datetime


class ReportPage(BaseModel):
    items: list[ReportSummary]
    next_cursor: str | None = None
