"""Breaking-change detection between two JSON Schemas (2020-12, as pydantic v2 writes them).

A published event version (``...v1``) is read by our own consumers and by outside ones (SKA)
who may validate with the schema they downloaded. Within one version, producers and consumers
on either schema must keep understanding each other, so a change is **breaking** when it:

- removes a property (required or optional: old consumers may rely on it);
- adds a required property, or makes an optional one required;
- changes a property's type in any way (narrowing or widening, e.g. adding ``null``);
- adds or removes enum values (old validating consumers reject new values);
- tightens or changes a constraint: ``maxLength``/``maximum``/``maxItems`` lowered,
  ``minLength``/``minimum``/``minItems`` raised, ``pattern`` or ``format`` changed or added;
- forbids additional properties where they were allowed.

Allowed: adding an optional property (unless the old schema forbade additional properties),
descriptions, titles and examples, loosening constraints. ``$ref`` is resolved against each
schema's own ``$defs``; objects, array ``items`` and ``anyOf``/``oneOf`` branches are compared
recursively. A breaking change needs a new version (``v2``) next to the old one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Schema = Mapping[str, Any]

_UPPER_BOUNDS = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_LOWER_BOUNDS = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")
_EXACT = ("pattern", "format", "const", "multipleOf")


def _resolve(schema: Schema, root: Schema) -> Schema:
    seen = 0
    while "$ref" in schema and seen < 32:
        ref = str(schema["$ref"])
        if not ref.startswith("#/"):
            return schema
        node: Any = root
        for part in ref[2:].split("/"):
            node = node[part]
        schema = node
        seen += 1
    return schema


def _types(schema: Schema, root: Schema) -> list[str]:
    """A normalised description of the types a schema admits, for comparison."""
    schema = _resolve(schema, root)
    if "type" in schema:
        t = schema["type"]
        return sorted(t) if isinstance(t, list) else [str(t)]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            found: set[str] = set()
            for branch in schema[key]:
                found.update(_types(branch, root))
            return sorted(found)
    if "enum" in schema:
        return ["enum"]
    if "const" in schema:
        return ["const"]
    return ["any"]


def _compare(
    old: Schema,
    new: Schema,
    old_root: Schema,
    new_root: Schema,
    path: str,
    out: list[str],
    depth: int = 0,
) -> None:
    if depth > 64:
        return
    old = _resolve(old, old_root)
    new = _resolve(new, new_root)
    here = path or "(root)"

    old_types, new_types = _types(old, old_root), _types(new, new_root)
    if old_types != new_types:
        out.append(f"{here}: type changed from {'|'.join(old_types)} to {'|'.join(new_types)}")
        return

    if "enum" in old or "enum" in new:
        removed = [v for v in old.get("enum", []) if v not in new.get("enum", [])]
        added = [v for v in new.get("enum", []) if v not in old.get("enum", [])]
        if removed:
            out.append(f"{here}: enum values removed: {removed}")
        if added:
            out.append(f"{here}: enum values added: {added}")

    for key in _UPPER_BOUNDS:
        if key in new and (key not in old or new[key] < old[key]):
            out.append(f"{here}: {key} tightened from {old.get(key, 'none')} to {new[key]}")
    for key in _LOWER_BOUNDS:
        if key in new and (key not in old or new[key] > old[key]):
            out.append(f"{here}: {key} tightened from {old.get(key, 'none')} to {new[key]}")
    for key in _EXACT:
        if new.get(key) != old.get(key) and key in new:
            out.append(f"{here}: {key} changed from {old.get(key, 'none')!r} to {new[key]!r}")

    old_props: Mapping[str, Any] = old.get("properties", {})
    new_props: Mapping[str, Any] = new.get("properties", {})
    old_required, new_required = set(old.get("required", [])), set(new.get("required", []))
    prefix = f"{path}." if path else ""
    for name in old_props:
        if name not in new_props:
            out.append(f"{prefix}properties.{name}: property removed")
    for name in new_props:
        if name not in old_props:
            if name in new_required:
                out.append(f"{prefix}properties.{name}: new required property")
            elif old.get("additionalProperties") is False:
                out.append(
                    f"{prefix}properties.{name}: added where additional properties were forbidden"
                )
    for name in sorted(new_required & set(old_props) - old_required):
        out.append(f"{prefix}properties.{name}: optional property made required")
    if new.get("additionalProperties") is False and old.get("additionalProperties") is not False:
        out.append(f"{here}: additional properties now forbidden")
    for name in old_props:
        if name in new_props:
            _compare(
                old_props[name],
                new_props[name],
                old_root,
                new_root,
                f"{prefix}properties.{name}",
                out,
                depth + 1,
            )

    if "items" in old and "items" in new:
        _compare(old["items"], new["items"], old_root, new_root, f"{prefix}items", out, depth + 1)
    for key in ("anyOf", "oneOf"):
        old_branches, new_branches = old.get(key, []), new.get(key, [])
        if len(old_branches) == len(new_branches):
            for i, (a, b) in enumerate(zip(old_branches, new_branches, strict=True)):
                _compare(a, b, old_root, new_root, f"{prefix}{key}[{i}]", out, depth + 1)


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Human-readable breaking changes from ``old`` to ``new``, each naming its JSON path."""
    out: list[str] = []
    _compare(old, new, old, new, "", out)
    return out


def check_directory(committed_dir: Path, generated: Mapping[str, Schema]) -> list[str]:
    """Problems of the generated schemas against the committed ``<event-type>.json`` files.

    A committed type whose new schema breaks it, or that disappeared, is a problem; a new type
    that is not committed yet is not.
    """
    problems: list[str] = []
    for path in sorted(committed_dir.glob("*.json")):
        event_type = path.name.removesuffix(".json")
        committed = json.loads(path.read_text(encoding="utf-8"))
        if event_type not in generated:
            problems.append(f"{event_type}: published schema removed (a version may never go away)")
            continue
        problems += [
            f"{event_type}: {c}" for c in breaking_changes(committed, generated[event_type])
        ]
    return problems
