"""Intake's declarative base and the tables its features share: the report (the aggregate root
of receiving, triage and receipts), the local population register and casework's substitution
windows."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


class Report(Base):
    """A report (teade) about a child, routed to a municipality or to SKA's triage queue."""

    __tablename__ = "report"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    receipt_number: Mapped[str] = mapped_column(sa.String(16), unique=True)
    municipality: Mapped[str | None] = mapped_column(sa.String(4))
    """Where the report is handled; ``None`` while it waits in SKA's triage queue."""
    routing_basis: Mapped[str] = mapped_column(sa.String(16))
    need_level: Mapped[str] = mapped_column(sa.String(16))
    urgent: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(sa.String(32))
    concern_category: Mapped[str] = mapped_column(sa.String(32))
    concern: Mapped[str] = mapped_column(sa.Text)
    observed_on: Mapped[date | None] = mapped_column(sa.Date)
    child_personal_code: Mapped[str | None] = mapped_column(sa.String(11))
    child_name: Mapped[str | None] = mapped_column(sa.String(200))
    child_birth_date: Mapped[date | None] = mapped_column(sa.Date)
    child_description: Mapped[str | None] = mapped_column(sa.Text)
    child_pseudonym: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    location_municipality: Mapped[str | None] = mapped_column(sa.String(4))
    location_text: Mapped[str | None] = mapped_column(sa.Text)
    involved: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    reporter_sealed: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    """The reporter's identity and contacts, encrypted; opened only by the assigned worker."""
    status: Mapped[str] = mapped_column(sa.String(16), default="received")
    linked_to: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("report.id"))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    """The worker handling the thread; follows casework's assignment of its assessment."""
    assigned_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.String(64))
    """The reporter's account id, or ``anonymous`` for the public route."""
    entered_by: Mapped[str | None] = mapped_column(sa.String(64))
    """The worker or helpline counsellor who entered the report on someone's behalf."""
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_report_municipality_received", "municipality", "received_at", "id"),
        sa.CheckConstraint("need_level IN ('in_need', 'in_danger')", name="need_level"),
    )


class RegisteredPerson(Base):
    """The local stand-in for the population register: residence by personal code."""

    __tablename__ = "registered_person"

    personal_code: Mapped[str] = mapped_column(sa.String(11), primary_key=True)
    residence_municipality: Mapped[str | None] = mapped_column(sa.String(4))


class Substitution(Base):
    """Casework's substitution windows, so intake decides a substitute's access as casework does."""

    __tablename__ = "substitution"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    absent: Mapped[str] = mapped_column(sa.String(64))
    substitute: Mapped[str] = mapped_column(sa.String(64), index=True)
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
