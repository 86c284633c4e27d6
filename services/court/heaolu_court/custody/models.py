"""The custody-restriction application's table."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import GuardedRecord, now_column
from heaolu_shared.access import Domain, RecordScope


class ApplicationStatus(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    APPROVED = "approved"
    FILED = "filed"
    RULED = "ruled"
    WITHDRAWN = "withdrawn"


class CustodyApplication(GuardedRecord):
    """The application to restrict custody that must reach the court in time for a ruling
    within 72 hours of the separation. Opened by ``removal.recorded``; completed by the worker,
    approved by the head where the municipality requires it, filed with a PDF, then ruled on."""

    __tablename__ = "custody_application"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    removal_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    case_number: Mapped[str | None] = mapped_column(sa.String(32))
    municipality: Mapped[str] = mapped_column(sa.String(4))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    status: Mapped[str] = mapped_column(sa.String(16), default=ApplicationStatus.DRAFT)
    legal_ground: Mapped[str] = mapped_column(sa.String(48))
    separated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    filing_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ruling_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    court_name: Mapped[str | None] = mapped_column(sa.String(300))
    facts: Mapped[str | None] = mapped_column(sa.Text)
    danger: Mapped[str | None] = mapped_column(sa.Text)
    measures_taken: Mapped[str | None] = mapped_column(sa.Text)
    temporary_location: Mapped[str | None] = mapped_column(sa.String(300))
    contact_arrangement: Mapped[str | None] = mapped_column(sa.Text)
    child_opinion: Mapped[str | None] = mapped_column(sa.Text)
    child_opinion_missing_reason: Mapped[str | None] = mapped_column(sa.Text)
    requested_measure: Mapped[str | None] = mapped_column(sa.Text)
    attachments: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    """References to case records: ``{record_type, record_id, description}``."""
    official_name: Mapped[str | None] = mapped_column(sa.String(200))
    official_position: Mapped[str | None] = mapped_column(sa.String(200))
    official_contact: Mapped[str | None] = mapped_column(sa.String(300))
    completed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(sa.String(64))
    approved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    filed_by: Mapped[str | None] = mapped_column(sa.String(64))
    filed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    document: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    ruling_outcome: Mapped[str | None] = mapped_column(sa.String(16))
    ruled_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    court_case_number: Mapped[str | None] = mapped_column(sa.String(64))
    ruling_notes: Mapped[str | None] = mapped_column(sa.Text)
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_custody_application_municipality_opened", "municipality", "opened_at"),
        sa.Index("ix_custody_application_assignee_opened", "assignee", "opened_at"),
        sa.CheckConstraint(
            "status IN ('draft', 'completed', 'approved', 'filed', 'ruled', 'withdrawn')",
            name="status",
        ),
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
