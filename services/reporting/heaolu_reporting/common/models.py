"""Reporting's fact store: pseudonymised facts from the services' events, and their archive.

Nothing here names a person: children and cases appear only as reporting's own keyed
pseudonyms (``child_key``), workers as their token subject ids (staff, for caseload figures).
The archive (``fact_event``) keeps every consumed event in its minimised form, so the read
models can be rebuilt after Kafka's retention has dropped the originals (ADR 0016).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import new_metadata

EHAK = sa.String(4)
Key = sa.String(32)


class Base(DeclarativeBase):
    metadata = new_metadata()


class ArchivedEvent(Base):
    """A consumed event, minimised: pseudonyms re-keyed with reporting's key."""

    __tablename__ = "fact_event"

    seq: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    event_type: Mapped[str] = mapped_column(sa.Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSONB)
    archived_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )


class ReportFact(Base):
    __tablename__ = "report_fact"

    report_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    need_level: Mapped[str] = mapped_column(sa.String(16))
    urgent: Mapped[bool]
    further_report: Mapped[bool]
    child_key: Mapped[str | None] = mapped_column(Key)
    age_band: Mapped[str | None] = mapped_column(sa.String(8))
    concern_category: Mapped[str | None] = mapped_column(sa.String(32))

    __table_args__ = (sa.Index("ix_report_fact_received", "received_at", "municipality"),)


class AssessmentFact(Base):
    __tablename__ = "assessment_fact"

    assessment_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    report_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    municipality: Mapped[str] = mapped_column(EHAK)
    outcome: Mapped[str] = mapped_column(sa.String(16))
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    late: Mapped[bool]

    __table_args__ = (sa.Index("ix_assessment_fact_decided", "decided_at", "municipality"),)


class CaseFact(Base):
    """A case; a fact arriving before ``case.opened`` (another partition) creates the row."""

    __tablename__ = "case_fact"

    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK, comment="the municipality holding it now")
    opened_municipality: Mapped[str | None] = mapped_column(EHAK)
    kind: Mapped[str | None] = mapped_column(sa.String(32))
    origin: Mapped[str | None] = mapped_column(sa.String(32))
    opened_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_municipality: Mapped[str | None] = mapped_column(EHAK)
    close_reason: Mapped[str | None] = mapped_column(sa.String(32))
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    child_key: Mapped[str | None] = mapped_column(Key)
    age_band: Mapped[str | None] = mapped_column(sa.String(8))


class RemovalFact(Base):
    __tablename__ = "removal_fact"

    removal_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    municipality: Mapped[str] = mapped_column(EHAK)
    separated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    legal_ground: Mapped[str | None] = mapped_column(sa.String(48))
    court_filing_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    ruling_due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    child_key: Mapped[str | None] = mapped_column(Key)
    filed_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), comment="the court application's filing (court's event)"
    )
    filed_within_target: Mapped[bool | None]


class PlacementFact(Base):
    __tablename__ = "placement_fact"

    placement_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    municipality: Mapped[str] = mapped_column(EHAK)
    form: Mapped[str | None] = mapped_column(sa.String(32))
    starts_on: Mapped[date | None]
    ended_on: Mapped[date | None]
    temporary: Mapped[bool | None]
    over_capacity: Mapped[bool | None]


class DecisionFact(Base):
    __tablename__ = "decision_fact"

    decision_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    case_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    municipality: Mapped[str] = mapped_column(EHAK)
    service_code: Mapped[str] = mapped_column(sa.String(32))
    outcome: Mapped[str] = mapped_column(sa.String(16))
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class ApplicationFact(Base):
    __tablename__ = "application_fact"

    application_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    service_code: Mapped[str] = mapped_column(sa.String(32))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))


class DeadlineFact(Base):
    __tablename__ = "deadline_fact"

    deadline_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(48))
    municipality: Mapped[str | None] = mapped_column(EHAK)
    assignee: Mapped[str | None] = mapped_column(sa.String(64))
    case_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    approaching: Mapped[bool] = mapped_column(server_default=sa.false())
    breached: Mapped[bool] = mapped_column(server_default=sa.false())


class KlatOpinionFact(Base):
    """SKA's opinion on a closed-institution (KLAT) placement, due within 30 days."""

    __tablename__ = "klat_opinion_fact"

    request_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    requested_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    within_term: Mapped[bool | None]


class YouthFact(Base):
    """A youth of an NGTS list (``youth_ref`` is NGTS's random id, no link to a person)."""

    __tablename__ = "youth_fact"

    youth_ref: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    answer: Mapped[str | None] = mapped_column(sa.String(24))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(sa.String(32))
    helped: Mapped[bool | None]
    recorded_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))


class InquiryFact(Base):
    """A ministry or SKA inquiry to an NGTS specialist, due in 5 working days."""

    __tablename__ = "inquiry_fact"

    inquiry_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    asked_by: Mapped[str] = mapped_column(sa.String(16))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    on_time: Mapped[bool | None]


class CounsellingRequestFact(Base):
    """A municipality's request to SKA's child-protection counselling service."""

    __tablename__ = "counselling_request_fact"

    request_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    municipality: Mapped[str] = mapped_column(EHAK)
    record_type: Mapped[str] = mapped_column(sa.String(32))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(
        sa.DateTime(timezone=True), comment="the first answer (a later one replaces its text only)"
    )
    closed_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(sa.String(16))

    __table_args__ = (sa.Index("ix_counselling_request_fact_opened", "opened_at", "municipality"),)


class BrusselsRequestFact(Base):
    """A request SKA handles as central authority under Reg. (EU) 2019/1111 (national: it
    belongs to no municipality)."""

    __tablename__ = "brussels_request_fact"

    request_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    article: Mapped[str] = mapped_column(sa.String(8))
    direction: Mapped[str] = mapped_column(sa.String(16))
    opened_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    within_term: Mapped[bool | None]


class BrusselsTaskFact(Base):
    """A municipality's part of a Brussels IIb request (e.g. an Art. 80 report to SKA)."""

    __tablename__ = "brussels_task_fact"

    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    municipality: Mapped[str] = mapped_column(EHAK)
    assigned_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    due_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    reported_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    within_term: Mapped[bool | None]


READ_MODELS: tuple[type[Base], ...] = (
    ReportFact,
    AssessmentFact,
    CaseFact,
    RemovalFact,
    PlacementFact,
    DecisionFact,
    ApplicationFact,
    DeadlineFact,
    KlatOpinionFact,
    YouthFact,
    InquiryFact,
    CounsellingRequestFact,
    BrusselsRequestFact,
    BrusselsTaskFact,
)
"""The tables ``rebuild`` empties and fills again (the archive and the feed stay)."""
