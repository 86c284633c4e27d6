"""The contacts table: municipalities' child-protection contact officials, kept by the
``contacts`` feature and read by ``brussels`` (whom SKA asks for a municipality's part)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession
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


def period_includes(day: date) -> sa.ColumnElement[bool]:
    """The contact's period includes ``day``."""
    return sa.and_(
        MunicipalContact.valid_from <= day,
        sa.or_(MunicipalContact.valid_to.is_(None), MunicipalContact.valid_to >= day),
    )


async def valid_contact(
    session: AsyncSession, municipality: str, day: date
) -> MunicipalContact | None:
    """The municipality's contact valid on ``day`` (the most recently started one)."""
    return (
        await session.scalars(
            sa.select(MunicipalContact)
            .where(MunicipalContact.municipality == municipality, period_includes(day))
            .order_by(MunicipalContact.valid_from.desc())
            .limit(1)
        )
    ).first()
