"""The CloudEvents envelope, the registry and the committed contracts."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from heaolu_shared.contracts.__main__ import check, generated_schemas
from heaolu_shared.contracts.intake import ReportReceivedV1
from heaolu_shared.events import (
    CloudEvent,
    EventPayload,
    EventRegistry,
    UnknownEventType,
    registry,
)

EXAMPLES = Path(__file__).parent / "fixtures" / "events"


def test_envelope_carries_type_source_subject_and_schema() -> None:
    payload = ReportReceivedV1(
        report_id=uuid.uuid4(),
        municipality="0663",
        received_at=datetime.now(UTC),
        need_level="in_danger",
        channel="police",
    )
    event = registry.envelope(payload, subject=str(payload.report_id))

    assert event.specversion == "1.0"
    assert event.type == "ee.heaolu.intake.report.received.v1"
    assert event.source == "/heaolu/intake"
    assert event.subject == str(payload.report_id)
    assert event.dataschema.endswith("ee.heaolu.intake.report.received.v1.json")
    assert registry.parse(CloudEvent.model_validate_json(event.model_dump_json())) == payload


def test_registry_refuses_badly_named_and_duplicate_types() -> None:
    local = EventRegistry()
    with pytest.raises(ValueError, match="naming rule"):
        local.register("heaolu.report.received", topic="t", producer="intake")

    @local.register("ee.heaolu.intake.thing.created.v1", topic="t", producer="intake")
    class Thing(EventPayload):
        x: int

    with pytest.raises(ValueError, match="twice"):
        local.register("ee.heaolu.intake.thing.created.v1", topic="t", producer="intake")(Thing)


def test_a_payload_model_finds_its_spec_and_an_unregistered_one_is_refused() -> None:
    local = EventRegistry()

    class Thing(EventPayload):
        x: int

    class Other(EventPayload):
        y: int

    local.register("ee.heaolu.intake.thing.created.v1", topic="t1", producer="intake")(Thing)
    local.register("ee.heaolu.intake.thing.created.v2", topic="t2", producer="intake")(Thing)
    local.register("ee.heaolu.casework.other.made.v1", topic="t3", producer="casework")(Other)

    # Registered under two types, a model's events take the first.
    assert local.spec_for(Thing).type == "ee.heaolu.intake.thing.created.v1"
    assert local.envelope(Thing(x=1), subject="s").type == "ee.heaolu.intake.thing.created.v1"
    assert local.spec_for(Other).topic == "t3"
    with pytest.raises(UnknownEventType):
        local.spec_for(ReportReceivedV1)


def test_committed_schemas_match_the_code_and_break_nothing() -> None:
    assert check() == []


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_example_events_validate_against_their_committed_schema(example: Path) -> None:
    event = CloudEvent.model_validate_json(example.read_text(encoding="utf-8"))
    schema = generated_schemas()[event.type]
    jsonschema.Draft202012Validator(schema).validate(event.data)
    registry.parse(event)


def test_every_registered_type_has_an_example() -> None:
    examples = {json.loads(p.read_text())["type"] for p in EXAMPLES.glob("*.json")}
    assert {spec.type for spec in registry.all()} <= examples


def test_consumers_ignore_unknown_fields_but_refuse_invalid_ones() -> None:
    valid = {
        "report_id": str(uuid.uuid4()),
        "municipality": "0663",
        "received_at": "2026-11-23T10:00:00Z",
        "need_level": "in_need",
        "channel": "web",
    }
    payload = ReportReceivedV1.model_validate(valid | {"added_in_a_later_release": 1})
    assert not hasattr(payload, "added_in_a_later_release")
    with pytest.raises(ValidationError):
        ReportReceivedV1.model_validate(valid | {"municipality": "Rakvere"})
