"""Audit records every service publishes on ``heaolu.audit.v1``, and what the audit service says."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.audit.v1"
ACCESS_RECORDED = "ee.heaolu.audit.access.recorded.v1"
ACCESSES_RECORDED = "ee.heaolu.audit.accesses.recorded.v1"


class Actor(EventPayload):
    """Who reached personal data, and in which service: the part every audit event shares."""

    service: str = Field(max_length=32)
    actor_subject: str = Field(max_length=64, description="the actor's account id at the issuer")
    actor_username: str | None = Field(default=None, max_length=128)
    actor_role: str = Field(max_length=64)
    actor_institution: str = Field(max_length=16, description="EHAK code, or SKA")
    on_behalf_of: str | None = Field(
        default=None, max_length=64, description="the absent worker whose access a substitute used"
    )


@registry.register(ACCESS_RECORDED, topic=TOPIC, producer="audit")
class AccessRecordedV1(Actor):
    """Someone read or changed personal data. Published by the service where it happened."""

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


MAX_RECORDS_PER_EVENT = 500
"""Most records one :class:`AccessesRecordedV1` carries (a page shows at most 200 names)."""


class AccessedRecord(EventPayload):
    """One record among the many one access reached (see :class:`AccessesRecordedV1`)."""

    subject_pseudonym: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    record_type: str = Field(max_length=64)
    record_id: str = Field(max_length=64)


@registry.register(ACCESSES_RECORDED, topic=TOPIC, producer="audit")
class AccessesRecordedV1(Actor):
    """One act reached many persons' data at once (a worklist page showing their names): the
    audit service appends one audit record per entry of ``records``, each as if it had come in
    an :class:`AccessRecordedV1` with the same actor, action, purpose and time. Published by the
    service where it happened, instead of one event per person."""

    action: Literal["list", "read", "create", "update", "reveal", "search"]
    purpose: str = Field(max_length=200)
    occurred_at: datetime
    request_id: str | None = Field(default=None, max_length=64)
    withheld_from_subject: bool = False
    records: list[AccessedRecord] = Field(min_length=1, max_length=MAX_RECORDS_PER_EVENT)

    def each(self) -> list[AccessRecordedV1]:
        """The audit records this event stands for, in order."""
        common = self.model_dump(exclude={"records"})
        return [
            AccessRecordedV1.model_validate(common | record.model_dump()) for record in self.records
        ]


@registry.register("ee.heaolu.audit.anomaly.detected.v1", topic=TOPIC, producer="audit")
class AnomalyDetectedV1(EventPayload):
    """One user opened more distinct persons in an hour than the configured limit."""

    alert_id: uuid.UUID
    actor_subject: str = Field(max_length=64)
    distinct_subjects: int
    limit: int
    window_start: datetime
