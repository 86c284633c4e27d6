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
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __table_args__ = (
        sa.Index("ix_preliminary_assessment_municipality_due", "municipality", "due_at"),
    )
