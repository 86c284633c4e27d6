"""The contacts table."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_court.common.models import Base, now_column


class MunicipalContact(Base):
    """A municipality's child-protection contact official, valid for a period."""

    __tablename__ = "municipal_contact"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    municipality: Mapped[str] = mapped_column(sa.String(4), index=True)
    municipality_name: Mapped[str] = mapped_column(sa.String(200))
    official_name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[str] = mapped_column(sa.String(200))
    phone: Mapped[str] = mapped_column(sa.String(40))
    email: Mapped[str] = mapped_column(sa.String(254))
    valid_from: Mapped[date] = mapped_column(sa.Date)
    valid_to: Mapped[date | None] = mapped_column(sa.Date)
    updated_by: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = now_column()
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
    )

    @property
    def subject_pseudonym(self) -> str | None:
        return None
