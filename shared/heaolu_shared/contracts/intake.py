"""Events published by the intake service on ``heaolu.intake.v1``."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.intake.v1"

NeedLevel = Literal["in_need", "in_danger"]


@registry.register("ee.heaolu.intake.report.received.v1", topic=TOPIC, producer="intake")
class ReportReceivedV1(EventPayload):
    """A report about a child was received and routed to a municipality."""

    report_id: uuid.UUID
    municipality: str = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
    received_at: datetime
    need_level: NeedLevel
    channel: str = Field(max_length=32)
    child_pseudonym: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{32}$",
        description="pseudonymous subject id of the child, when the personal code is known",
    )
