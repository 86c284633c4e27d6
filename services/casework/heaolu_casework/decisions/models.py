"""Administrative decisions (haldusakt) with their documents (service applications are read by
the queue too: ``common/models.py``)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_casework.common.models import InCase


class AdministrativeDecision(InCase):
    """A decision granting or refusing a service (haldusakt), with its PDF document."""

    __tablename__ = "administrative_decision"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    number: Mapped[str] = mapped_column(sa.String(40), unique=True)
    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("case_file.id"), index=True)
    application_id: Mapped[uuid.UUID | None] = mapped_column()
    addressee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("person.id"))
    service_code: Mapped[str] = mapped_column(sa.String(32))
    outcome: Mapped[str] = mapped_column(sa.String(16))
    legal_basis: Mapped[str] = mapped_column(sa.Text)
    reasoning: Mapped[str] = mapped_column(sa.Text)
    appeal_notice: Mapped[str] = mapped_column(sa.Text)
    provider_code: Mapped[str | None] = mapped_column(sa.String(32))
    provider_name: Mapped[str | None] = mapped_column(sa.String(200))
    starts_on: Mapped[date | None] = mapped_column(sa.Date)
    ends_on: Mapped[date | None] = mapped_column(sa.Date)
    issued_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    issued_by: Mapped[str] = mapped_column(sa.String(64))
    document: Mapped[bytes] = mapped_column(sa.LargeBinary)
    delivered_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    delivery_channel: Mapped[str | None] = mapped_column(sa.String(24))
    provision_status: Mapped[str | None] = mapped_column(sa.String(16))
    provision_note: Mapped[str | None] = mapped_column(sa.Text)
    provision_updated_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
