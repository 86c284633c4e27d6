"""How long a consumer remembers the events it processed: its topics' longest retention and a
margin (no I/O)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from heaolu_shared.inbox import PROCESSED_MARGIN, remembered_for
from heaolu_shared.topics import DAY_MS, TopicSpec

DECLARED = (
    TopicSpec("heaolu.short.v1", 1, 2 * DAY_MS, "two days"),
    TopicSpec("heaolu.long.v1", 1, 30 * DAY_MS, "thirty days"),
)


def test_the_longest_retention_among_the_topics_and_the_margin() -> None:
    assert remembered_for(["heaolu.short.v1"], DECLARED) == timedelta(days=2) + PROCESSED_MARGIN
    both = remembered_for(["heaolu.short.v1", "heaolu.long.v1"], DECLARED)
    assert both == timedelta(days=30) + PROCESSED_MARGIN


def test_the_declared_topics_are_the_default() -> None:
    assert remembered_for(["heaolu.audit.v1"]) > PROCESSED_MARGIN


@pytest.mark.parametrize("topics", [["heaolu.undeclared.v1"], []])
def test_a_topic_without_a_declared_retention_is_refused(topics: list[str]) -> None:
    with pytest.raises(ValueError, match="declared retention"):
        remembered_for(topics, DECLARED)


def test_every_event_travels_on_a_topic_whose_consumers_know_their_window() -> None:
    """A consumer's window comes from its topics' declared retention: a contract on a topic not
    declared in ``heaolu_shared.topics`` would leave its consumers' purge failing every hour."""
    import heaolu_shared.contracts  # noqa: F401  (registers every event type)
    from heaolu_shared.events import registry

    topics = {spec.topic for spec in registry.all()}
    assert topics
    for topic in topics:
        assert remembered_for([topic]) >= PROCESSED_MARGIN + timedelta(days=1), topic
