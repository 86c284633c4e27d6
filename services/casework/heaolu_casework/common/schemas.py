"""API models more than one feature answers with or accepts: persons, the case as its
endpoints show it, assignment, and a clock."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, EmailStr, model_validator

from heaolu_casework.common import messages
from heaolu_casework.common.models import Case, Person, Removal
from heaolu_shared.dates import BirthDate
from heaolu_shared.messages import invalid
from heaolu_shared.pseudonym import PersonalCode, birth_date_of
from heaolu_shared.text import Bounded, LongText, NameText, ShortText, Username

Text = LongText
Name = NameText


class Assignment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_username: Username


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    given_name: Name
    family_name: Name
    personal_code: PersonalCode | None = None
    birth_date: BirthDate | None = None
    address: ShortText | None = None
    phone: Annotated[str, Bounded(40)] | None = None
    email: EmailStr | None = None

    @model_validator(mode="after")
    def _birth_date_matches_code(self) -> PersonIn:
        if (
            self.personal_code
            and self.birth_date
            and birth_date_of(self.personal_code) != self.birth_date
        ):
            raise invalid(messages.BIRTH_DATE_NOT_OF_CODE)
        return self


class PersonOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    given_name: str
    family_name: str
    personal_code: str | None
    birth_date: date | None
    address: str | None
    phone: str | None
    email: str | None
    version: int


class DeadlineOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    legal_basis: str
    record_type: str
    record_id: uuid.UUID
    case_id: uuid.UUID | None
    municipality: str | None
    assignee: str | None
    due_at: datetime
    status: str
    child_name: str | None = None
    assignee_username: str | None = None
    assignee_name: str | None = None


def deadline_out(row: Any) -> DeadlineOut:
    """A clock of :func:`heaolu_casework.common.clocks.open_deadlines` with its names."""
    return DeadlineOut.model_validate(
        {
            **DeadlineOut.model_validate(row.Deadline).model_dump(),
            "child_name": row.child_name,
            "assignee_username": row.assignee_username,
            "assignee_name": row.assignee_name,
        }
    )


class RemovalClock(BaseModel):
    removal_id: uuid.UUID
    separated_at: datetime
    court_filing_due_at: datetime
    ruling_due_at: datetime
    hours_left: float


class CaseOut(BaseModel):
    id: uuid.UUID
    number: str
    municipality: str
    kind: str
    status: str
    assignee: str | None
    origin: str
    opened_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    transferred_from: str | None
    version: int
    child: PersonOut | None = None
    removal_clock: RemovalClock | None = None
    next_deadline: DeadlineOut | None = None


class CaseSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    number: str
    municipality: str
    kind: str
    status: str
    assignee: str | None
    opened_at: datetime
    version: int
    child_name: str | None = None
    assignee_username: str | None = None
    assignee_name: str | None = None


def case_out(case: Case, child: Person | None = None, removal: Removal | None = None) -> CaseOut:
    """The case as its endpoints answer: with the child and the 72-hour clock of the latest
    separation when given."""
    clock = None
    if removal is not None:
        left = (removal.ruling_due_at - datetime.now(UTC)).total_seconds() / 3600
        clock = RemovalClock(
            removal_id=removal.id,
            separated_at=removal.separated_at,
            court_filing_due_at=removal.court_filing_due_at,
            ruling_due_at=removal.ruling_due_at,
            hours_left=round(left, 2),
        )
    return CaseOut(
        **CaseSummary.model_validate(case).model_dump(),
        origin=case.origin,
        closed_at=case.closed_at,
        close_reason=case.close_reason,
        transferred_from=case.transferred_from,
        child=PersonOut.model_validate(child, from_attributes=True) if child else None,
        removal_clock=clock,
    )
