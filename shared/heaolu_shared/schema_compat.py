"""Breaking-change detection between two JSON Schemas (2020-12, as pydantic v2 writes them).

A published event version (``...v1``) is read by our own consumers and by outside ones (SKA)
who may validate with the schema they downloaded, while producers may run either schema. Within
one version the rule is therefore *full* compatibility: a message valid under the new schema
must still be accepted by a consumer of the old one, and an old message must be valid under the
new schema. In practice a change is **breaking** when it:

- removes a property, required or optional (old consumers may rely on it);
- adds a required property, makes an optional property required, or a required one optional
  (old consumers would reject a message without it);
- changes a property's type in any way: narrowing (``string`` -> ``integer``, ``number`` ->
  ``integer``) or widening (adding ``null``, admitting any type);
- adds or removes enum (or ``const``) values, or adds or drops the restriction to fixed values;
- tightens a constraint: ``maxLength``/``maximum``/``exclusiveMaximum``/``maxItems``/
  ``maxProperties`` lowered or added, their ``min`` counterparts raised or added, ``pattern``,
  ``format`` or ``multipleOf`` added or changed, ``uniqueItems`` switched on;
- forbids additional properties where they were allowed, constrains or unconstrains their
  schema, or adds a property where the old schema forbade additional properties.

Allowed: adding an optional property where the old schema allows additional properties,
changing titles, descriptions, examples and defaults, and loosening a constraint (old messages
stay valid). A consumer validating with the old schema still rejects a value beyond the old
bound, so a producer sends such values only once a new version is published.

``$ref`` is resolved against each schema's own ``$defs``; objects, array ``items`` and
``prefixItems``, ``additionalProperties`` schemas and ``anyOf``/``oneOf`` members are compared
recursively. Union members are matched by definition name and type, so reordering them is
harmless, while adding or removing one is a type change and breaking. A self-referencing
definition is compared once per path. Messages name the path through the properties, e.g.
``properties.child.properties.birth_date: type changed from string to integer``. A breaking
change needs a new version (``v2``) published next to the old one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

Schema = Mapping[str, Any]

_UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
# After resolution only an external ``$ref`` is left, and it is compared as a string.
_EXACT = ("pattern", "format", "multipleOf", "$ref")
_BRANCHES = ("anyOf", "oneOf")
_MAX_REF_CHAIN = 32


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Human-readable breaking changes from ``old`` to ``new``, each naming its JSON path.

    An empty list means every change is compatible within the published version.
    Raises ``ValueError`` when a local ``$ref`` cannot be resolved.
    """
    comparison = _Comparison(old, new)
    comparison.compare(old, new, "", frozenset())
    return comparison.problems


def check_directory(committed_dir: Path, generated: Mapping[str, Schema]) -> list[str]:
    """Problems of the generated schemas against the committed ``<event-type>.json`` files.

    A committed type whose new schema breaks it, whose file is not valid JSON, or that is missing
    from ``generated`` (a published version may never go away) is a problem; a generated type
    that is not committed yet is not. Each problem starts with the event type.
    """
    problems: list[str] = []
    for path in sorted(committed_dir.glob("*.json")):
        event_type = path.name.removesuffix(".json")
        try:
            committed = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(f"{event_type}: committed schema is not valid JSON ({exc})")
            continue
        if event_type not in generated:
            problems.append(f"{event_type}: published schema removed (a version may never go away)")
            continue
        problems += [
            f"{event_type}: {change}"
            for change in breaking_changes(committed, generated[event_type])
        ]
    return problems


class _Comparison:
    """One walk over an old and a new schema, collecting breaking changes."""

    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.problems: list[str] = []

    def _report(self, path: str, message: str) -> None:
        self.problems.append(f"{path or '(root)'}: {message}")

    def compare(
        self,
        old: Schema,
        new: Schema,
        path: str,
        active: frozenset[tuple[str | None, str | None]],
    ) -> None:
        """Compare two subschemas; ``active`` holds the ``$ref`` pairs being compared above."""
        old_resolved, old_ref = _resolve(old, self.old_root)
        new_resolved, new_ref = _resolve(new, self.new_root)
        if old_ref is not None or new_ref is not None:
            if (old_ref, new_ref) in active:
                return
            active = active | {(old_ref, new_ref)}

        old_types = _types(old_resolved, self.old_root)
        new_types = _types(new_resolved, self.new_root)
        if old_types != new_types:
            self._report(path, f"type changed from {'|'.join(old_types)} to {'|'.join(new_types)}")
            return

        self._compare_values(old_resolved, new_resolved, path)
        self._compare_constraints(old_resolved, new_resolved, path)
        old_union, new_union = _union_key(old_resolved), _union_key(new_resolved)
        if old_union is None and new_union is None:
            self._compare_object(old_resolved, new_resolved, path, active)
            self._compare_array(old_resolved, new_resolved, path, active)
            return
        # A schema that is not a union is compared as a union of one member.
        self._compare_branches(
            _join(path, new_union or old_union or ""),
            old_resolved[old_union] if old_union else [old],
            new_resolved[new_union] if new_union else [new],
            active,
        )

    def _compare_values(self, old: Schema, new: Schema, path: str) -> None:
        old_values, new_values = _allowed_values(old), _allowed_values(new)
        if old_values is None and new_values is None:
            return
        if old_values is None:
            self._report(path, f"values now restricted to {new_values}")
        elif new_values is None:
            self._report(path, f"restriction to {old_values} dropped")
        else:
            removed = [v for v in old_values if v not in new_values]
            added = [v for v in new_values if v not in old_values]
            if removed:
                self._report(path, f"enum values removed: {removed}")
            if added:
                self._report(path, f"enum values added: {added}")

    def _compare_constraints(self, old: Schema, new: Schema, path: str) -> None:
        for key in _UPPER_BOUNDS:
            if key not in new:
                continue
            if key not in old:
                self._report(path, f"{key} {new[key]} added")
            elif new[key] < old[key]:
                self._report(path, f"{key} lowered from {old[key]} to {new[key]}")
        for key in _LOWER_BOUNDS:
            if key not in new:
                continue
            if key not in old:
                self._report(path, f"{key} {new[key]} added")
            elif new[key] > old[key]:
                self._report(path, f"{key} raised from {old[key]} to {new[key]}")
        for key in _EXACT:
            if key not in new or new[key] == old.get(key):
                continue
            if key not in old:
                self._report(path, f"{key} {new[key]!r} added")
            else:
                self._report(path, f"{key} changed from {old[key]!r} to {new[key]!r}")
        if new.get("uniqueItems") is True and old.get("uniqueItems") is not True:
            self._report(path, "items must now be unique")

    def _compare_object(
        self,
        old: Schema,
        new: Schema,
        path: str,
        active: frozenset[tuple[str | None, str | None]],
    ) -> None:
        old_props: Mapping[str, Any] = old.get("properties", {})
        new_props: Mapping[str, Any] = new.get("properties", {})
        old_required = set(old.get("required", []))
        new_required = set(new.get("required", []))
        old_extra = old.get("additionalProperties", True)
        new_extra = new.get("additionalProperties", True)

        for name in old_props:
            if name not in new_props:
                kind = "required" if name in old_required else "optional"
                self._report(_join(path, "properties", name), f"{kind} property removed")
        for name, new_prop in new_props.items():
            prop_path = _join(path, "properties", name)
            if name not in old_props:
                if name in new_required:
                    self._report(prop_path, "new required property")
                elif old_extra is False:
                    self._report(prop_path, "added where additional properties were forbidden")
                elif isinstance(old_extra, Mapping):
                    # Old consumers validate the new property against their extras' schema.
                    self.compare(old_extra, new_prop, prop_path, active)
                continue
            if name in new_required and name not in old_required:
                self._report(prop_path, "optional property made required")
            elif name in old_required and name not in new_required:
                self._report(prop_path, "required property made optional")
            self.compare(old_props[name], new_prop, prop_path, active)

        if new_extra is False:
            if old_extra is not False:
                self._report(path, "additional properties now forbidden")
        elif isinstance(new_extra, Mapping):
            if isinstance(old_extra, Mapping):
                self.compare(old_extra, new_extra, _join(path, "additionalProperties"), active)
            elif old_extra is True:
                self._report(path, "additional properties now constrained")
        elif isinstance(old_extra, Mapping):
            self._report(path, "additional properties no longer constrained")

    def _compare_array(
        self,
        old: Schema,
        new: Schema,
        path: str,
        active: frozenset[tuple[str | None, str | None]],
    ) -> None:
        if "items" in old or "items" in new:
            old_items, new_items = old.get("items", True), new.get("items", True)
            items_path = _join(path, "items")
            if isinstance(old_items, Mapping) and isinstance(new_items, Mapping):
                self.compare(old_items, new_items, items_path, active)
            elif _as_schema(old_items) != _as_schema(new_items):
                self._report(items_path, f"changed from {old_items!r} to {new_items!r}")
        old_prefix: Sequence[Any] = old.get("prefixItems", [])
        new_prefix: Sequence[Any] = new.get("prefixItems", [])
        if len(old_prefix) != len(new_prefix):
            self._report(
                path, f"prefixItems length changed from {len(old_prefix)} to {len(new_prefix)}"
            )
            return
        for i, (old_item, new_item) in enumerate(zip(old_prefix, new_prefix, strict=True)):
            self.compare(old_item, new_item, f"{_join(path, 'prefixItems')}[{i}]", active)

    def _compare_branches(
        self,
        path: str,
        old_branches: Sequence[Schema],
        new_branches: Sequence[Schema],
        active: frozenset[tuple[str | None, str | None]],
    ) -> None:
        unmatched = list(range(len(new_branches)))
        for i, old_branch in enumerate(old_branches):
            signature = _types(old_branch, self.old_root)
            candidates = [
                j for j in unmatched if _types(new_branches[j], self.new_root) == signature
            ]
            # Models in a union keep their definition names; prefer the same one.
            same_ref = [
                j for j in candidates if new_branches[j].get("$ref") == old_branch.get("$ref")
            ]
            if not candidates:
                self._report(f"{path}[{i}]", f"union member removed{_ref_note(old_branch)}")
                continue
            match = same_ref[0] if same_ref else candidates[0]
            unmatched.remove(match)
            self.compare(old_branch, new_branches[match], f"{path}[{match}]", active)
        for j in unmatched:
            self._report(f"{path}[{j}]", f"union member added{_ref_note(new_branches[j])}")


def _join(path: str, *parts: str) -> str:
    return ".".join([path, *parts] if path else parts)


def _union_key(schema: Schema) -> str | None:
    return next((key for key in _BRANCHES if key in schema), None)


def _ref_note(schema: Schema) -> str:
    ref = schema.get("$ref")
    return f" ({ref})" if isinstance(ref, str) else ""


def _as_schema(value: Any) -> Any:
    """``True`` and ``{}`` both admit anything."""
    return {} if value is True else value


def _resolve(schema: Schema, root: Schema) -> tuple[Schema, str | None]:
    """Follow local ``$ref``s (and single-branch ``allOf`` wrappers) to the schema they name.

    Returns the schema and the last local reference followed, if any.
    """
    ref_followed: str | None = None
    for _ in range(_MAX_REF_CHAIN):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            schema = _pointer(root, ref)
            ref_followed = ref
            continue
        all_of = schema.get("allOf")
        if (
            isinstance(all_of, list)
            and len(all_of) == 1
            and "type" not in schema
            and "properties" not in schema
        ):
            schema = all_of[0]
            continue
        return schema, ref_followed
    raise ValueError(f"$ref chain longer than {_MAX_REF_CHAIN} (circular?) at {ref_followed!r}")


def _pointer(root: Schema, ref: str) -> Schema:
    node: Any = root
    for raw in ref.removeprefix("#").split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, Mapping) or part not in node:
            raise ValueError(f"unresolvable $ref {ref!r}")
        node = node[part]
    if not isinstance(node, Mapping):
        raise ValueError(f"$ref {ref!r} does not name a schema")
    return node


def _allowed_values(schema: Schema) -> list[Any] | None:
    if "enum" in schema:
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _types(schema: Schema, root: Schema, seen: frozenset[str] = frozenset()) -> list[str]:
    """The sorted JSON types a schema admits (``any`` when unrestricted), for comparison."""
    schema, ref = _resolve(schema, root)
    if ref is not None:
        if ref in seen:
            return []
        seen = seen | {ref}
    if "type" in schema:
        declared = schema["type"]
        return sorted(declared) if isinstance(declared, list) else [str(declared)]
    for key in _BRANCHES:
        if key in schema:
            found: set[str] = set()
            for branch in schema[key]:
                found.update(_types(branch, root, seen))
            return sorted(found)
    values = _allowed_values(schema)
    if values is not None:
        return sorted({_json_type(v) for v in values})
    return ["any"]
