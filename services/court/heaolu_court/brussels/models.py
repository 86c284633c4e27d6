"""Tables of Brussels IIb requests and municipalities' tasks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import GuardedRecord, now_column
from heaolu_shared.access import Domain, RecordScope


class Article(StrEnum):
    ART79 = "art79"
    ART80 = "art80"
    ART82 = "art82"


class RequestStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class TaskStatus(StrEnum):
    ASSIGNED = "assigned"
    REPORTED = "reported"


class BrusselsRequest(GuardedRecord):
    """A request received from or sent to another member state's central authority."""

    __tablename__ = "brussels_request"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    article: Mapped[str] = mapped_column(sa.String(8))
    kind: Mapped[str] = mapped_column(sa.String(32))
    direction: Mapped[str] = mapped_column(sa.String(8))
    member_state: Mapped[str] = mapped_column(sa.String(2))
    foreign_authority: Mapped[str] = mapped_column(sa.String(300))
    foreign_reference: Mapped[str | None] = mapped_column(sa.String(100))
    child: Mapped[str] = mapped_column(sa.Text)
    """Who the request is about, as the requesting authority describes the child."""
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    reasons: Mapped[str] = mapped_column(sa.Text)
    funding: Mapped[str | None] = mapped_column(sa.Text)
    expected_duration: Mapped[str | None] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(16), default=RequestStatus.OPEN)
    opened_by: Mapped[str] = mapped_column(sa.String(64))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("article IN ('art79', 'art80', 'art82')", name="article"),
        sa.CheckConstraint("direction IN ('incoming', 'outgoing')", name="direction"),
        sa.CheckConstraint("status IN ('open', 'answered')", name="status"),
        sa.Index("ix_brussels_request_due", "due_at", "id"),
    )

    def scopes(self) -> Sequence[RecordScope]:
        return [RecordScope(Domain.BRUSSELS, None, record_id=str(self.id))]


class BrusselsTask(GuardedRecord):
    """SKA's request to a municipality for its part (a report on the child's situation),
    addressed through the contacts table. The municipality sees only its tasks, never the
    request they belong to."""

    __tablename__ = "brussels_task"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    request_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("brussels_request.id"), index=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    contact_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("municipal_contact.id"))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    child: Mapped[str] = mapped_column(sa.Text)
    question: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(16), default=TaskStatus.ASSIGNED)
    assigned_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    report: Mapped[str | None] = mapped_column(sa.Text)
    reported_by: Mapped[str | None] = mapped_column(sa.String(64))
    reported_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("status IN ('assigned', 'reported')", name="status"),
        sa.Index("ix_brussels_task_municipality_due", "municipality", "due_at", "id"),
    )

    def scopes(self) -> Sequence[RecordScope]:
        return [
            RecordScope(Domain.BRUSSELS, None, record_id=str(self.id)),
            RecordScope(
                Domain.CHILD_PROTECTION,
                self.municipality,
                assignee=self.assignee,
                subject_pseudonym=self.subject_pseudonym,
                record_id=str(self.id),
            ),
        ]
