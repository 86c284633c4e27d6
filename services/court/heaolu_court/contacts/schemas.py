"""The API models of the contacts table."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from heaolu_shared.dates import RecordDate
from heaolu_shared.text import NameText, ShortText


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipality: str = Field(pattern=r"^[0-9]{4}$")
    municipality_name: ShortText = Field(min_length=1)
    official_name: NameText
    position: ShortText = Field(min_length=1)
    phone: str = Field(pattern=r"^\+?[0-9 ]{5,20}$")
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    valid_from: RecordDate
    valid_to: RecordDate | None = None


class ContactOut(ContactIn):
    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: uuid.UUID
    version: int
