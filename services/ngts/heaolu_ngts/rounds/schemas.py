"""The API models of rounds and participations."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from heaolu_shared.dates import RecordDate


class RoundOut(BaseModel):
    query_date: date
    application_deadline: date
    list_due_on: date


class ParticipationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query_date: RecordDate


class ParticipationOut(BaseModel):
    """A round's participation: dates and counts, never a youth."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    query_date: date
    applied_at: datetime
    list_due_on: date
    status: str
    imported_at: datetime | None
    stored: int
    refused: dict[str, int]
    retention_ends_on: date | None
    purged_at: datetime | None
    version: int
