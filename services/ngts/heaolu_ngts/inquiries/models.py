"""Inquiries from the ministry or SKA, and the municipality's prepayment applications."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_ngts.common.models import Base


class Inquiry(Base):
    """A question from a ministry or SKA contact person, to be answered in 5 working days."""

    __tablename__ = "inquiry"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    asked_by: Mapped[str] = mapped_column(sa.String(16))
    contact_person: Mapped[str] = mapped_column(sa.String(200))
    question: Mapped[str] = mapped_column(sa.String(4000))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(sa.String(4000))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # The municipality's list: unanswered first, then by due time and id.
        sa.Index(
            "ix_inquiry_municipality_due",
            "municipality",
            sa.text("(answered_at IS NOT NULL)"),
            "due_at",
            "id",
        ),
    )


class PrepaymentApplication(Base):
    """The municipality's application for advance funding of its NGTS work."""

    __tablename__ = "prepayment_application"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    period_start: Mapped[date]
    period_end: Mapped[date]
    amount_eur: Mapped[Decimal] = mapped_column(sa.Numeric(12, 2))
    status: Mapped[str] = mapped_column(sa.String(16))
    status_changed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period"),
        sa.CheckConstraint("amount_eur > 0", name="amount"),
    )
