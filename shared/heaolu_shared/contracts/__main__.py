"""``python -m heaolu_shared.contracts {export,check}``: the committed event schemas.

``export`` writes each registered type's JSON Schema to ``schemas/<type>.json`` and the AsyncAPI
document; it refuses to overwrite a published schema with a breaking change. ``check`` fails
when the committed files and the code disagree, or a change would break a published version.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

import heaolu_shared.contracts  # noqa: F401  (registers every event type)
from heaolu_shared.events import registry
from heaolu_shared.schema_compat import check_directory
from heaolu_shared.topics import TOPICS

SCHEMA_DIR = Path(__file__).parent / "schemas"
ASYNCAPI_PATH = Path(__file__).resolve().parents[3] / "docs" / "asyncapi.yaml"
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "events"


def _examples() -> dict[str, list[dict[str, Any]]]:
    """The committed example events (the contract tests validate each), by type."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(EXAMPLES_DIR.glob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8"))
        found.setdefault(event["type"], []).append(
            {"name": path.stem.replace(".", "_"), "payload": event}
        )
    return found


def generated_schemas() -> dict[str, dict[str, Any]]:
    """Every registered type's schema, generated from the code."""
    return {spec.type: registry.json_schema(spec.type) for spec in registry.all()}


def asyncapi_document() -> dict[str, Any]:
    """An AsyncAPI 3 document of the topics and the messages on them."""
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    examples = _examples()
    for topic in TOPICS:
        specs = [s for s in registry.all() if s.topic == topic.name]
        if not specs:
            continue
        channel_id = topic.name.replace(".", "_")
        channel_messages = {}
        for spec in specs:
            message_id = spec.type.replace(".", "_")
            messages[message_id] = {
                "name": spec.type,
                "summary": spec.description,
                "contentType": "application/cloudevents+json",
                "payload": {"$ref": f"../shared/heaolu_shared/contracts/schemas/{spec.type}.json"},
                "bindings": {
                    "kafka": {
                        "key": {
                            "type": "string",
                            "description": "aggregate id (never personal data)",
                        }
                    }
                },
            }
            if spec.type in examples:
                messages[message_id]["examples"] = examples[spec.type]
            channel_messages[message_id] = {"$ref": f"#/components/messages/{message_id}"}
        channels[channel_id] = {
            "address": topic.name,
            "description": topic.description,
            "messages": channel_messages,
            "bindings": {
                "kafka": {
                    "partitions": topic.partitions,
                    "topicConfiguration": {"retention.ms": topic.retention_ms},
                }
            },
        }
        operations[f"receive_{channel_id}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel_id}"},
        }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Heaolu events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 in structured JSON mode; W3C traceparent in headers.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {"local": {"host": "127.0.0.1:19092", "protocol": "kafka"}},
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }


def _dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def check() -> list[str]:
    """Problems between the committed files and the code (empty when in agreement)."""
    generated = generated_schemas()
    problems = check_directory(SCHEMA_DIR, generated)
    for event_type, schema in generated.items():
        path = SCHEMA_DIR / f"{event_type}.json"
        if not path.exists():
            problems.append(f"{event_type}: schema not committed (run `make schemas`)")
        elif path.read_text(encoding="utf-8") != _dump(schema):
            problems.append(
                f"{event_type}: committed schema differs from the code (run `make schemas`)"
            )
    if not ASYNCAPI_PATH.exists() or ASYNCAPI_PATH.read_text(encoding="utf-8") != _asyncapi_text():
        problems.append("docs/asyncapi.yaml differs from the code (run `make schemas`)")
    return problems


def _asyncapi_text() -> str:
    return yaml.safe_dump(asyncapi_document(), sort_keys=False, allow_unicode=True)


def export() -> list[str]:
    """Write the schemas and the AsyncAPI document unless a change breaks a published version."""
    generated = generated_schemas()
    problems = check_directory(SCHEMA_DIR, generated)
    if problems:
        return problems
    SCHEMA_DIR.mkdir(exist_ok=True)
    for event_type, schema in generated.items():
        (SCHEMA_DIR / f"{event_type}.json").write_text(_dump(schema), encoding="utf-8")
    ASYNCAPI_PATH.parent.mkdir(exist_ok=True)
    ASYNCAPI_PATH.write_text(_asyncapi_text(), encoding="utf-8")
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["export", "check"])
    args = parser.parse_args()
    problems = export() if args.command == "export" else check()
    for problem in problems:
        print(problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
