"""API models of service applications and administrative decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from heaolu_casework.common import messages
from heaolu_casework.common.schemas import PersonIn, Text
from heaolu_shared.dates import RecordDate
from heaolu_shared.messages import invalid
from heaolu_shared.pagination import Page
from heaolu_shared.text import ShortText


class ApplicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    service_code: str
    received_at: datetime
    status: str
    assignee: str | None
    case_id: uuid.UUID | None
    version: int


class ApplicationCase(BaseModel):
    """Open a case from an application: the applicant, checked against the application."""

    model_config = ConfigDict(extra="forbid")

    applicant: PersonIn


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    service_code: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$")
    outcome: Literal["granted", "refused"]
    legal_basis: Text = Field(min_length=3)
    reasoning: Text = Field(min_length=3)
    appeal_notice: Text | None = Field(
        default=None,
        description="how and within what term the decision can be challenged; by default the "
        "30-day challenge to the authority (HMS § 75) or appeal to the administrative court "
        "(HKMS § 46), in the document's language",
    )
    language: Literal["et", "en"] = Field(default="et", description="the document's language")
    addressee_person_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=10,
        description="persons of the case the decision is addressed to; by default the client, "
        "and for a minor their legal representatives",
    )
    addressee_person_id: uuid.UUID | None = Field(
        default=None, description="one addressee (kept for older clients)", deprecated=True
    )
    application_id: uuid.UUID | None = None
    provider_code: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{2,32}$")
    provider_name: ShortText | None = None
    starts_on: RecordDate | None = None
    ends_on: RecordDate | None = None

    @model_validator(mode="after")
    def _granted_has_provider(self) -> DecisionIn:
        if self.outcome == "granted" and not (self.provider_code and self.provider_name):
            raise invalid(messages.GRANTED_NAMES_PROVIDER)
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise invalid(messages.ENDS_BEFORE_START)
        return self


class DecisionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    case_id: uuid.UUID
    application_id: uuid.UUID | None
    service_code: str
    outcome: str
    legal_basis: str
    reasoning: str
    appeal_notice: str
    provider_code: str | None
    provider_name: str | None
    starts_on: date | None
    ends_on: date | None
    issued_at: datetime
    delivered_at: datetime | None
    delivery_channel: str | None
    provision_status: str | None
    provision_note: str | None
    version: int


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Literal["eesti_ee", "email", "post", "in_person"]
    delivered_at: AwareDatetime


class Provision(BaseModel):
    """The provider's report on delivering a granted service (follow-up)."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["started", "delivered", "ended", "not_started"]
    note: Text | None = None


class DecisionPage(Page[DecisionOut]):
    pass
