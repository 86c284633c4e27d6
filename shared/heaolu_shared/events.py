"""The CloudEvents 1.0 envelope and the event-type registry.

Each event type is a pydantic model registered with its type string
(``ee.heaolu.<service>.<entity>.<verb>.v<N>``) and the topic of its producing service. The
registry exports JSON Schema files that are committed (``heaolu_shared/contracts/schemas``) and
checked for breaking changes, and it validates incoming payloads by type.
"""

from __future__ import annotations

import builtins
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

EVENT_TYPE_PATTERN = re.compile(r"^ee\.heaolu\.[a-z]+(\.[a-z_]+){2}\.v[1-9][0-9]*$")
SCHEMA_BASE = "https://heaolu.ee/schemas/events/"
CLOUDEVENTS_CONTENT_TYPE = "application/cloudevents+json"


class EventPayload(BaseModel):
    """Base of every event payload.

    Consumers are tolerant readers: unknown fields are ignored, so a producer may add an optional
    field within a published version without breaking anyone (the schema check enforces the rest).
    """

    model_config = ConfigDict(extra="ignore", frozen=True)


class CloudEvent(BaseModel):
    """A CloudEvents 1.0 event in structured JSON mode."""

    model_config = ConfigDict(extra="forbid")

    specversion: Literal["1.0"] = "1.0"
    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    source: str
    type: str = Field(pattern=EVENT_TYPE_PATTERN.pattern)
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    subject: str | None = None
    """The aggregate's id. Never personal data."""
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    data: dict[str, Any]


P = TypeVar("P", bound=EventPayload)


@dataclass(frozen=True)
class EventSpec:
    """What the registry knows of one event type."""

    type: str
    model: builtins.type[EventPayload]
    topic: str
    producer: str
    description: str

    @property
    def dataschema(self) -> str:
        return f"{SCHEMA_BASE}{self.type}.json"


class UnknownEventType(LookupError):
    """An event's type is not in the registry."""


class EventRegistry:
    """Event types by type string."""

    def __init__(self) -> None:
        self._specs: dict[str, EventSpec] = {}
        self._by_model: dict[type[EventPayload], EventSpec] = {}
        """The spec each model was first registered under: :meth:`spec_for` is called for every
        event enqueued (two for each report created)."""

    def register(
        self, event_type: str, *, topic: str, producer: str
    ) -> Callable[[type[P]], type[P]]:
        """Class decorator registering a payload model under ``event_type``."""
        if not EVENT_TYPE_PATTERN.match(event_type):
            raise ValueError(f"event type {event_type!r} does not follow the naming rule")

        def decorate(model: type[P]) -> type[P]:
            if event_type in self._specs:
                raise ValueError(f"event type {event_type} registered twice")
            spec = EventSpec(event_type, model, topic, producer, (model.__doc__ or "").strip())
            self._specs[event_type] = spec
            self._by_model.setdefault(model, spec)
            return model

        return decorate

    def spec(self, event_type: str) -> EventSpec:
        """The spec of ``event_type``; :class:`UnknownEventType` when not registered."""
        try:
            return self._specs[event_type]
        except KeyError:
            raise UnknownEventType(event_type) from None

    def spec_for(self, model: type[EventPayload]) -> EventSpec:
        """The spec under which ``model`` is registered (the first, if under several)."""
        try:
            return self._by_model[model]
        except KeyError:
            raise UnknownEventType(model.__name__) from None

    def all(self) -> list[EventSpec]:
        """Every registered spec, sorted by type."""
        return [self._specs[k] for k in sorted(self._specs)]

    def json_schema(self, event_type: str) -> dict[str, Any]:
        """The JSON Schema (2020-12) of the payload of ``event_type``."""
        spec = self.spec(event_type)
        schema: dict[str, Any] = spec.model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = spec.dataschema
        return schema

    def envelope(
        self,
        payload: EventPayload,
        *,
        subject: str,
        event_id: uuid.UUID | None = None,
        source: str | None = None,
    ) -> CloudEvent:
        """Wrap ``payload`` in a CloudEvent of its registered type.

        ``source`` names the producing service when a type is produced by several (audit records).
        """
        spec = self.spec_for(type(payload))
        return CloudEvent(
            id=event_id or uuid.uuid4(),
            source=f"/heaolu/{source or spec.producer}",
            type=spec.type,
            subject=subject,
            dataschema=spec.dataschema,
            data=payload.model_dump(mode="json"),
        )

    def parse(self, event: CloudEvent) -> EventPayload:
        """Validate an event's data against its registered model."""
        payload: EventPayload = self.spec(event.type).model.model_validate(event.data)
        return payload


registry = EventRegistry()
"""The project-wide registry; contract modules register into it on import."""
