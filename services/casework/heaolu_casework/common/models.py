"""The declarative base and the tables more than one feature reads.

The case is the aggregate root: the people in it, its statutory clocks, the separation whose
72-hour clock the case view shows, the placements that end or move with the case, and the needs
assessments a case plan's approval asks for. The records born outside a case (the preliminary
assessment of a report, a service application) are here because the queue lists them beside
cases, and substitutions and counselling requests because every access decision reads them.
Tables only one feature uses live in that feature's ``models.py``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_casework.common.enums import CaseKind
from heaolu_shared.access import Domain, RecordScope
from heaolu_shared.db import new_metadata
from heaolu_shared.deadlines import DeadlineColumns


class Base(DeclarativeBase):
    metadata = new_metadata()


class Guarded(Base):
    """A record the access policy decides on by itself (a case, an assessment of a report, an
    application); records inside a case are decided on by their case."""

    __abstract__ = True

    def scope(self) -> RecordScope:
        raise NotImplementedError


class InCase(Base):
    """A record of a case: the access policy decides on it by its case."""

    __abstract__ = True

    id: Mapped[uuid.UUID]
    case_id: Mapped[uuid.UUID]


class CaseRevision(InCase):
    """A record kept as numbered revisions per case, one draft at a time."""

    __abstract__ = True

    revision: Mapped[int]
    status: Mapped[str]
    version: Mapped[int]


def now_column() -> Mapped[datetime]:
    return mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class PreliminaryAssessment(Guarded):
    """The 10-day preliminary assessment (eelhindamine) of a routed report (LasteKS §28)."""

    __tablename__ = "preliminary_assessment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    report_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    need_level: Mapped[str] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    child_name: Mapped[str | None] = mapped_column(sa.String(200))
    """The child's name as the report gave it, for the worklists."""
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    urgent: Mapped[bool] = mapped_column(default=False)
    """A child in danger: first in the queue."""
    linked_reports: Mapped[int] = mapped_column(default=0)
    """Later reports about the same child that joined this thread."""
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    """open_case, not_opened or forwarded, once decided."""
    reason: Mapped[str | None] = mapped_column(sa.Text)
    one_off_measure: Mapped[str | None] = mapped_column(sa.Text)
    forwarded_to: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # Lists page by (due_at, id), and a day's reports share their due time: with the id in
        # the index a page reads one index range, not every assessment due that day.
        sa.Index("ix_preliminary_assessment_municipality_due", "municipality", "due_at", "id"),
        sa.Index("ix_preliminary_assessment_assignee_due", "assignee", "due_at", "id"),
        sa.Index(
            "ix_preliminary_assessment_queue",
            "municipality",
            sa.text("(NOT urgent)"),
            "due_at",
            "id",
            postgresql_where=sa.text("status = 'pending' AND assignee IS NULL"),
        ),
    )

    def scope(self) -> RecordScope:
        return RecordScope(
            domain=Domain.CHILD_PROTECTION,
            municipality=self.municipality,
            assignee=self.assignee,
            subject_pseudonym=self.subject_pseudonym,
            record_id=str(self.id),
        )


class Substitution(Base):
    """Asendamine: during [starts_at, ends_at) the substitute acts for the absent worker."""

    __tablename__ = "substitution"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    absent: Mapped[str] = mapped_column(sa.String(64), index=True)
    substitute: Mapped[str] = mapped_column(sa.String(64), index=True)
    starts_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(sa.String(64))
    ended_early_by: Mapped[str | None] = mapped_column(sa.String(64))
    """Who ended the window before its planned end (the absent worker or their head)."""
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.CheckConstraint("ends_at >= starts_at", name="window"),)


class CounsellingRequest(Base):
    """A municipality asks SKA's counselling service about one of its assessments or cases."""

    __tablename__ = "counselling_request"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    record_id: Mapped[uuid.UUID] = mapped_column(index=True)
    question: Mapped[str] = mapped_column(sa.Text)
    opened_by: Mapped[str] = mapped_column(sa.String(64))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    answered_by: Mapped[str | None] = mapped_column(sa.String(64))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.Index("ix_counselling_request_opened", "opened_at", "id"),)


class Person(Base):
    """A child, parent, legal representative or other person known to a municipality."""

    __tablename__ = "person"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    given_name: Mapped[str] = mapped_column(sa.String(100))
    family_name: Mapped[str] = mapped_column(sa.String(100))
    personal_code: Mapped[str | None] = mapped_column(sa.String(11))
    code_pseudonym: Mapped[str | None] = mapped_column(sa.String(32))
    birth_date: Mapped[date | None] = mapped_column(sa.Date)
    address: Mapped[str | None] = mapped_column(sa.String(300))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = now_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index(
            "uq_person_municipality_code",
            "municipality",
            "code_pseudonym",
            unique=True,
            postgresql_where=sa.text("code_pseudonym IS NOT NULL"),
        ),
        sa.Index(
            "ix_person_municipality_family_name", "municipality", sa.text("lower(family_name)")
        ),
    )


class Case(Guarded):
    """Case management (juhtumikorraldus) of one child or client in one municipality."""

    __tablename__ = "case_file"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(32), unique=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    kind: Mapped[str] = mapped_column(sa.String(24))
    status: Mapped[str] = mapped_column(sa.String(16), default="open")
    child_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("person.id"))
    subject_pseudonym: Mapped[str | None] = mapped_column(sa.String(32), index=True)
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    origin: Mapped[str] = mapped_column(sa.String(32))
    preliminary_assessment_id: Mapped[uuid.UUID | None] = mapped_column()
    application_id: Mapped[uuid.UUID | None] = mapped_column()
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    opened_by: Mapped[str] = mapped_column(sa.String(64))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    close_reason: Mapped[str | None] = mapped_column(sa.String(32))
    close_note: Mapped[str | None] = mapped_column(sa.Text)
    transferred_from: Mapped[str | None] = mapped_column(sa.String(4))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_case_file_municipality_opened", "municipality", "opened_at", "id"),
        sa.Index("ix_case_file_assignee_opened", "assignee", "opened_at", "id"),
        sa.CheckConstraint("status IN ('open', 'closed')", name="status"),
    )

    def scope(self) -> RecordScope:
        domain = (
            Domain.SOCIAL_SERVICES
            if self.kind == CaseKind.SOCIAL_SERVICES
            else Domain.CHILD_PROTECTION
        )
        return RecordScope(
            domain=domain,
            municipality=self.municipality,
            assignee=self.assignee,
            subject_pseudonym=self.subject_pseudonym,
            record_id=str(self.id),
        )


class CaseParty(Base):
    """A person's part in a case: the child, a parent, a legal representative, household."""

    __tablename__ = "case_party"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("person.id"), index=True)
    role: Mapped[str] = mapped_column(sa.String(32))
    legal_basis: Mapped[str | None] = mapped_column(sa.String(200))
    has_custody: Mapped[bool | None] = mapped_column()
    lives_with_child: Mapped[bool | None] = mapped_column()
    note: Mapped[str | None] = mapped_column(sa.Text)

    __table_args__ = (sa.UniqueConstraint("case_id", "person_id", "role"),)


class NeedsAssessment(CaseRevision):
    """Abivajaduse hindamine over the LasteKS §28(2) domains; one revision per row."""

    __tablename__ = "needs_assessment"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    revision: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(sa.String(16), default="draft")
    findings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    sources: Mapped[list[Any]] = mapped_column(JSONB, default=list)
    child_opinion: Mapped[str | None] = mapped_column(sa.Text)
    child_heard_on: Mapped[date | None] = mapped_column(sa.Date)
    child_opinion_missing_reason: Mapped[str | None] = mapped_column(sa.Text)
    conclusion: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(64))
    completed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    completed_by: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = now_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.UniqueConstraint("case_id", "revision"),)


class Removal(InCase):
    """Separation of a child from the family before a court order (LasteKS §33)."""

    __tablename__ = "removal"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    separated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    facts: Mapped[str] = mapped_column(sa.Text)
    legal_ground: Mapped[str] = mapped_column(sa.String(48))
    temporary_location: Mapped[str] = mapped_column(sa.String(300))
    contact_arrangement: Mapped[str] = mapped_column(sa.Text)
    contact_until: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    court_filing_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ruling_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = now_column()


class Placement(InCase):
    """Substitute care: foster family, family home or substitute home."""

    __tablename__ = "placement"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    child_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("person.id"))
    form: Mapped[str] = mapped_column(sa.String(24))
    """The provider's form when the placement started (from the register)."""
    provider_code: Mapped[str] = mapped_column(sa.ForeignKey("care_provider.code"))
    provider_name: Mapped[str] = mapped_column(sa.String(200))
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    temporary: Mapped[bool] = mapped_column(default=False)
    custodian_consent: Mapped[bool] = mapped_column(default=False)
    guardian_consent: Mapped[bool] = mapped_column(default=False)
    ska_approval_ref: Mapped[str | None] = mapped_column(sa.String(64))
    over_capacity: Mapped[bool] = mapped_column(default=False)
    in_education: Mapped[bool] = mapped_column(default=False)
    """Studying: substitute care may last until 19 instead of 18."""
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    ended_on: Mapped[date | None] = mapped_column(sa.Date)
    recorded_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = now_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index(
            "ix_placement_active_provider",
            "provider_code",
            postgresql_where=sa.text("status = 'active'"),
        ),
        sa.Index(
            "uq_placement_active_child",
            "child_id",
            unique=True,
            postgresql_where=sa.text("status = 'active'"),
        ),
    )


class ServiceApplication(Guarded):
    """An application for a social service, waiting for a specialist and a decision."""

    __tablename__ = "service_application"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    service_code: Mapped[str] = mapped_column(sa.String(32))
    applicant_pseudonym: Mapped[str] = mapped_column(sa.String(32))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    status: Mapped[str] = mapped_column(sa.String(16), default="pending")
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.Index("ix_service_application_municipality", "municipality", "received_at"),
    )

    def scope(self) -> RecordScope:
        return RecordScope(
            domain=Domain.SOCIAL_SERVICES,
            municipality=self.municipality,
            assignee=self.assignee,
            subject_pseudonym=self.applicant_pseudonym,
            record_id=str(self.id),
        )


class Deadline(DeadlineColumns, Base):
    """A statutory clock of a casework record."""

    __tablename__ = "deadline"


case_number_seq = sa.Sequence("case_number_seq", metadata=Base.metadata)
