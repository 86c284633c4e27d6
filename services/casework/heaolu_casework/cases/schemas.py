"""API models of cases, their people, the worklists and search."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from heaolu_casework.common import messages
from heaolu_casework.common.schemas import CaseSummary, PersonIn, PersonOut, Text
from heaolu_shared.messages import invalid
from heaolu_shared.pagination import Page
from heaolu_shared.pseudonym import PersonalCode
from heaolu_shared.text import Bounded, ShortText


class QueueItem(BaseModel):
    """Something new for the municipality that nobody handles yet."""

    kind: Literal["preliminary_assessment", "application", "case"]
    id: uuid.UUID
    municipality: str
    received_at: datetime
    due_at: datetime | None
    urgent: bool = False
    detail: str
    child_name: str | None = None


class Queue(Page[QueueItem]):
    """Children in danger first, then the nearest deadline; every item page by page."""


PartyRole = Literal[
    "child", "mother", "father", "legal_representative", "guardian", "household", "other"
]


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    person: PersonIn
    role: PartyRole
    legal_basis: ShortText | None = Field(
        default=None, description="why a legal representative represents the child"
    )
    has_custody: bool | None = None
    lives_with_child: bool | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _representative_has_basis(self) -> PartyIn:
        if self.role in ("legal_representative", "guardian") and not self.legal_basis:
            raise invalid(messages.REPRESENTATIVE_NEEDS_BASIS)
        if self.role == "child":
            raise invalid(messages.CHILD_RECORDED_AT_OPENING)
        return self


class PartyOut(BaseModel):
    id: uuid.UUID
    role: str
    legal_basis: str | None
    has_custody: bool | None
    lives_with_child: bool | None
    note: str | None
    person: PersonOut


class CaseCreate(BaseModel):
    """A case opened directly (e.g. from a service application)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["child_protection", "social_services"] = "social_services"
    child: PersonIn = Field(description="the child or client")
    application_id: uuid.UUID | None = None


class CasePage(Page[CaseSummary]):
    pass


class CaseSearch(BaseModel):
    """Search by personal code or by name: in the body, never in the URL."""

    model_config = ConfigDict(extra="forbid")

    personal_code: PersonalCode | None = None
    family_name: Annotated[str, Bounded(100, min_length=2)] | None = None
    given_name: Annotated[str, Bounded(100, min_length=1)] | None = None
    purpose: Annotated[str, Bounded(200, min_length=3)] = Field(
        description="why: kept in the audit trail"
    )

    @model_validator(mode="after")
    def _one_key(self) -> CaseSearch:
        if not self.personal_code and not self.family_name:
            raise invalid(messages.SEARCH_NEEDS_CODE_OR_NAME)
        return self


class SearchHit(CaseSummary):
    child_name: str | None = None


class SearchPage(Page[SearchHit]):
    pass


class PartyPage(Page[PartyOut]):
    pass


class MyRecord(BaseModel):
    """A case about the signed-in citizen or about a child in their custody, as they see it:
    never the reporter, a report's origin or another party's personal data."""

    case_id: uuid.UUID
    number: str
    municipality: str
    kind: str
    status: str
    opened_at: datetime
    closed_at: datetime | None
    relation: Literal["self", "child"]
    person_name: str | None


class MyRecordPage(Page[MyRecord]):
    """Newest first."""


class Transfer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to_municipality: str = Field(pattern=r"^[0-9]{4}$")
    reason: Text = Field(min_length=3)


class Closure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Literal[
        "goals_reached", "moved_abroad", "came_of_age", "died", "no_longer_needed", "other"
    ]
    note: Text | None = None

    @model_validator(mode="after")
    def _other_explained(self) -> Closure:
        if self.reason == "other" and not self.note:
            raise invalid(messages.OTHER_REASON_NEEDS_NOTE)
        return self


class Reopening(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Text = Field(min_length=3)
