"""The SKA feed's contract leaves no room for free text or exact times."""

from __future__ import annotations

from typing import Any

from heaolu_shared.contracts import ska_feed
from heaolu_shared.contracts.__main__ import asyncapi_document
from heaolu_shared.events import registry

FEED_TYPES = [s for s in registry.all() if s.topic == ska_feed.TOPIC]


def _leaves(schema: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    if "$ref" in schema:
        return _leaves(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        return [leaf for option in schema["anyOf"] for leaf in _leaves(option, defs)]
    return [schema]


def test_every_feed_field_is_a_category_a_pseudonym_a_number_or_a_flag() -> None:
    assert len(FEED_TYPES) >= 9
    for spec in FEED_TYPES:
        schema = registry.json_schema(spec.type)
        for name, field in schema["properties"].items():
            for leaf in _leaves(field, schema.get("$defs", {})):
                kind = leaf.get("type")
                if kind == "string":
                    assert "enum" in leaf or "pattern" in leaf, (spec.type, name)
                    assert "format" not in leaf, (spec.type, name)  # no date-times
                else:
                    assert kind in ("boolean", "integer", "null") or "enum" in leaf, (
                        spec.type,
                        name,
                    )


def test_the_asyncapi_document_has_the_feed_channel_with_examples() -> None:
    channel = asyncapi_document()["channels"]["heaolu_ska-feed_v1"]
    assert channel["address"] == "heaolu.ska-feed.v1"
    messages = asyncapi_document()["components"]["messages"]
    for spec in FEED_TYPES:
        message = messages[spec.type.replace(".", "_")]
        assert message["examples"], spec.type
