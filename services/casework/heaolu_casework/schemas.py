"""Casework's API models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


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
    version: int
    legal_basis: str = "LasteKS §28; SHS §9: decision within 10 calendar days"


class PreliminaryAssessmentPage(BaseModel):
    items: list[PreliminaryAssessmentOut]
    next_cursor: str | None = None


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_username: str = Field(min_length=1, max_length=128)


class SubstitutionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    absent_username: str | None = Field(default=None, max_length=128)
    substitute_username: str = Field(min_length=1, max_length=128)
    starts_at: datetime
    ends_at: datetime


class SubstitutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    absent: str
    substitute: str
    starts_at: datetime
    ends_at: datetime


class CounsellingRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: uuid.UUID
    question: str = Field(min_length=1, max_length=5000)


class CounsellingRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    record_id: uuid.UUID
    opened_at: datetime
