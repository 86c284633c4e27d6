"""Statutory and operational tables, suppressed exactly as their exports are."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.access import Area
from heaolu_reporting.common.periods import Period
from heaolu_reporting.common.suppression import Table, suppress
from heaolu_reporting.common.tables import TableSpec, counts
from heaolu_reporting.reports.schemas import ReportTable, Row


async def table(
    session: AsyncSession, spec: TableSpec, area: Area, period: Period
) -> tuple[Table, tuple[str, ...]]:
    """The suppressed table and the codes of its rows."""
    found = await counts(session, spec, area, period)
    if spec.national:
        labels = found.labels
    else:
        labels = tuple(
            f"{code} {name}" for code, name in zip(found.rows, found.labels, strict=True)
        )
    return suppress(labels, found.columns, found.counts), found.rows


def as_json(
    spec: TableSpec, data: Table, codes: tuple[str, ...], period: Period, chart: str
) -> ReportTable:
    columns = len(data.column_labels)

    def row(r: int, code: str | None, name: str) -> Row:
        return Row(
            municipality=None if spec.national else code,
            code=code,
            name=name,
            values=[data.shown(r, c) for c in range(columns)],
            total=data.shown(r, columns),
        )

    return ReportTable(
        name=spec.name,
        title_en=spec.title_en,
        title_et=spec.title_et,
        first=period.first,
        last=period.last,
        columns=list(data.column_labels),
        rows=[row(r, code, data.row_labels[r]) for r, code in enumerate(codes)],
        totals=row(len(codes), None, "total / kokku"),
        chart=chart,
    )
