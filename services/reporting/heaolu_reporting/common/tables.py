"""The aggregate tables that reports and exports publish: counts by municipality and category."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.access import Area
from heaolu_reporting.common.models import CaseFact, PlacementFact, ReportFact
from heaolu_reporting.common.periods import Period
from heaolu_reporting.common.regions import municipality_name


@dataclass(frozen=True)
class TableSpec:
    """A statutory or operational table: rows are municipalities, columns a category."""

    name: str
    title_en: str
    title_et: str
    columns: tuple[str, ...]
    query: Callable[[Area, Period], Any]


def _area(column: Any, area: Area) -> Any:
    return sa.true() if area.municipalities is None else column.in_(area.municipalities)


def _reports_by_need(area: Area, period: Period) -> Any:
    return (
        sa.select(ReportFact.municipality, ReportFact.need_level, sa.func.count())
        .where(
            _area(ReportFact.municipality, area),
            ReportFact.received_at >= period.start,
            ReportFact.received_at < period.end,
        )
        .group_by(ReportFact.municipality, ReportFact.need_level)
    )


def _cases_by_kind(area: Area, period: Period) -> Any:
    return (
        sa.select(CaseFact.opened_municipality, CaseFact.kind, sa.func.count())
        .where(
            _area(CaseFact.opened_municipality, area),
            CaseFact.opened_at >= period.start,
            CaseFact.opened_at < period.end,
        )
        .group_by(CaseFact.opened_municipality, CaseFact.kind)
    )


def _placements_by_form(area: Area, period: Period) -> Any:
    return (
        sa.select(PlacementFact.municipality, PlacementFact.form, sa.func.count())
        .where(
            _area(PlacementFact.municipality, area),
            PlacementFact.starts_on >= period.first,
            PlacementFact.starts_on <= period.last,
        )
        .group_by(PlacementFact.municipality, PlacementFact.form)
    )


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "reports-by-need-level",
            "Reports about children by need level",
            "Teated lapse kohta abivajaduse taseme järgi",
            ("in_need", "in_danger"),
            _reports_by_need,
        ),
        TableSpec(
            "cases-opened-by-kind",
            "Cases opened by kind",
            "Avatud juhtumid liigi järgi",
            ("child_protection", "social_services"),
            _cases_by_kind,
        ),
        TableSpec(
            "placements-by-form",
            "Substitute-care placements started by form",
            "Alanud asendushooldused vormi järgi",
            ("foster_family", "family_home", "substitute_home"),
            _placements_by_form,
        ),
    )
}


@dataclass(frozen=True)
class Counts:
    rows: tuple[str, ...]
    """EHAK codes."""
    labels: tuple[str, ...]
    """Municipality names."""
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


async def counts(session: AsyncSession, spec: TableSpec, area: Area, period: Period) -> Counts:
    """The table's counts: a row for every municipality of the area that has any."""
    found: dict[str, dict[str, int]] = {}
    for municipality, category, n in (await session.execute(spec.query(area, period))).all():
        if municipality is None or category not in spec.columns:
            continue
        found.setdefault(municipality, {})[category] = int(n)
    rows = tuple(sorted(set(found) | set(area.municipalities or ())))
    return Counts(
        rows,
        tuple(municipality_name(r) for r in rows),
        spec.columns,
        tuple(tuple(found.get(r, {}).get(c, 0) for c in spec.columns) for r in rows),
    )
