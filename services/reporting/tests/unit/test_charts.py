"""The charts' legends name every column in English and Estonian, not by its code."""

from __future__ import annotations

from heaolu_reporting.common.suppression import suppress
from heaolu_reporting.common.tables import COLUMN_NAMES, TABLES
from heaolu_reporting.reports.charts import bar_chart, chart_figure, chart_title


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


def test_the_title_is_english_above_estonian_and_each_line_fits_the_chart() -> None:
    # At the chart's width a line of more than about 85 characters is cut off at both ends, and
    # the longer tables' English and Estonian titles together are longer than that.
    table = suppress(("0663 Rakvere linn",), ("in_need",), ((12,),))
    for spec in TABLES.values():
        drawn = chart_figure(table, chart_title(spec)).axes[0].get_title()
        assert drawn.split("\n") == [spec.title_en, spec.title_et], spec.name
        assert max(len(line) for line in drawn.split("\n")) <= 80, spec.name
