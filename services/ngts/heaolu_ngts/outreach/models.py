"""The outreach to one youth: contact attempts, consent, the individual plan, the outcome, and
the handover to social services. Every row goes with its youth when the list is purged."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_ngts.common.models import Base


def youth_fk() -> sa.ForeignKey:
    """Each row goes with its youth (the purge deletes youths, the database the rest)."""
    return sa.ForeignKey("youth.id", ondelete="CASCADE")


class ContactAttempt(Base):
    __tablename__ = "contact_attempt"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    youth_id: Mapped[uuid.UUID] = mapped_column(youth_fk(), index=True)
    channel: Mapped[str] = mapped_column(sa.String(16))
    occurred_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    answer: Mapped[str | None] = mapped_column(sa.String(24))
    note: Mapped[str | None] = mapped_column(sa.String(1000))
    recorded_by: Mapped[str] = mapped_column(sa.String(64))


class Consent(Base):
    """The youth's consent to an individual plan (and, separately, to the handover)."""

    __tablename__ = "consent"

    youth_id: Mapped[uuid.UUID] = mapped_column(youth_fk(), primary_key=True)
    consented_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    handover_to_social_services: Mapped[bool]
    recorded_by: Mapped[str] = mapped_column(sa.String(64))


class Plan(Base):
    __tablename__ = "individual_plan"

    youth_id: Mapped[uuid.UUID] = mapped_column(youth_fk(), primary_key=True)
    goals: Mapped[str] = mapped_column(sa.String(4000))
    services_offered: Mapped[list[str]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Outcome(Base):
    __tablename__ = "outcome"

    youth_id: Mapped[uuid.UUID] = mapped_column(youth_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24))
    goal_reached_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    follow_up_until: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    recorded_by: Mapped[str] = mapped_column(sa.String(64))


class Handover(Base):
    """A consenting, helped youth handed to social services (casework queues it)."""

    __tablename__ = "handover"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    youth_id: Mapped[uuid.UUID] = mapped_column(youth_fk(), unique=True)
    municipality: Mapped[str] = mapped_column(sa.String(4))
    consented_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    handed_over_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
