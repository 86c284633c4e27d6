"""The API models of the list: a small page of names and statuses, one youth in full."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class YouthRow(BaseModel):
    """A line of the list page: enough to choose whom to open."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    given_name: str
    family_name: str
    status: str


class YouthPage(BaseModel):
    items: list[YouthRow]
    next_cursor: str | None


class YouthOut(BaseModel):
    """Everything the register gave about one youth, and where the outreach stands."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    participation_id: uuid.UUID
    municipality: str
    personal_code: str
    given_name: str
    family_name: str
    email: str | None
    phone: str | None
    guardian: dict[str, Any] | None
    education: str | None
    last_employment: str | None
    status: str
    follow_up_until: datetime | None
    version: int


class ImportReport(BaseModel):
    """What an import stored and refused: counts by reason, never a name."""

    participation_id: uuid.UUID
    stored: int
    refused: dict[str, int]
