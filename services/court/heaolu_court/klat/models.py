"""Tables of SKA opinion requests and closed-institution applications."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import GuardedRecord, now_column
from heaolu_shared.access import Domain, RecordScope


class OpinionStatus(StrEnum):
    REQUESTED = "requested"
    ANSWERED = "answered"


class KlatOpinionRequest(GuardedRecord):
    """The municipality's request for SKA's opinion on a liberty-restricting measure; SKA
    answers within 30 days (a clock both sides see)."""

    __tablename__ = "klat_opinion_request"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    case_plan_id: Mapped[uuid.UUID]
    municipality: Mapped[str] = mapped_column(sa.String(4), index=True)
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    child_birth_date: Mapped[date] = mapped_column(sa.Date)
    age_exception_reason: Mapped[str | None] = mapped_column(sa.Text)
    danger: Mapped[str] = mapped_column(sa.Text)
    needs_assessment: Mapped[str] = mapped_column(sa.Text)
    earlier_measures: Mapped[str] = mapped_column(sa.Text)
    less_restrictive_insufficient: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default=OpinionStatus.REQUESTED)
    requested_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    opinion: Mapped[str | None] = mapped_column(sa.String(16))
    opinion_reasons: Mapped[str | None] = mapped_column(sa.Text)
    answered_by: Mapped[str | None] = mapped_column(sa.String(64))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("status IN ('requested', 'answered')", name="status"),
        sa.Index("ix_klat_opinion_request_status_due", "status", "due_at", "id"),
        sa.Index("ix_klat_opinion_request_municipality_due", "municipality", "due_at", "id"),
    )

    def scopes(self) -> Sequence[RecordScope]:
        return [
            RecordScope(
                Domain.CHILD_PROTECTION,
                self.municipality,
                assignee=self.assignee,
                subject_pseudonym=self.subject_pseudonym,
                record_id=str(self.id),
            ),
            RecordScope(Domain.SKA_OPINION, self.municipality, record_id=str(self.id)),
        ]


class KlatApplication(GuardedRecord):
    """The municipality's application to the court for a closed child institution (at most one
    year; an extension is a new application naming the earlier one). It carries SKA's opinion,
    or the fact that it is pending or was never asked."""

    __tablename__ = "klat_application"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(index=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("klat_opinion_request.id"))
    extends_application_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("klat_application.id")
    )
    municipality: Mapped[str] = mapped_column(sa.String(4), index=True)
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    court_name: Mapped[str] = mapped_column(sa.String(300))
    danger: Mapped[str] = mapped_column(sa.Text)
    needs_assessment: Mapped[str] = mapped_column(sa.Text)
    earlier_measures: Mapped[str] = mapped_column(sa.Text)
    less_restrictive_insufficient: Mapped[str] = mapped_column(sa.Text)
    duration_months: Mapped[int]
    ska_opinion: Mapped[str] = mapped_column(sa.String(16))
    """SKA's opinion when filed: not_requested, pending, suitable or not_suitable."""
    ska_opinion_reasons: Mapped[str | None] = mapped_column(sa.Text)
    official_name: Mapped[str] = mapped_column(sa.String(200))
    official_position: Mapped[str] = mapped_column(sa.String(200))
    filed_by: Mapped[str] = mapped_column(sa.String(64))
    filed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    document: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("duration_months BETWEEN 1 AND 12", name="duration"),
        sa.CheckConstraint(
            "ska_opinion IN ('not_requested', 'pending', 'suitable', 'not_suitable')",
            name="ska_opinion",
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
