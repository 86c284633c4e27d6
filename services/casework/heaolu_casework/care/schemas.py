"""API models of separations, placements and the register of care providers."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_casework.common.schemas import Text
from heaolu_shared.dates import RecordDate, RecordDatetime
from heaolu_shared.pagination import Page
from heaolu_shared.text import Bounded, ShortText


class RemovalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    separated_at: RecordDatetime
    facts: Text = Field(min_length=1)
    legal_ground: Literal["custodian_caused_danger", "custodian_refused_temporary_placement"]
    temporary_location: ShortText = Field(min_length=1)
    contact_arrangement: Text = Field(min_length=1)
    contact_until: RecordDatetime = Field(description="at most 72 hours after separated_at")


class RemovalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    separated_at: datetime
    facts: str
    legal_ground: str
    temporary_location: str
    contact_arrangement: str
    contact_until: datetime
    court_filing_due_at: datetime
    ruling_due_at: datetime
    legal_basis: str = "LasteKS §33; Code of Civil Procedure §563²: court ruling within 72 hours"


class RemovalPage(Page[RemovalOut]):
    pass


CareForm = Literal["foster_family", "family_home", "substitute_home"]
ProviderCode = Field(pattern=r"^[A-Za-z0-9-]{2,32}$")


class CareProviderIn(BaseModel):
    """A substitute-care provider for the register: its form and capacity decide the cap."""

    model_config = ConfigDict(extra="forbid")

    code: str = ProviderCode
    name: ShortText = Field(min_length=1)
    form: CareForm
    capacity: int = Field(ge=1, le=6, description="at most 4 for a foster family, 6 otherwise")


class CareProviderOut(BaseModel):
    code: str
    name: str
    form: str
    capacity: int
    municipality: str
    in_care: int = 0
    version: int


class CareProviderPage(Page[CareProviderOut]):
    pass


class PlacementIn(BaseModel):
    """A placement with a registered provider: the register, not the request, gives the form
    and the cap."""

    model_config = ConfigDict(extra="forbid")

    provider_code: str = ProviderCode
    starts_on: RecordDate
    ends_on: RecordDate | None = Field(
        default=None, description="the last day of care; by default the age limit"
    )
    temporary: bool = False
    custodian_consent: bool = False
    guardian_consent: bool = False
    ska_approval_ref: Annotated[str, Bounded(64)] | None = None
    in_education: bool = Field(
        default=False, description="studying: care may last until 19 instead of 18"
    )


class PlacementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    case_id: uuid.UUID
    form: str
    provider_code: str
    provider_name: str
    starts_on: date
    ends_on: date | None
    temporary: bool
    custodian_consent: bool
    guardian_consent: bool
    ska_approval_ref: str | None
    over_capacity: bool
    in_education: bool
    status: str
    ended_on: date | None
    version: int


class PlacementEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ended_on: RecordDate


class PlacementPage(Page[PlacementOut]):
    pass
