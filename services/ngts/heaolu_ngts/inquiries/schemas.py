"""The API models of inquiries and prepayment applications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from heaolu_ngts.common.enums import AskedBy, PrepaymentStatus


class InquiryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asked_by: AskedBy
    contact_person: str = Field(min_length=1, max_length=200)
    question: str = Field(min_length=1, max_length=4000)
    received_at: datetime


class InquiryAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer: str = Field(min_length=1, max_length=4000)


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

    period_start: date
    period_end: date
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
