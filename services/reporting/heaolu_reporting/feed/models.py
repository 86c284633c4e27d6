"""The SKA feed as published: what the HTTP pull serves, in the order it committed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from heaolu_reporting.common.models import Base


class FeedEvent(Base):
    __tablename__ = "feed_event"

    seq: Mapped[int] = mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), unique=True)
    event: Mapped[dict[str, Any]] = mapped_column(JSONB, comment="the CloudEvent as on Kafka")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )
