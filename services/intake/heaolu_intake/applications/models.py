"""The table of the applications feature."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_intake.common.models import Base


class ServiceApplication(Base):
    """An application for a social service (seed 004), routed like a report."""

    __tablename__ = "service_application"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    service_code: Mapped[str] = mapped_column(sa.String(32))
    municipality: Mapped[str | None] = mapped_column(sa.String(4))
    routing_basis: Mapped[str] = mapped_column(sa.String(16))
    applicant_personal_code: Mapped[str] = mapped_column(sa.String(11))
    applicant_pseudonym: Mapped[str] = mapped_column(sa.String(32))
    description: Mapped[str] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    decision_due_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    """The processing term (HMS § 41; working days from the shared calendar)."""
    status: Mapped[str] = mapped_column(sa.String(16), default="received")
    """received → being_handled (a specialist is assigned) → decided; from casework's events."""
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    """The handling specialist, as casework assigned them."""
    assigned_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (sa.Index("ix_service_application_created_by", "created_by", "received_at"),)
