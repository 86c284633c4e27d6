"""The kinds and statuses NGTS spells once."""

from __future__ import annotations

from enum import StrEnum


class ParticipationStatus(StrEnum):
    APPLIED = "applied"
    IMPORTED = "imported"
    PURGED = "purged"


class YouthStatus(StrEnum):
    """Where the outreach to one youth stands."""

    LISTED = "listed"
    CONTACTED = "contacted"
    WANTS_HELP = "wants_help"
    NO_ANSWER = "no_answer"
    DECLINED = "declined"
    CONSENTED = "consented"
    PLANNED = "planned"
    GOAL_REACHED = "goal_reached"
    CLOSED = "closed"


BEING_HELPED = frozenset({YouthStatus.CONSENTED, YouthStatus.PLANNED, YouthStatus.GOAL_REACHED})
"""Youths whose rows survive the list's purge: the municipality is helping them."""


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    MEETING = "meeting"


MESSAGE_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS})


class Answer(StrEnum):
    WANTS_HELP = "wants_help"
    DOES_NOT_WANT_HELP = "does_not_want_help"
    NO_ANSWER = "no_answer"


class OutcomeKind(StrEnum):
    STUDYING = "studying"
    WORKING = "working"
    REGISTERED_UNEMPLOYED = "registered_unemployed"
    OTHER = "other"


class AskedBy(StrEnum):
    MINISTRY = "ministry"
    SKA = "ska"


class PrepaymentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"


class DeadlineKind(StrEnum):
    INQUIRY_ANSWER = "ngts_inquiry_answer"
    FOLLOW_UP = "ngts_follow_up"
