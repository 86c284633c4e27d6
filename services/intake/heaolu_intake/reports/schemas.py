"""The API models of receiving and handling reports: everything from outside is bounded, typed
and free of control characters."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from heaolu_intake.common import messages
from heaolu_intake.common.schemas import EHAK, Strict
from heaolu_shared.calendar import local_today
from heaolu_shared.dates import BirthDate, RecordDate
from heaolu_shared.messages import invalid
from heaolu_shared.pseudonym import PersonalCode
from heaolu_shared.text import Bounded, Username


def clock() -> datetime:
    """The instant a report is checked against ("not in the future" means after today in
    Tallinn); a module function so that a test can put the check at any hour."""
    return datetime.now(UTC)


Channel = Literal[
    "web", "phone", "helpline_116111", "police", "school", "health_care", "emergency_112", "other"
]
ConcernCategory = Literal[
    "neglect",
    "physical_violence",
    "psychological_violence",
    "sexual_abuse",
    "substance_use",
    "school_absence",
    "behaviour",
    "parental_conflict",
    "homelessness",
    "mental_health",
    "other",
]


class Child(Strict):
    """Who the report is about: a personal code, or name and birth date, or a description."""

    personal_code: PersonalCode | None = None
    name: Annotated[str, Bounded(200, 1)] | None = None
    birth_date: BirthDate | None = None
    description: Annotated[str, Bounded(2000, 1)] | None = None

    @model_validator(mode="after")
    def _identified_somehow(self) -> Child:
        if not (self.personal_code or (self.name and self.birth_date) or self.description):
            raise invalid(messages.CHILD_UNIDENTIFIED)
        return self


class Location(Strict):
    """Where the child is now."""

    municipality: str | None = Field(default=None, pattern=EHAK, description="EHAK code")
    address: Annotated[str, Bounded(300, 1)] | None = None
    description: Annotated[str, Bounded(1000, 1)] | None = None


class Concern(Strict):
    category: ConcernCategory
    text: Annotated[str, Bounded(10000, 1)]


class InvolvedPerson(Strict):
    role: Literal["parent", "guardian", "sibling", "other_child", "other_adult"]
    name: Annotated[str, Bounded(200, 1)] | None = None
    personal_code: PersonalCode | None = None
    note: Annotated[str, Bounded(1000, 1)] | None = None


class Reporter(Strict):
    """The reporter's identity and contacts: sealed, never shown beyond the assigned worker."""

    name: Annotated[str, Bounded(200, 1)] | None = None
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9 ]{5,20}$")
    email: EmailStr | None = None
    relation: Annotated[str, Bounded(200, 1)] | None = None
    organisation: Annotated[str, Bounded(200, 1)] | None = None


class ReportCreate(Strict):
    """A report about a child in need or in danger (LasteKS §27, §31)."""

    child: Child
    location: Location = Location()
    need_level: Literal["in_need", "in_danger"]
    concern: Concern
    channel: Channel = "web"
    observed_on: RecordDate | None = None
    involved: list[InvolvedPerson] = Field(default_factory=list, max_length=20)
    reporter: Reporter | None = None

    @field_validator("observed_on")
    @classmethod
    def _not_in_future(cls, value: date | None) -> date | None:
        if value is not None and value > local_today(clock()):
            raise invalid(messages.DATE_IN_FUTURE)
        return value

    @field_validator("child")
    @classmethod
    def _birth_not_in_future(cls, value: Child) -> Child:
        if value.birth_date is not None and value.birth_date > local_today(clock()):
            raise invalid(messages.BIRTH_IN_FUTURE)
        return value


class ReportCreated(BaseModel):
    """The reporter's receipt. It holds nothing that depends on what is stored about the child
    (where the child lives, earlier reports), so the answer is the same for any personal code."""

    report_id: uuid.UUID
    receipt_number: str
    received_at: datetime
    status: Literal["received"] = "received"


class ReportOut(BaseModel):
    """A report as the handling municipality sees it (never the reporter)."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    receipt_number: str
    municipality: str | None
    routing_basis: str
    need_level: str
    urgent: bool
    channel: str | None = Field(
        description="how the report came in: it characterises the reporter, so only the worker "
        "handling the report sees it (LasteKS §27)"
    )
    concern_category: str
    concern: str
    observed_on: date | None
    child_personal_code: str | None
    child_name: str | None
    child_birth_date: date | None
    child_description: str | None
    location_municipality: str | None
    location_text: str | None
    status: str
    linked_to: uuid.UUID | None
    assignee: str | None
    received_at: datetime
    version: int


class Assignment(Strict):
    assignee_username: Username


class Reroute(Strict):
    municipality: str = Field(pattern=EHAK, description="EHAK code of the new municipality")
    reason: Annotated[str, Bounded(1000, 1)]
