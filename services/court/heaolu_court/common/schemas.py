"""API models every feature shows: a record's clocks."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class ClockOut(BaseModel):
    """A statutory clock of the record, visible to everyone involved."""

    model_config = ConfigDict(from_attributes=True)

    kind: str
    legal_basis: str
    due_at: datetime
    status: str
    closed_at: datetime | None = None


class Created(BaseModel):
    id: uuid.UUID
