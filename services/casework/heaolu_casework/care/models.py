"""The register of substitute-care providers (removals and placements belong to the case:
``common/models.py``)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_casework.common.models import Base, now_column


class CareProvider(Base):
    """A substitute-care provider in the register: its form and capacity decide the cap."""

    __tablename__ = "care_provider"

    code: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    form: Mapped[str] = mapped_column(sa.String(24))
    capacity: Mapped[int] = mapped_column()
    municipality: Mapped[str] = mapped_column(sa.String(4), index=True)
    registered_by: Mapped[str] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = now_column()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "form IN ('foster_family', 'family_home', 'substitute_home')", name="form"
        ),
        sa.CheckConstraint("capacity > 0", name="capacity"),
    )
