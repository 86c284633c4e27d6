"""The breaking-change checker: one fixture per rule, pydantic-made schemas, committed directories.

``fixtures/schemas/v1_base.json`` is a report.received-like payload; every other ``v1_*.json``
differs from it (or, for the ``additional_forbidden`` pair, from each other) by one change.
Each breaking case asserts the exact list of messages, so a missing rule or a false alarm fails.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel

from heaolu_shared.schema_compat import breaking_changes, check_directory

FIXTURES = Path(__file__).parent / "fixtures" / "schemas"
RECEIVED = "ee.heaolu.intake.report.received.v1"
LINKED = "ee.heaolu.intake.report.linked.v1"


def load(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return result


BASE = load("v1_base")


@pytest.mark.parametrize(
    "variant",
    ["v1_base", "v1_add_optional", "v1_docs_changed", "v1_constraints_loosened"],
)
def test_compatible_changes_are_allowed(variant: str) -> None:
    assert breaking_changes(BASE, load(variant)) == []


@pytest.mark.parametrize(
    ("variant", "expected"),
    [
        pytest.param(
            "v1_remove_required",
            ["properties.municipality: required property removed"],
            id="removing a required property",
        ),
        pytest.param(
            "v1_remove_optional",
            ["properties.channel: optional property removed"],
            id="removing an optional property",
        ),
        pytest.param(
            "v1_new_required",
            ["properties.source_reference: new required property"],
            id="adding a required property",
        ),
        pytest.param(
            "v1_optional_made_required",
            ["properties.channel: optional property made required"],
            id="making an optional property required",
        ),
        pytest.param(
            "v1_required_made_optional",
            ["properties.received_at: required property made optional"],
            id="making a required property optional",
        ),
        pytest.param(
            "v1_type_change",
            ["properties.municipality: type changed from string to integer"],
            id="changing a type",
        ),
        pytest.param(
            "v1_number_to_integer",
            ["properties.triage_score: type changed from number to integer"],
            id="narrowing number to integer",
        ),
        pytest.param(
            "v1_null_added",
            ["properties.received_at: type changed from string to null|string"],
            id="widening with null",
        ),
        pytest.param(
            "v1_enum_removed",
            ["properties.need_level: enum values removed: ['in_danger']"],
            id="removing an enum value",
        ),
        pytest.param(
            "v1_enum_added",
            ["properties.need_level: enum values added: ['unknown']"],
            id="adding an enum value",
        ),
        pytest.param(
            "v1_max_length_lowered",
            ["properties.channel: maxLength lowered from 32 to 16"],
            id="lowering maxLength",
        ),
        pytest.param(
            "v1_min_length_raised",
            ["properties.channel: minLength raised from 1 to 3"],
            id="raising minLength",
        ),
        pytest.param(
            "v1_pattern_changed",
            ["properties.municipality: pattern changed from '^[0-9]{4}$' to '^[0-9]{5}$'"],
            id="changing a pattern",
        ),
        pytest.param(
            "v1_format_changed",
            ["properties.received_at: format changed from 'date-time' to 'date'"],
            id="changing a format",
        ),
        pytest.param(
            "v1_maximum_lowered",
            ["properties.child.properties.age_years: maximum lowered from 17 to 15"],
            id="lowering a maximum",
        ),
        pytest.param(
            "v1_minimum_raised",
            ["properties.triage_score: minimum raised from 0.0 to 0.1"],
            id="raising a minimum",
        ),
        pytest.param(
            "v1_additional_forbidden",
            ["(root): additional properties now forbidden"],
            id="forbidding additional properties",
        ),
        pytest.param(
            "v1_nested_def_change",
            ["properties.child.properties.birth_date: type changed from string to integer"],
            id="changing a referenced definition",
        ),
        pytest.param(
            "v1_items_changed",
            ["properties.tags.items: type changed from string to integer"],
            id="changing array items",
        ),
    ],
)
def test_breaking_changes_are_reported_with_their_path(variant: str, expected: list[str]) -> None:
    assert breaking_changes(BASE, load(variant)) == expected


def test_adding_a_property_where_additional_properties_were_forbidden_is_breaking() -> None:
    old, new = load("v1_additional_forbidden"), load("v1_additional_forbidden_add_optional")
    assert breaking_changes(old, new) == [
        "properties.source_reference: added where additional properties were forbidden"
    ]


def test_compatibility_is_checked_in_both_directions() -> None:
    # Adding an optional property is fine; taking it away again is not.
    assert breaking_changes(load("v1_add_optional"), BASE) == [
        "properties.source_reference: optional property removed"
    ]
    assert breaking_changes(load("v1_constraints_loosened"), BASE) == [
        "properties.channel: maxLength lowered from 64 to 32",
        "properties.channel: minLength 1 added",
        "properties.child.properties.age_years: maximum lowered from 18 to 17",
        "properties.tags.items: maxLength lowered from 80 to 40",
    ]


def _report_schema(birth_date_type: Any) -> dict[str, Any]:
    class Child(BaseModel):
        birth_date: birth_date_type

    class Report(BaseModel):
        child: Child | None = None

    return Report.model_json_schema()


def test_optional_nested_model_is_compared_through_its_nullable_wrapper() -> None:
    assert breaking_changes(_report_schema(date), _report_schema(date)) == []
    assert breaking_changes(_report_schema(date), _report_schema(int)) == [
        "properties.child.anyOf[0].properties.birth_date: type changed from string to integer"
    ]


def _tree_schema(label_type: Any) -> dict[str, Any]:
    class Node(BaseModel):
        label: label_type
        left: Node | None = None
        right: Node | None = None

    return Node.model_json_schema()


def test_self_referencing_models_are_compared_once_per_path() -> None:
    assert breaking_changes(_tree_schema(str), _tree_schema(str)) == []
    assert breaking_changes(_tree_schema(str), _tree_schema(int)) == [
        "properties.label: type changed from string to integer"
    ]


def _model_schema(annotation: Any) -> dict[str, Any]:
    class Payload(BaseModel):
        value: annotation

    return Payload.model_json_schema()


def test_reordering_union_branches_is_compatible() -> None:
    assert breaking_changes(_model_schema(int | str), _model_schema(str | int)) == []


def test_mapping_value_schemas_are_compared() -> None:
    assert breaking_changes(_model_schema(dict[str, int]), _model_schema(dict[str, str])) == [
        "properties.value.additionalProperties: type changed from integer to string"
    ]


def test_literal_values_are_enum_values() -> None:
    old = _model_schema(Literal["in_need", "in_danger"])
    assert breaking_changes(old, _model_schema(Literal["in_need"])) == [
        "properties.value: enum values removed: ['in_danger']"
    ]


def test_restricting_to_fixed_values_or_dropping_the_restriction_is_breaking() -> None:
    free, fixed = _model_schema(str), _model_schema(Literal["in_need", "in_danger"])
    assert breaking_changes(free, fixed) == [
        "properties.value: values now restricted to ['in_need', 'in_danger']"
    ]
    assert breaking_changes(fixed, free) == [
        "properties.value: restriction to ['in_need', 'in_danger'] dropped"
    ]


def test_constraining_or_unconstraining_mapping_values_is_breaking() -> None:
    anything, integers = _model_schema(dict[str, Any]), _model_schema(dict[str, int])
    assert breaking_changes(anything, integers) == [
        "properties.value: additional properties now constrained"
    ]
    assert breaking_changes(integers, anything) == [
        "properties.value: additional properties no longer constrained"
    ]


def test_a_new_property_must_fit_the_old_schema_of_additional_properties() -> None:
    municipality = {"municipality": {"type": "string"}}
    extras = {"type": "string"}
    old = {"type": "object", "properties": municipality, "additionalProperties": extras}
    fits = {**old, "properties": {**municipality, "note": {"type": "string"}}}
    clashes = {**old, "properties": {**municipality, "note": {"type": "integer"}}}
    assert breaking_changes(old, fits) == []
    assert breaking_changes(old, clashes) == [
        "properties.note: type changed from string to integer"
    ]


def test_array_shape_changes_are_breaking() -> None:
    assert breaking_changes(_model_schema(list[str]), _model_schema(set[str])) == [
        "properties.value: items must now be unique"
    ]
    assert breaking_changes(
        _model_schema(tuple[int, str]), _model_schema(tuple[int, str, str])
    ) == [
        "properties.value: minItems raised from 2 to 3",
        "properties.value: prefixItems length changed from 2 to 3",
    ]


class _Child(BaseModel):
    birth_date: date


class _Adult(BaseModel):
    name: str


def test_union_members_are_matched_by_model_and_may_not_come_or_go() -> None:
    both = _model_schema(_Child | _Adult)
    assert breaking_changes(both, _model_schema(_Adult | _Child)) == []
    assert breaking_changes(both, _model_schema(_Child)) == [
        "properties.value.anyOf[1]: union member removed (#/$defs/_Adult)"
    ]
    assert breaking_changes(_model_schema(_Child), both) == [
        "properties.value.anyOf[1]: union member added (#/$defs/_Adult)"
    ]


def test_an_unresolvable_reference_is_an_error() -> None:
    broken = {"type": "object", "properties": {"child": {"$ref": "#/$defs/Missing"}}}
    with pytest.raises(ValueError, match="unresolvable"):
        breaking_changes(broken, broken)


def _commit(directory: Path, event_type: str, schema: dict[str, Any]) -> None:
    (directory / f"{event_type}.json").write_text(json.dumps(schema), encoding="utf-8")


def test_directory_unchanged_is_fine(tmp_path: Path) -> None:
    _commit(tmp_path, RECEIVED, BASE)
    assert check_directory(tmp_path, {RECEIVED: BASE}) == []


def test_directory_compatible_change_is_fine(tmp_path: Path) -> None:
    _commit(tmp_path, RECEIVED, BASE)
    assert check_directory(tmp_path, {RECEIVED: load("v1_add_optional")}) == []


def test_directory_breaking_change_is_reported(tmp_path: Path) -> None:
    _commit(tmp_path, RECEIVED, BASE)
    assert check_directory(tmp_path, {RECEIVED: load("v1_type_change")}) == [
        f"{RECEIVED}: properties.municipality: type changed from string to integer"
    ]


def test_directory_removed_type_is_reported(tmp_path: Path) -> None:
    _commit(tmp_path, RECEIVED, BASE)
    _commit(tmp_path, LINKED, BASE)
    assert check_directory(tmp_path, {RECEIVED: BASE}) == [
        f"{LINKED}: published schema removed (a version may never go away)"
    ]


def test_directory_new_type_is_allowed(tmp_path: Path) -> None:
    _commit(tmp_path, RECEIVED, BASE)
    assert check_directory(tmp_path, {RECEIVED: BASE, LINKED: load("v1_base")}) == []


def test_directory_unreadable_schema_is_reported(tmp_path: Path) -> None:
    (tmp_path / f"{RECEIVED}.json").write_text("{not json", encoding="utf-8")
    problems = check_directory(tmp_path, {RECEIVED: BASE})
    assert len(problems) == 1
    assert problems[0].startswith(f"{RECEIVED}: committed schema is not valid JSON")
