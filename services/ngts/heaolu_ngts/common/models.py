"""NGTS's declarative base and the tables its features share.

The youth is the aggregate root; a youth arrives on the list of a municipality's participation
in a register query round. Designations decide who may see the list; deadlines are the clocks of
every feature.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_ngts.common.enums import ParticipationStatus, YouthStatus
from heaolu_shared.db import new_metadata
from heaolu_shared.deadlines import DeadlineColumns


class Base(DeclarativeBase):
    metadata = new_metadata()


class Participation(Base):
    """A municipality's participation in one register query round, and the list it received."""

    __tablename__ = "participation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    query_date: Mapped[date]
    applied_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    applied_by: Mapped[str] = mapped_column(sa.String(64))
    list_due_on: Mapped[date]
    status: Mapped[str] = mapped_column(sa.String(16), default=ParticipationStatus.APPLIED)
    imported_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    stored: Mapped[int] = mapped_column(default=0)
    refused: Mapped[dict[str, int]] = mapped_column(JSONB, default=dict)
    retention_ends_on: Mapped[date | None]
    purged_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("municipality", "query_date"),)


class Youth(Base):
    """One youth of a round's list: personal data under STAR's no-copy rules."""

    __tablename__ = "youth"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    participation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("participation.id", ondelete="CASCADE")
    )
    municipality: Mapped[str] = mapped_column(sa.String(4))
    personal_code: Mapped[str] = mapped_column(sa.String(11))
    subject_pseudonym: Mapped[str] = mapped_column(sa.String(32))
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    guardian: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    education: Mapped[str | None] = mapped_column(sa.String(200))
    last_employment: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(16), default=YouthStatus.LISTED)
    follow_up_until: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("participation_id", "personal_code"),
        sa.Index("ix_youth_list_order", "participation_id", "family_name", "given_name", "id"),
    )


class YouthView(Base):
    """Who opened which youth when: the hourly limit on distinct youths per viewer.

    Goes with the youth when the list is purged (the audit trail keeps the pseudonymous record).
    """

    __tablename__ = "youth_view"

    id: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    viewer: Mapped[str] = mapped_column(sa.String(64))
    youth_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("youth.id", ondelete="CASCADE"))
    viewed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))

    __table_args__ = (
        sa.Index("ix_youth_view_viewer_time", "viewer", "viewed_at"),
        sa.Index("ix_youth_view_youth", "youth_id"),
    )


class Designation(Base):
    """The department head designated a specialist to work with the municipality's list."""

    __tablename__ = "designation"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    specialist_subject: Mapped[str] = mapped_column(sa.String(64))
    specialist_username: Mapped[str] = mapped_column(sa.String(128))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    designated_by: Mapped[str] = mapped_column(sa.String(64))
    designated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_designation_specialist", "specialist_subject", "municipality"),
        sa.CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    )


class Deadline(DeadlineColumns, Base):
    """NGTS's statutory clocks: inquiry answers (5 working days), follow-up contact (6 months)."""

    __tablename__ = "deadline"
