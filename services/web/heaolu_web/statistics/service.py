"""The KPI answer of the reporting API as rows of a table: each figure with its definition in
the reader's language and its values (nested counts written out as ``name: value``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heaolu_web.common.i18n import Lang


@dataclass(frozen=True)
class FigureRow:
    name: str
    definition: str
    values: list[tuple[str, str]]


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def flatten(values: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """``{"a": 1, "b": {"c": 2}}`` as ``[("a", "1"), ("b.c", "2")]``, in the API's order."""
    rows: list[tuple[str, str]] = []
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(flatten(value, f"{name}.") if value else [(name, "0")])
        else:
            rows.append((name, _shown(value)))
    return rows


def _definition(definition: Any, lang: Lang) -> str:
    if not isinstance(definition, dict):
        return ""
    return str(definition.get(lang) or definition.get("en") or "")


def figure_rows(answer: dict[str, Any], lang: Lang) -> list[FigureRow]:
    figures = answer.get("figures")
    if not isinstance(figures, dict):
        return []
    rows = []
    for name, figure in figures.items():
        if not isinstance(figure, dict):
            continue
        values = figure.get("values")
        rows.append(
            FigureRow(
                name=str(name),
                definition=_definition(figure.get("definition"), lang),
                values=flatten(values) if isinstance(values, dict) else [],
            )
        )
    return rows


def pending_rows(answer: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The figures the API cannot compute yet, with what they will mean."""
    pending = answer.get("pending")
    if not isinstance(pending, dict):
        return []
    return [(str(name), _definition(text, lang)) for name, text in pending.items()]
