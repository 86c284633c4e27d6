"""The API models of outreach."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from heaolu_ngts.common.enums import Answer, Channel, OutcomeKind
from heaolu_shared.dates import RecordDatetime
from heaolu_shared.text import Bounded


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    occurred_at: RecordDatetime
    answer: Answer | None = None
    note: Annotated[str, Bounded(1000)] | None = None


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    youth_id: uuid.UUID
    channel: str
    occurred_at: datetime
    answer: str | None
    note: str | None
    youth_status: str
    youth_version: int


class ConsentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consented_at: RecordDatetime
    handover_to_social_services: bool = False


class ConsentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    youth_id: uuid.UUID
    consented_at: datetime
    handover_to_social_services: bool
    youth_version: int


class PlanIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    goals: Annotated[str, Bounded(4000, 1)]
    services_offered: list[Annotated[str, Bounded(200, 1)]] = Field(
        default_factory=list, max_length=20
    )


class PlanOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    youth_id: uuid.UUID
    goals: str
    services_offered: list[str]
    created_at: datetime
    version: int
    handover_id: uuid.UUID | None = None


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: OutcomeKind
    goal_reached_at: RecordDatetime


class OutcomeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    youth_id: uuid.UUID
    kind: str
    goal_reached_at: datetime
    follow_up_until: datetime
    youth_version: int


class OutreachOut(BaseModel):
    """Where the work with one youth stands."""

    contacts: list[ContactOut]
    consent: ConsentOut | None
    plan: PlanOut | None
    outcome: OutcomeOut | None
