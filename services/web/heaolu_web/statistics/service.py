"""The reporting API's answers as what a reader sees: each KPI with its name and definition in
the reader's language and its values under readable labels (never the API's identifiers), and
each report table beside its chart as an accessible table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from heaolu_web.common import i18n
from heaolu_web.common.i18n import Lang

TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
"""The names of reporting's tables: they become a path here and there, so nothing else is."""

SHARES = ("share_",)
"""Values that are fractions of one, shown as percentages."""


@dataclass(frozen=True)
class FigureRow:
    name: str
    title: str
    definition: str
    values: list[tuple[str, str]]


@dataclass(frozen=True)
class TableRow:
    name: str
    values: list[str]
    total: str


@dataclass(frozen=True)
class ChartTable:
    """A report table: the chart's address on this site and the same figures as rows."""

    name: str
    title: str
    columns: list[str]
    rows: list[TableRow]
    totals: TableRow | None
    chart: str
    withheld: bool


def number(value: Any, lang: Lang, *, share: bool = False) -> str:
    """A figure as written in ``lang``: a decimal comma in Estonian, a share as a percentage,
    a missing value as a dash."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        if share:
            text = f"{value * 100:.1f} %"
        elif isinstance(value, float) and not value.is_integer():
            text = f"{value:.2f}".rstrip("0")
        else:
            text = str(int(value))
        return text.replace(".", ",") if lang == "et" else text
    return str(value)


def value_rows(values: dict[str, Any], lang: Lang, prefix: str = "") -> list[tuple[str, str]]:
    """``{"a": 1, "b": {"c": 2}}`` as ``[("A", "1"), ("B · C", "2")]``: nested counts written
    out with readable labels, in the API's order; an empty group counts as zero."""
    rows: list[tuple[str, str]] = []
    for key, value in values.items():
        name = i18n.label(i18n.FIGURE_VALUES, str(key), lang)
        shown = f"{prefix} · {name}" if prefix else name
        if isinstance(value, dict):
            rows.extend(value_rows(value, lang, shown) if value else [(shown, "0")])
        else:
            rows.append((shown, number(value, lang, share=str(key).startswith(SHARES))))
    return rows


def _definition(definition: Any, lang: Lang) -> str:
    if not isinstance(definition, dict):
        return ""
    return str(definition.get(lang) or definition.get("en") or "")


def figure_rows(answer: Any, lang: Lang) -> list[FigureRow]:
    figures = answer.get("figures") if isinstance(answer, dict) else None
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
                title=i18n.label(i18n.FIGURES, str(name), lang),
                definition=_definition(figure.get("definition"), lang),
                values=value_rows(values, lang) if isinstance(values, dict) else [],
            )
        )
    return rows


def pending_rows(answer: Any, lang: Lang) -> list[tuple[str, str]]:
    """The figures the API cannot compute yet, with what they will mean."""
    pending = answer.get("pending") if isinstance(answer, dict) else None
    if not isinstance(pending, dict):
        return []
    return [(str(name), _definition(text, lang)) for name, text in pending.items()]


def table_names(listing: Any) -> list[str]:
    """The tables reporting lists, only those whose names are safe in a path."""
    if not isinstance(listing, list):
        return []
    names = (t.get("name") for t in listing if isinstance(t, dict))
    return [n for n in names if isinstance(n, str) and TABLE_NAME.fullmatch(n)]


def _cell(value: Any, lang: Lang) -> str:
    return i18n.t("statistics.withheld", lang) if value is None else number(value, lang)


def _row(row: Any, lang: Lang) -> TableRow:
    values = row.get("values") if isinstance(row.get("values"), list) else []
    code = row.get("municipality")
    name = i18n.MUNICIPALITIES.get(code or "") or str(row.get("name") or code or "")
    if code is None:
        name = i18n.t("statistics.total", lang)
    return TableRow(
        name=name, values=[_cell(v, lang) for v in values], total=_cell(row.get("total"), lang)
    )


def chart_table(answer: Any, lang: Lang, query: str) -> ChartTable | None:
    """A report table of the API as rows with readable labels; ``query`` (the period and area
    chosen) goes with the chart's address so the chart shows the same figures."""
    if not isinstance(answer, dict) or not TABLE_NAME.fullmatch(str(answer.get("name", ""))):
        return None
    name = str(answer["name"])
    rows = [_row(r, lang) for r in answer.get("rows") or [] if isinstance(r, dict)]
    totals = answer.get("totals")
    total_row = _row(totals, lang) if isinstance(totals, dict) else None
    everything = [*rows, *([total_row] if total_row else [])]
    withheld = i18n.t("statistics.withheld", lang)
    return ChartTable(
        name=name,
        title=str(answer.get(f"title_{lang}") or answer.get("title_en") or name),
        columns=[i18n.label(i18n.FIGURE_VALUES, str(c), lang) for c in answer.get("columns") or []],
        rows=rows,
        totals=total_row,
        chart=f"/statistics/charts/{name}.svg" + (f"?{query}" if query else ""),
        withheld=any(withheld in (*r.values, r.total) for r in everything),
    )
