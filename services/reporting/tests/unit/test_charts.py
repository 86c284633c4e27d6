"""The charts' legends name every column in English and Estonian, not by its code."""

from __future__ import annotations

from heaolu_reporting.common.suppression import suppress
from heaolu_reporting.common.tables import COLUMN_NAMES, TABLES
from heaolu_reporting.reports.charts import bar_chart, chart_figure


def test_every_column_of_every_table_has_an_english_and_an_estonian_name() -> None:
    for spec in TABLES.values():
        for column in spec.columns:
            english, _, estonian = COLUMN_NAMES[column].partition(" / ")
            assert english and estonian and english != estonian, column


def test_the_legend_shows_the_names_and_the_table_keeps_the_codes() -> None:
    rows = ("0663 Rakvere linn", "0321 Kohtla-Järve linn")
    table = suppress(rows, ("in_need", "in_danger"), ((12, 9), (20, 11)))
    figure = chart_figure(table, "Reports / Teated")

    legend = figure.axes[0].get_legend()
    assert [text.get_text() for text in legend.get_texts()] == [
        "child in need / abivajav laps",
        "child in danger / hädaohus laps",
    ]
    assert table.column_labels == ("in_need", "in_danger")
    assert bar_chart(table, "Reports / Teated").startswith(b"<?xml")


def test_each_title_line_fits_the_chart() -> None:
    # The chart's title is the English title above the Estonian one; at the chart's width a
    # line of more than about 85 characters is cut off at both ends.
    for spec in TABLES.values():
        assert max(len(spec.title_en), len(spec.title_et)) <= 80, spec.name
