"""Every text and date a request body carries is checked before it reaches a rule or PostgreSQL.

A text field without the control-character check lets a JSON ``\\u0000`` through, which
PostgreSQL refuses in text: the caller got a 500 instead of a 422. A date without a range lets the
year 0001 reach the working-day calendar and the database. So every ``str`` in a request body is
either :class:`~heaolu_shared.text.Bounded` (or one of its named types), restricted by a pattern,
or checked by a validator of its model; every ``date`` and ``datetime`` is one of the ranged types
of :mod:`heaolu_shared.dates`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from heaolu_shared import dates, text
from tests.service_routes import SERVICES, service_routes


def _leaves(annotation: Any, metadata: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """The plain types inside ``annotation``, each with the metadata that applies to it."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        # A nested ``Field(...)`` keeps its constraints in its own metadata.
        flat = [
            m for item in extra for m in (item.metadata if isinstance(item, FieldInfo) else [item])
        ]
        yield from _leaves(base, metadata + tuple(flat))
    elif origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            yield from _leaves(argument, metadata)
    elif origin in (list, set, frozenset, tuple, dict):
        # A collection's own constraints (its length) say nothing of its items.
        for argument in typing.get_args(annotation):
            yield from _leaves(argument, ())
    else:
        yield annotation, metadata


def _checked_text(metadata: tuple[Any, ...]) -> bool:
    for item in metadata:
        if isinstance(item, text.Bounded) or getattr(item, "pattern", None):
            return True
        if isinstance(item, AfterValidator) and item.func is text._no_control_characters:
            return True
    return False


def _ranged(metadata: tuple[Any, ...]) -> bool:
    return any(
        isinstance(item, AfterValidator) and item.func.__module__ == dates.__name__
        for item in metadata
    )


def _validated_fields(model: type[BaseModel]) -> set[str]:
    decorators = model.__pydantic_decorators__
    return {
        name
        for validator in (*decorators.field_validators.values(), *decorators.validators.values())
        for name in validator.info.fields
    }


def _unchecked(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[str]:
    if model in seen:
        return
    seen.add(model)
    validated = _validated_fields(model)
    for name, field in model.model_fields.items():
        yield from _unchecked_field(model, name, field, validated, seen)


def _unchecked_field(
    model: type[BaseModel],
    name: str,
    field: FieldInfo,
    validated: set[str],
    seen: set[type[BaseModel]],
) -> Iterator[str]:
    where = f"{model.__module__}.{model.__qualname__}.{name}"
    for leaf, metadata in _leaves(field.annotation, tuple(field.metadata)):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            yield from _unchecked(leaf, seen)
        elif leaf is str and name not in validated and not _checked_text(metadata):
            yield f"{where}: text without the control-character check"
        elif leaf in (date, datetime) and not _ranged(metadata):
            yield f"{where}: {leaf.__name__} without a range"


@pytest.mark.parametrize("service", SERVICES)
def test_every_text_and_date_of_a_request_body_is_checked(service: str) -> None:
    seen: set[type[BaseModel]] = set()
    unchecked: list[str] = []
    for route in service_routes(service):
        body = route.body_field
        if body is not None:
            unchecked += _unchecked_field(BaseModel, "body", body.field_info, set(), seen)
    assert unchecked == []


def test_the_walk_finds_an_unchecked_text_and_date() -> None:
    class Probe(BaseModel):
        name: str
        when: date
        tags: list[str]
        fine: typing.Annotated[str, text.Bounded(10)]
        also_fine: dates.RecordDatetime | None = None

    found = list(_unchecked(Probe, set()))
    assert [line.rsplit(".", 1)[-1] for line in found] == [
        "name: text without the control-character check",
        "when: date without a range",
        "tags: text without the control-character check",
    ]
