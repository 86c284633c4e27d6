"""The table of hearings and mediation sessions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import GuardedRecord, now_column
from heaolu_shared.access import Domain, RecordScope


class Hearing(GuardedRecord):
    """A dated entry on a case: a hearing the municipality attends, or a mediation session.
    The attendee (a substitute when the worker is absent) sees it as well as the assignee."""

    __tablename__ = "hearing"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    attendee: Mapped[str | None] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    kind: Mapped[str] = mapped_column(sa.String(24))
    authority: Mapped[str] = mapped_column(sa.String(300))
    reference: Mapped[str | None] = mapped_column(sa.String(64))
    scheduled_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16), default="scheduled")
    held_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    outcome_notes: Mapped[str | None] = mapped_column(sa.Text)
    agreement_reached: Mapped[bool | None]
    """Mediation only: whether the parents agreed in the child's interest."""
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("status IN ('scheduled', 'held', 'cancelled')", name="status"),
        sa.CheckConstraint(
            "kind IN ('court_hearing', 'minor_hearing_court', 'minor_hearing_police', 'mediation')",
            name="kind",
        ),
        sa.Index("ix_hearing_municipality_scheduled", "municipality", "scheduled_at"),
    )

    def scopes(self) -> Sequence[RecordScope]:
        return [
            RecordScope(
                Domain.CHILD_PROTECTION,
                self.municipality,
                assignee=who,
                subject_pseudonym=self.subject_pseudonym,
                record_id=str(self.id),
            )
            for who in {self.assignee, self.attendee}
        ]
