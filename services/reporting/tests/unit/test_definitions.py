"""Each figure says how it is computed, in English and Estonian; the channel is explained."""

from __future__ import annotations

from heaolu_reporting.messages import KPI_DEFINITIONS, PENDING_KPIS


def test_every_definition_is_given_in_both_languages() -> None:
    for name, text in (KPI_DEFINITIONS | PENDING_KPIS).items():
        assert text.en.strip() and text.et.strip(), name
        assert text.en != text.et, name


def test_reports_say_why_they_are_not_counted_by_channel() -> None:
    text = KPI_DEFINITIONS["reports_received"]
    assert "channel" in text.en and "LasteKS §27" in text.en
    assert "kanal" in text.et.lower() and "LasteKS §27" in text.et


def test_ska_statistics_have_definitions() -> None:
    assert {"ska_counselling", "central_authority"} <= set(KPI_DEFINITIONS)
    assert "whole country" in KPI_DEFINITIONS["central_authority"].en
