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
    actor_sealed: str | None = Field(
        default=None,
        max_length=2048,
        description="the actor (account, username, role, institution), sealed as intake seals a "
        "reporter (base64 of AES-256-GCM with the record id bound in); the clear actor fields "
        "then say only 'sealed'. Opened only for offence proceedings (LasteKS §27)",
    )
    withheld_from_subject: bool = Field(
        default=False,
        description="not shown in the person's own access log: the act of reporting and "
        "anything about the reporter are not disclosed to the family (LasteKS §27)",
    )


@registry.register("ee.heaolu.audit.anomaly.detected.v1", topic=TOPIC, producer="audit")
class AnomalyDetectedV1(EventPayload):
    """One user opened more distinct persons in an hour than the configured limit."""

    alert_id: uuid.UUID
    actor_subject: str = Field(max_length=64)
    distinct_subjects: int
    limit: int
    window_start: datetime
