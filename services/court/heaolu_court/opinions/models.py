"""The table of opinions to the court."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import GuardedRecord, now_column
from heaolu_shared.access import Domain, RecordScope


class CourtOpinion(GuardedRecord):
    """A court's request for the guardianship authority's opinion, and the opinion sent."""

    __tablename__ = "court_opinion"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    matter: Mapped[str] = mapped_column(sa.String(16))
    court_name: Mapped[str] = mapped_column(sa.String(300))
    court_case_number: Mapped[str] = mapped_column(sa.String(64))
    parties: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    question: Mapped[str] = mapped_column(sa.Text)
    requested_on: Mapped[date] = mapped_column(sa.Date)
    due_on: Mapped[date] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    child_heard_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    child_heard_how: Mapped[str | None] = mapped_column(sa.String(300))
    child_heard_by: Mapped[str | None] = mapped_column(sa.String(200))
    child_age: Mapped[int | None]
    child_views: Mapped[str | None] = mapped_column(sa.Text)
    views_weighed: Mapped[str | None] = mapped_column(sa.Text)
    """How the child's views were weighed by age and maturity."""
    child_not_heard_reason: Mapped[str | None] = mapped_column(sa.Text)
    opinion: Mapped[str | None] = mapped_column(sa.Text)
    official_name: Mapped[str | None] = mapped_column(sa.String(200))
    official_position: Mapped[str | None] = mapped_column(sa.String(200))
    approved_by: Mapped[str | None] = mapped_column(sa.String(64))
    approved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    document: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("status IN ('draft', 'approved', 'sent')", name="status"),
        sa.CheckConstraint("matter IN ('custody', 'contact', 'guardianship')", name="matter"),
        sa.Index("ix_court_opinion_municipality_due", "municipality", "due_on"),
    )

    def scopes(self) -> Sequence[RecordScope]:
        return [
            RecordScope(
                Domain.CHILD_PROTECTION,
                self.municipality,
                assignee=self.assignee,
                subject_pseudonym=self.subject_pseudonym,
                record_id=str(self.id),
            )
        ]
