"""The payload every service's deadline events share (``<service>.deadline.approaching|breached``).

Each owning service registers its own event types over this payload, on its own topic.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from heaolu_shared.events import EventPayload


class DeadlineEvent(EventPayload):
    """A statutory clock is close to its end, or past it. No personal data: ids and pseudonyms."""

    deadline_id: uuid.UUID
    kind: str = Field(max_length=48, description="which clock, e.g. preliminary_assessment")
    legal_basis: str = Field(max_length=300)
    record_type: str = Field(max_length=48)
    record_id: uuid.UUID
    case_id: uuid.UUID | None = None
    municipality: str | None = Field(default=None, pattern=r"^[0-9]{4}$")
    assignee: str | None = Field(
        default=None, max_length=64, description="subject id of the responsible worker"
    )
    subject_pseudonym: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    due_at: datetime
