"""Intake's tables."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


class Report(Base):
    """A report (teade) about a child, routed to a municipality."""

    __tablename__ = "report"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    need_level: Mapped[str] = mapped_column(sa.String(16))
    channel: Mapped[str] = mapped_column(sa.String(32))
    concern: Mapped[str] = mapped_column(sa.Text)
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    child_personal_code: Mapped[str | None] = mapped_column(sa.String(11))
    child_pseudonym: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    """The reporter's account id, or ``anonymous`` for the public route."""
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __table_args__ = (
        sa.Index("ix_report_municipality_received", "municipality", "received_at", "id"),
        sa.CheckConstraint("need_level IN ('in_need', 'in_danger')", name="need_level"),
        sa.CheckConstraint("municipality ~ '^[0-9]{4}$'", name="municipality"),
    )
