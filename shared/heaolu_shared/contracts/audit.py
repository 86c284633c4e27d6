"""Audit records every service publishes on ``heaolu.audit.v1``, and what the audit service says."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.audit.v1"


@registry.register("ee.heaolu.audit.access.recorded.v1", topic=TOPIC, producer="audit")
class AccessRecordedV1(EventPayload):
    """Someone read or changed personal data. Published by the service where it happened."""

    service: str = Field(max_length=32)
    actor_subject: str = Field(max_length=64, description="the actor's account id at the issuer")
    actor_username: str | None = Field(default=None, max_length=128)
    actor_role: str = Field(max_length=64)
    actor_institution: str = Field(max_length=16, description="EHAK code, or SKA")
    on_behalf_of: str | None = Field(
        default=None, max_length=64, description="the absent worker whose access a substitute used"
    )
    subject_pseudonym: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    record_type: str = Field(max_length=64)
    record_id: str = Field(max_length=64)
    action: Literal["list", "read", "create", "update", "reveal", "search"]
    purpose: str = Field(max_length=200)
    occurred_at: datetime
    request_id: str | None = Field(default=None, max_length=64)


@registry.register("ee.heaolu.audit.anomaly.detected.v1", topic=TOPIC, producer="audit")
class AnomalyDetectedV1(EventPayload):
    """One user opened more distinct persons in an hour than the configured limit."""

    alert_id: uuid.UUID
    actor_subject: str = Field(max_length=64)
    distinct_subjects: int
    limit: int
    window_start: datetime
