"""Audit's API models."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from heaolu_shared.dates import RecordDatetime
from heaolu_shared.messages import invalid
from heaolu_shared.pagination import Page
from heaolu_shared.pseudonym import INVALID_PERSONAL_CODE, valid_personal_code


class AuditRecordOut(BaseModel):
    """A record as an auditor sees it."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    service: str
    occurred_at: datetime
    actor_subject: str
    actor_username: str | None
    actor_role: str
    actor_institution: str
    on_behalf_of: str | None
    subject_pseudonym: str | None
    record_type: str
    record_id: str
    action: str
    purpose: str
    request_id: str | None
    actor_sealed: str | None = None
    """A protected reporter, sealed; opened only for offence proceedings."""
    withheld_from_subject: bool = False


class AccessLogEntry(BaseModel):
    """What a citizen learns about one access to their data: role and institution, no names."""

    occurred_at: datetime
    institution: str
    role: str
    action: str
    record_type: str
    purpose: str
    as_substitute: bool


class AuditPage(Page[AuditRecordOut]):
    pass


class AccessLogPage(Page[AccessLogEntry]):
    pass


class PersonSearch(BaseModel):
    """Find accesses to one person's data; the code travels in the body, never in a URL."""

    model_config = ConfigDict(extra="forbid")

    personal_code: str = Field(max_length=11)
    since: RecordDatetime | None = None
    until: RecordDatetime | None = None
    limit: int = Field(default=100, ge=1, le=500)
    cursor: str | None = Field(
        default=None,
        max_length=512,
        pattern=r"^[A-Za-z0-9_-]*$",
        description="the next_cursor of the previous page",
    )

    @field_validator("personal_code")
    @classmethod
    def _valid(cls, value: str) -> str:
        if not valid_personal_code(value):
            raise invalid(INVALID_PERSONAL_CODE)
        return value


class VerificationOut(BaseModel):
    valid: bool
    checked: int
    first_broken_seq: int | None
    reason: str | None


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    actor_subject: str
    window_start: datetime
    distinct_subjects: int
    limit: int


class AlertPage(Page[AlertOut]):
    pass
