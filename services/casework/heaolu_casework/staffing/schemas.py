"""API models of substitutions and counselling requests."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict

from heaolu_shared.dates import RecordDatetime
from heaolu_shared.pagination import Page
from heaolu_shared.text import Bounded, Username


class SubstitutionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    absent_username: Username | None = None
    substitute_username: Username
    starts_at: RecordDatetime
    ends_at: RecordDatetime


class SubstitutionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    absent: str
    substitute: str
    absent_username: str | None = None
    absent_name: str | None = None
    substitute_username: str | None = None
    substitute_name: str | None = None
    starts_at: datetime
    ends_at: datetime
    ended_early_by: str | None = None
    version: int


class SubstitutionPage(Page[SubstitutionOut]):
    pass


class CounsellingRequestCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    record_id: uuid.UUID
    question: Annotated[str, Bounded(5000, 1)]


class CounsellingRequestOut(BaseModel):
    """A request as lists show it: the question is read by opening the request (audited)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    record_id: uuid.UUID
    opened_at: datetime
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    version: int = 1


class CounsellingRequestDetail(CounsellingRequestOut):
    question: str
    answer: str | None = None


class CounsellingRequestPage(Page[CounsellingRequestOut]):
    pass


class CounsellingAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[str, Bounded(10000, 1)]
