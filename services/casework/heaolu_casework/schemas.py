"""Casework's API models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class PreliminaryAssessmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    report_id: uuid.UUID
    municipality: str
    need_level: str
    status: str
    received_at: datetime
    due_at: datetime
    legal_basis: str = "LasteKS §28; SHS §9: decision within 10 calendar days"


class PreliminaryAssessmentPage(BaseModel):
    items: list[PreliminaryAssessmentOut]
