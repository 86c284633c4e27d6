"""The breaking-change checker, on schema fixtures and on a directory of committed schemas."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from heaolu_shared.schema_compat import breaking_changes, check_directory

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
BASE: dict[str, Any] = json.loads((FIXTURES / "report_received_v1.json").read_text())


def _variant(change: Any) -> dict[str, Any]:
    schema = copy.deepcopy(BASE)
    change(schema)
    return schema


def test_identical_schemas_are_compatible() -> None:
    assert breaking_changes(BASE, copy.deepcopy(BASE)) == []


def test_adding_an_optional_property_and_descriptions_is_compatible() -> None:
    def change(s: dict[str, Any]) -> None:
        s["properties"]["note"] = {"type": "string"}
        s["properties"]["channel"]["description"] = "how the report came in"
        s["properties"]["channel"]["maxLength"] = 64

    assert breaking_changes(BASE, _variant(change)) == []


BREAKING = {
    "removed required property": (
        lambda s: (s["properties"].pop("municipality"), s["required"].remove("municipality")),
        "properties.municipality: property removed",
    ),
    "removed optional property": (
        lambda s: s["properties"].pop("channel"),
        "properties.channel: property removed",
    ),
    "new required property": (
        lambda s: (s["properties"].update(extra={"type": "string"}), s["required"].append("extra")),
        "properties.extra: new required property",
    ),
    "optional made required": (
        lambda s: s["required"].append("channel"),
        "properties.channel: optional property made required",
    ),
    "type changed": (
        lambda s: s["properties"]["municipality"].update(type="integer"),
        "properties.municipality: type changed from string to integer",
    ),
    "null added": (
        lambda s: s["properties"].update(
            received_at={"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}
        ),
        "properties.received_at: type changed from string to null|string",
    ),
    "enum value removed": (
        lambda s: s["$defs"]["NeedLevel"].update(enum=["in_need"]),
        "properties.need_level: enum values removed: ['in_danger']",
    ),
    "enum value added": (
        lambda s: s["$defs"]["NeedLevel"]["enum"].append("unknown"),
        "properties.need_level: enum values added: ['unknown']",
    ),
    "max length lowered": (
        lambda s: s["properties"]["channel"].update(maxLength=8),
        "properties.channel: maxLength tightened from 32 to 8",
    ),
    "pattern changed": (
        lambda s: s["properties"]["municipality"].update(pattern="^[0-9]{5}$"),
        "properties.municipality: pattern changed",
    ),
    "nested definition changed": (
        lambda s: s["$defs"]["Child"]["properties"]["birth_year"].update(type="string"),
        "properties.child.properties.birth_year: type changed from integer to string",
    ),
    "additional properties forbidden": (
        lambda s: s.update(additionalProperties=False),
        "(root): additional properties now forbidden",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKING))
def test_breaking_changes_are_reported_with_their_path(case: str) -> None:
    change, expected = BREAKING[case]
    problems = breaking_changes(BASE, _variant(change))
    assert any(p.startswith(expected) for p in problems), problems


def _write(directory: Path, name: str, schema: dict[str, Any]) -> None:
    (directory / f"{name}.json").write_text(json.dumps(schema))


def test_directory_check_reports_breaking_and_removed_types_and_allows_new_ones(
    tmp_path: Path,
) -> None:
    _write(tmp_path, "ee.heaolu.intake.report.received.v1", BASE)
    _write(tmp_path, "ee.heaolu.intake.report.routed.v1", BASE)
    broken = _variant(lambda s: s["properties"].pop("report_id"))

    problems = check_directory(
        tmp_path,
        {"ee.heaolu.intake.report.received.v1": broken, "ee.heaolu.intake.report.linked.v1": BASE},
    )

    assert problems == [
        "ee.heaolu.intake.report.received.v1: properties.report_id: property removed",
        "ee.heaolu.intake.report.routed.v1: published schema removed (a version may never go away)",
    ]


def test_directory_check_passes_when_nothing_changed(tmp_path: Path) -> None:
    _write(tmp_path, "ee.heaolu.intake.report.received.v1", BASE)
    assert check_directory(tmp_path, {"ee.heaolu.intake.report.received.v1": BASE}) == []
