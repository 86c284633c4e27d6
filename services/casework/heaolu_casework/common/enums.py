"""The kinds and statuses casework spells once (the values are those stored in the tables)."""

from __future__ import annotations

from enum import StrEnum


class CaseKind(StrEnum):
    CHILD_PROTECTION = "child_protection"
    SOCIAL_SERVICES = "social_services"


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AssessmentStatus(StrEnum):
    """Where a preliminary assessment stands."""

    PENDING = "pending"
    CASE_OPENED = "case_opened"
    NOT_OPENED = "not_opened"
    FORWARDED = "forwarded"


class RevisionStatus(StrEnum):
    """A needs assessment's or case plan's revision."""

    DRAFT = "draft"
    COMPLETED = "completed"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class ApplicationStatus(StrEnum):
    PENDING = "pending"
    IN_CASE = "in_case"
    DECIDED = "decided"


class PlacementStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"


class CareForm(StrEnum):
    FOSTER_FAMILY = "foster_family"
    FAMILY_HOME = "family_home"
    SUBSTITUTE_HOME = "substitute_home"
