"""Charts of the aggregate tables as SVG, drawn by matplotlib (no display, deterministic ids)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure

from heaolu_reporting.common.suppression import Table
from heaolu_reporting.common.tables import COLUMN_NAMES, TableSpec

matplotlib.rcParams["svg.hashsalt"] = "heaolu-reporting"


def chart_title(spec: TableSpec) -> str:
    """The English title above the Estonian one: one line of both is wider than the chart for
    the longer titles, and matplotlib cuts such a line off at both ends."""
    return f"{spec.title_en}\n{spec.title_et}"


def bar_chart(table: Table, title: str) -> bytes:
    """Grouped bars: a group per municipality, a bar per column named in English and Estonian;
    withheld cells are left out and named in the note below the chart."""
    figure = chart_figure(table, title)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_figure(table: Table, title: str) -> Figure:
    """The figure :func:`bar_chart` draws."""
    figure = Figure(figsize=(8, 4.5))
    axes = figure.subplots()
    rows = len(table.row_labels)
    columns = len(table.column_labels)
    width = 0.8 / max(columns, 1)
    withheld = 0
    for c, label in enumerate(table.column_labels):
        xs, heights = [], []
        for r in range(rows):
            value = table.shown(r, c)
            if value is None:
                withheld += 1
                continue
            xs.append(r + c * width)
            heights.append(value)
        axes.bar(xs, heights, width=width, label=COLUMN_NAMES.get(label, label))
    axes.set_xticks([r + width * (columns - 1) / 2 for r in range(rows)], table.row_labels)
    axes.tick_params(axis="x", labelrotation=20)
    axes.set_title(title)
    axes.legend()
    if withheld:
        figure.text(
            0.01, 0.01, f"{withheld} cell(s) < 5 withheld / {withheld} lahtrit < 5 peidetud"
        )
    figure.tight_layout()
    return figure
