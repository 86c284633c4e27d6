"""The API models of inquiries and prepayment applications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from heaolu_ngts.common.enums import AskedBy, PrepaymentStatus
from heaolu_shared.dates import RecordDate, RecordDatetime
from heaolu_shared.text import Bounded


class InquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asked_by: AskedBy
    contact_person: Annotated[str, Bounded(200, 1)]
    question: Annotated[str, Bounded(4000, 1)]
    received_at: RecordDatetime


class InquiryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: Annotated[str, Bounded(4000, 1)]


class InquiryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    asked_by: str
    contact_person: str
    question: str
    received_at: datetime
    due_at: datetime
    answer: str | None
    answered_at: datetime | None
    answered_on_time: bool | None
    version: int


class PrepaymentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    period_start: RecordDate
    period_end: RecordDate
    amount_eur: Decimal = Field(gt=0, max_digits=12, decimal_places=2)


class PrepaymentStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: PrepaymentStatus


class PrepaymentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    municipality: str
    period_start: date
    period_end: date
    amount_eur: Decimal
    status: str
    status_changed_at: datetime
    version: int
