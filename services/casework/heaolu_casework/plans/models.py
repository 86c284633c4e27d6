"""The case plan's revisions and the case's activities (network work, visits, notes)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_casework.common.models import CaseRevision, InCase, now_column


class CasePlan(CaseRevision):
    """Juhtumiplaan with the fields of regulation no. 10; one revision per row."""

    __tablename__ = "case_plan"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    revision: Mapped[int] = mapped_column()
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    content: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    child_opinion: Mapped[str | None] = mapped_column(sa.Text)
    next_review_on: Mapped[date | None] = mapped_column(sa.Date)
    head_approval_required: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    approved_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    approved_by: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = now_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("case_id", "revision"),)


class Activity(InCase):
    """Network work, a home visit, a call or a note on a case."""

    __tablename__ = "case_activity"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    occurred_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    participants: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    summary: Mapped[str] = mapped_column(sa.Text)
    recorded_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = now_column()

    __table_args__ = (sa.Index("ix_case_activity_case_occurred", "case_id", "occurred_at"),)
