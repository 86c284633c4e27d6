"""The API models of applications for social services."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_intake.common.schemas import EHAK, Strict
from heaolu_shared.pseudonym import PersonalCode
from heaolu_shared.text import Bounded


class ServiceApplicationCreate(Strict):
    """An application for a social service from the municipality's catalogue (SHS)."""

    service_code: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    applicant_personal_code: PersonalCode | None = Field(
        default=None,
        description="For a worker applying on someone's behalf; citizens apply as themselves",
    )
    municipality: str | None = Field(
        default=None, pattern=EHAK, description="EHAK code, when the register does not know it"
    )
    description: Annotated[str, Bounded(5000, 1)]


class ServiceApplicationCreated(BaseModel):
    application_id: uuid.UUID
    municipality: str
    received_at: datetime


class ServiceApplicationOut(BaseModel):
    """An application as the specialist handling it sees it: who applied and what they asked."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    service_code: str
    service_label: str
    municipality: str | None
    applicant_personal_code: str
    description: str
    received_at: datetime
    decision_due_at: datetime | None
    status: str
    outcome: str | None
    assignee: str | None


class OwnApplication(BaseModel):
    """An applicant's view of their own application: its status and the term for deciding it."""

    id: uuid.UUID
    service_code: str
    service_label: str
    received_at: datetime
    decision_due_at: datetime | None
    status: Literal["received", "being_handled", "decided"]
    outcome: Literal["granted", "refused"] | None


class OwnApplicationPage(BaseModel):
    items: list[OwnApplication]
    next_cursor: str | None = None
