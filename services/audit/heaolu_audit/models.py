"""Audit's tables: the append-only, hash-chained trail and its alerts."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


class AuditRecord(Base):
    """One access to personal data. Rows are never updated or deleted (a trigger refuses it);
    each row's hash covers its content and the previous row's hash."""

    __tablename__ = "audit_record"

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    service: Mapped[str] = mapped_column(sa.String(32))
    occurred_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    actor_subject: Mapped[str] = mapped_column(sa.String(64))
    actor_username: Mapped[str | None] = mapped_column(sa.String(128))
    actor_role: Mapped[str] = mapped_column(sa.String(64))
    actor_institution: Mapped[str] = mapped_column(sa.String(16))
    on_behalf_of: Mapped[str | None] = mapped_column(sa.String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    record_type: Mapped[str] = mapped_column(sa.String(64))
    record_id: Mapped[str] = mapped_column(sa.String(64))
    action: Mapped[str] = mapped_column(sa.String(16))
    purpose: Mapped[str] = mapped_column(sa.String(200))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    actor_sealed: Mapped[str | None] = mapped_column(sa.Text)
    """A protected reporter's identity, sealed by the service that recorded it (LasteKS §27)."""
    withheld_from_subject: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    """Not shown in the person's own access log (the act of reporting, the reporter)."""
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.Index("ix_audit_record_subject", "subject_pseudonym", "occurred_at"),
        sa.Index("ix_audit_record_actor", "actor_subject", "occurred_at"),
        sa.Index("ix_audit_record_occurred", "occurred_at"),
    )


class AnomalyAlert(Base):
    """A user opened more distinct persons within an hour than allowed."""

    __tablename__ = "anomaly_alert"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    actor_subject: Mapped[str] = mapped_column(sa.String(64))
    window_start: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    distinct_subjects: Mapped[int]
    limit: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __table_args__ = (sa.UniqueConstraint("actor_subject", "window_start", name="uq_alert_window"),)
