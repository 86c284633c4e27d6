"""Casework's tables."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


class PreliminaryAssessment(Base):
    """The 10-day preliminary assessment (eelhindamine) of a routed report (LasteKS §28)."""

    __tablename__ = "preliminary_assessment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    report_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    need_level: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    urgent: Mapped[bool] = mapped_column(default=False)
    linked_reports: Mapped[int] = mapped_column(default=0)
    """Later reports about the same child that joined this thread."""
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_preliminary_assessment_municipality_due", "municipality", "due_at"),
        sa.Index("ix_preliminary_assessment_assignee_due", "assignee", "due_at"),
    )


class Substitution(Base):
    """Asendamine: during [starts_at, ends_at) the substitute acts for the absent worker."""

    __tablename__ = "substitution"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    absent: Mapped[str] = mapped_column(sa.String(64), index=True)
    substitute: Mapped[str] = mapped_column(sa.String(64), index=True)
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="window"),)


class CounsellingRequest(Base):
    """A municipality asks SKA's counselling service about one of its assessments or cases."""

    __tablename__ = "counselling_request"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    question: Mapped[str] = mapped_column(sa.Text)
    opened_by: Mapped[str] = mapped_column(sa.String(64))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
