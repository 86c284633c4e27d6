"""The SKA feed: minimised events for the Social Insurance Board on ``heaolu.ska-feed.v1``.

Reporting produces them from the internal events. They carry only what national statistics and
supervision need: keyed pseudonyms that are stable within the feed and cannot be joined with any
other system's ids, the municipality, an age band instead of a birth date, the ISO week instead
of a timestamp and categories instead of text. Never a name, personal code, address, reporter,
free text, an internal record id, or how the report came in (the channel characterises the
reporter, whom LasteKS §27 protects). The envelope's ``time`` is the Monday of that week, its
``subject`` (and the Kafka key) the case's or the child's feed pseudonym.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from heaolu_shared.contracts.bands import AgeBand
from heaolu_shared.events import EventPayload, registry

TOPIC = "heaolu.ska-feed.v1"
PRODUCER = "reporting"

ConcernCategory = Literal[
    "neglect",
    "physical_violence",
    "psychological_violence",
    "sexual_abuse",
    "substance_use",
    "school_absence",
    "behaviour",
    "parental_conflict",
    "homelessness",
    "mental_health",
    "other",
]
FeedPseudonym = Field(
    pattern=r"^[0-9a-f]{32}$", description="keyed pseudonym, stable within this feed only"
)
Week = Field(pattern=r"^[0-9]{4}-W(0[1-9]|[1-4][0-9]|5[0-3])$", description="ISO 8601 week")
Municipality = Field(pattern=r"^[0-9]{4}$", description="EHAK code of the municipality")


def _event(name: str) -> str:
    return f"ee.heaolu.reporting.{name}.v1"


class FeedEvent(EventPayload):
    """What every feed message carries."""

    municipality: str = Municipality
    week: str = Week
    child: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{32}$",
        description="the child's feed pseudonym, when the child is identified",
    )


class CaseFeedEvent(FeedEvent):
    case: str = FeedPseudonym


@registry.register(_event("report.received"), topic=TOPIC, producer=PRODUCER)
class FeedReportReceivedV1(FeedEvent):
    """A report about a child reached a municipality (a further report joins an open one)."""

    need_level: Literal["in_need", "in_danger"]
    concern_category: ConcernCategory | None = None
    age_band: AgeBand | None = None
    further_report: bool = Field(description="joined the child's open report")


@registry.register(_event("preliminary_assessment.decided"), topic=TOPIC, producer=PRODUCER)
class FeedPreliminaryAssessmentDecidedV1(FeedEvent):
    """The 10-day preliminary assessment was decided."""

    outcome: Literal["open_case", "not_opened", "forwarded"]
    within_term: bool
    days_to_decision: int | None = Field(default=None, ge=0, le=3650)


@registry.register(_event("case.opened"), topic=TOPIC, producer=PRODUCER)
class FeedCaseOpenedV1(CaseFeedEvent):
    """Case management was opened."""

    kind: Literal["child_protection", "social_services"]
    origin: Literal["preliminary_assessment", "application", "direct"]
    age_band: AgeBand | None = None


@registry.register(_event("case.closed"), topic=TOPIC, producer=PRODUCER)
class FeedCaseClosedV1(CaseFeedEvent):
    """Case management was closed."""

    reason: Literal[
        "goals_reached", "moved_abroad", "came_of_age", "died", "no_longer_needed", "other"
    ]


@registry.register(_event("case.transferred"), topic=TOPIC, producer=PRODUCER)
class FeedCaseTransferredV1(CaseFeedEvent):
    """The case moved to another municipality (``municipality`` is the new one)."""

    from_municipality: str = Municipality


@registry.register(_event("removal.recorded"), topic=TOPIC, producer=PRODUCER)
class FeedRemovalRecordedV1(CaseFeedEvent):
    """A child was separated from the family (LasteKS §33)."""

    legal_ground: Literal["custodian_caused_danger", "custodian_refused_temporary_placement"]


@registry.register(_event("placement.started"), topic=TOPIC, producer=PRODUCER)
class FeedPlacementStartedV1(CaseFeedEvent):
    """Substitute care began."""

    form: Literal["foster_family", "family_home", "substitute_home"]
    temporary: bool
    over_capacity: bool


@registry.register(_event("decision.issued"), topic=TOPIC, producer=PRODUCER)
class FeedDecisionIssuedV1(CaseFeedEvent):
    """An administrative decision on a social service."""

    service_code: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,32}$", description="catalogue code")
    outcome: Literal["granted", "refused"]


@registry.register(_event("deadline.breached"), topic=TOPIC, producer=PRODUCER)
class FeedDeadlineBreachedV1(FeedEvent):
    """A statutory clock ended without being met."""

    kind: str = Field(pattern=r"^[a-z0-9_]{1,48}$")
    case: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
