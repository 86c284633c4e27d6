"""The API models of designations."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from heaolu_shared.dates import RecordDate


class DesignationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    specialist_username: str = Field(min_length=1, max_length=128, pattern=r"^[a-z0-9._-]+$")
    starts_on: RecordDate
    ends_on: RecordDate | None = None


class DesignationEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ends_on: RecordDate


class DesignationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    specialist_username: str
    starts_on: date
    ends_on: date | None
    designated_at: datetime
    version: int
