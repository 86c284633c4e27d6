"""The declarative base of court's tables, court's clocks, and what court knows of casework."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.access import RecordScope
from heaolu_shared.db import new_metadata
from heaolu_shared.deadlines import DeadlineColumns


class Base(DeclarativeBase):
    metadata = new_metadata()


class GuardedRecord(Base):
    """A record about a child that the access policy decides on: it names its scopes (one per
    party that may see it, e.g. the municipality and SKA)."""

    __abstract__ = True

    id: Mapped[uuid.UUID]
    subject_pseudonym: Mapped[str | None]

    def scopes(self) -> Sequence[RecordScope]:
        raise NotImplementedError


def now_column() -> Mapped[datetime]:
    return mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class Deadline(DeadlineColumns, Base):
    """A statutory clock of a court record (filing, ruling, SKA's opinion, Brussels IIb)."""

    __tablename__ = "deadline"


class ApprovedCasePlan(Base):
    """A case plan casework approved (from ``case_plan.approved``): court never reads casework's
    database, and a closed-institution request needs an approved plan."""

    __tablename__ = "approved_case_plan"

    case_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    case_plan_id: Mapped[uuid.UUID]
    municipality: Mapped[str] = mapped_column(sa.String(4))
    revision: Mapped[int]
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    approved_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


court_number_seq = sa.Sequence("court_number_seq", metadata=Base.metadata)
"""One running number for the documents court produces (applications, requests)."""
