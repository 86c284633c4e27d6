"""Events published by the intake service on ``heaolu.intake.v1``.

Reporter identity never appears here: it stays sealed in intake's database.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.intake.v1"

NeedLevel = Literal["in_need", "in_danger"]
Municipality = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")
Pseudonym = Field(
    default=None,
    pattern=r"^[0-9a-f]{32}$",
    description="pseudonymous subject id of the child, when the personal code is known",
)

ChildName = Field(
    default=None,
    max_length=200,
    description="the child's name as the report gave it, for the municipality's worklists "
    "(personal data: events between Heaolu's own services only, never the SKA feed)",
)


@registry.register("ee.heaolu.intake.report.received.v1", topic=TOPIC, producer="intake")
class ReportReceivedV1(EventPayload):
    """A report about a child was received and routed to a municipality: a new thread."""

    report_id: uuid.UUID
    municipality: str = Municipality
    received_at: datetime
    need_level: NeedLevel
    channel: str = Field(max_length=32)
    child_pseudonym: str | None = Pseudonym
    urgent: bool | None = Field(default=None, description="a child in danger: act at once")
    child_name: str | None = ChildName


@registry.register("ee.heaolu.intake.report.received.v2", topic=TOPIC, producer="intake")
class ReportReceivedV2(EventPayload):
    """A report about a child was received and routed to a municipality: a new thread.

    Version 2 drops v1's ``channel``: how a report came in (school, police, …) characterises its
    reporter, which LasteKS §27 keeps from everyone but the handling worker."""

    report_id: uuid.UUID
    municipality: str = Municipality
    received_at: datetime
    need_level: NeedLevel
    child_pseudonym: str | None = Pseudonym
    urgent: bool = Field(description="a child in danger: act at once")
    child_name: str | None = ChildName


@registry.register("ee.heaolu.intake.report.routed.v1", topic=TOPIC, producer="intake")
class ReportRoutedV1(EventPayload):
    """A report reached a municipality other than the first: out of SKA's triage queue, or
    re-routed between municipalities (the previous one loses it)."""

    report_id: uuid.UUID
    municipality: str = Municipality
    previous_municipality: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    basis: Literal["residence", "location", "reroute"]
    received_at: datetime
    need_level: NeedLevel
    urgent: bool
    child_pseudonym: str | None = Pseudonym
    child_name: str | None = ChildName


@registry.register("ee.heaolu.intake.report.linked.v1", topic=TOPIC, producer="intake")
class ReportLinkedV1(EventPayload):
    """A report about a child who already has an open report joined that thread."""

    report_id: uuid.UUID
    thread_report_id: uuid.UUID
    municipality: str = Municipality
    received_at: datetime
    need_level: NeedLevel
    urgent: bool


@registry.register("ee.heaolu.intake.application.received.v1", topic=TOPIC, producer="intake")
class ApplicationReceivedV1(EventPayload):
    """An application for a social service, routed to the applicant's municipality."""

    application_id: uuid.UUID
    service_code: str = Field(max_length=32)
    municipality: str = Municipality
    applicant_pseudonym: str = Field(pattern=r"^[0-9a-f]{32}$")
    received_at: datetime
    decision_due_at: datetime | None = Field(
        default=None,
        description="the processing term (HMS § 41), in working days of the shared calendar",
    )


@registry.register("ee.heaolu.intake.report.assigned.v1", topic=TOPIC, producer="intake")
class ReportAssignedV1(EventPayload):
    """The department head assigned a report (thread) at intake; casework's preliminary
    assessment follows, so there is one assignment."""

    report_id: uuid.UUID
    municipality: str = Municipality
    assignee: str = Field(max_length=64, description="account id of the worker")
    assigned_at: datetime
