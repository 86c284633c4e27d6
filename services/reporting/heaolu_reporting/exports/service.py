"""Aggregate tables as CSV and XLSX, small cells and their complements withheld.

There is no person-level export: the only things exported are the counts of ``common.tables``,
each through :func:`heaolu_reporting.common.suppression.suppress`.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from heaolu_reporting.common.suppression import Table, suppress
from heaolu_reporting.common.tables import Counts, TableSpec
from heaolu_reporting.messages import SUPPRESSED_MARK

TOTAL = "total / kokku"


def protected(counts: Counts, spec: TableSpec) -> Table:
    if spec.national:
        labels = counts.labels
    else:
        labels = tuple(
            f"{code} {name}" for code, name in zip(counts.rows, counts.labels, strict=True)
        )
    return suppress(labels, counts.columns, counts.counts)


def _rows(table: Table, spec: TableSpec) -> list[list[str | int]]:
    first = "article / artikkel" if spec.national else "municipality / omavalitsus"
    header: list[str | int] = [first, *table.column_labels, TOTAL]
    out = [header]
    for r, label in enumerate((*table.row_labels, TOTAL)):
        row: list[str | int] = [label]
        for c in range(len(table.column_labels) + 1):
            value = table.shown(r, c)
            row.append(SUPPRESSED_MARK if value is None else value)
        out.append(row)
    return out


def to_csv(table: Table, spec: TableSpec) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows(_rows(table, spec))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: Table, spec: TableSpec) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = spec.name[:31]
    sheet.append([f"{spec.title_en} / {spec.title_et}"])
    sheet["A1"].font = Font(bold=True)
    for row in _rows(table, spec):
        sheet.append(row)
    sheet.append([f"{SUPPRESSED_MARK}: 1-4, or withheld so that totals cannot reveal such a count"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
