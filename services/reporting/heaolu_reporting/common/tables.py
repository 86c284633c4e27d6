"""The aggregate tables that reports and exports publish: counts by row and category.

Rows are municipalities, except in the central authority's national tables, whose rows are the
Brussels IIb articles (a request belongs to no municipality). Columns partition what is counted
(each thing counts in one column), so row and column totals mean something and small-cell
suppression can protect them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.access import Area
from heaolu_reporting.common.models import (
    BrusselsRequestFact,
    BrusselsTaskFact,
    CaseFact,
    CounsellingRequestFact,
    PlacementFact,
    ReportFact,
)
from heaolu_reporting.common.periods import Period
from heaolu_reporting.common.regions import municipality_name

ARTICLES: Mapping[str, str] = {
    "art79": "Art. 79 general tasks / üldülesanded",
    "art80": "Art. 80 report on the child / aruanne lapse kohta",
    "art82": "Art. 82 placement in another state / paigutamine teise riiki",
}
"""The rows of the central authority's tables: the articles of Reg. (EU) 2019/1111."""


COLUMN_NAMES: Mapping[str, str] = {
    "in_need": "child in need / abivajav laps",
    "in_danger": "child in danger / hädaohus laps",
    "child_protection": "child protection / lastekaitse",
    "social_services": "social services / sotsiaalteenused",
    "foster_family": "foster family / hooldusperes",
    "family_home": "family home / perekodus",
    "substitute_home": "substitute home / asenduskodus",
    "answered": "answered / vastatud",
    "closed_without_answer": "closed without an answer / suletud vastuseta",
    "awaiting_answer": "awaiting an answer / ootab vastust",
    "preliminary_assessment": "preliminary assessment / eelhindamine",
    "case": "case / juhtum",
    "incoming": "incoming / sissetulev",
    "outgoing": "outgoing / väljaminev",
    "answered_within_term": "answered within the term / vastatud tähtajaks",
    "answered_late": "answered late / vastatud hilinemisega",
    "reported_within_term": "reported within the term / aruanne tähtajaks",
    "reported_late": "reported late / aruanne hilinemisega",
    "awaiting_report": "awaiting the report / ootab aruannet",
}
"""The tables' columns as people read them, in English and Estonian (the charts' legends); the
JSON keeps the codes."""


@dataclass(frozen=True)
class TableSpec:
    """A statutory or operational table: rows are municipalities (or ``fixed_rows``), columns
    a category."""

    name: str
    title_en: str
    title_et: str
    columns: tuple[str, ...]
    query: Callable[[Area, Period], Any]
    fixed_rows: Mapping[str, str] | None = None
    """Codes and names of the rows of a national table; ``None``: a row per municipality."""

    @property
    def national(self) -> bool:
        """A table of the whole country only (its rows are not municipalities)."""
        return self.fixed_rows is not None


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


def _status(end: Any, done_at: Any, done: str, waiting: str, on_time: Any = None) -> Any:
    """The category of a request at the period's end: done (within term or late) or waiting."""
    finished = sa.and_(done_at.is_not(None), done_at < end)
    if on_time is None:
        return sa.case((finished, done), else_=waiting)
    return sa.case(
        (sa.and_(finished, on_time.is_(True)), f"{done}_within_term"),
        (finished, f"{done}_late"),
        else_=waiting,
    )


def _counselling_by_status(area: Area, period: Period) -> Any:
    c = CounsellingRequestFact
    status = sa.case(
        (sa.and_(c.answered_at.is_not(None), c.answered_at < period.end), "answered"),
        (sa.and_(c.closed_at.is_not(None), c.closed_at < period.end), "closed_without_answer"),
        else_="awaiting_answer",
    )
    return (
        sa.select(c.municipality, status, sa.func.count())
        .where(_area(c.municipality, area), c.opened_at >= period.start, c.opened_at < period.end)
        .group_by(c.municipality, status)
    )


def _counselling_by_record(area: Area, period: Period) -> Any:
    c = CounsellingRequestFact
    return (
        sa.select(c.municipality, c.record_type, sa.func.count())
        .where(_area(c.municipality, area), c.opened_at >= period.start, c.opened_at < period.end)
        .group_by(c.municipality, c.record_type)
    )


def _brussels_by_direction(area: Area, period: Period) -> Any:
    b = BrusselsRequestFact
    return (
        sa.select(b.article, b.direction, sa.func.count())
        .where(b.opened_at >= period.start, b.opened_at < period.end)
        .group_by(b.article, b.direction)
    )


def _brussels_by_answer(area: Area, period: Period) -> Any:
    b = BrusselsRequestFact
    status = _status(period.end, b.answered_at, "answered", "awaiting_answer", b.within_term)
    return (
        sa.select(b.article, status, sa.func.count())
        .where(b.opened_at >= period.start, b.opened_at < period.end)
        .group_by(b.article, status)
    )


def _brussels_tasks(area: Area, period: Period) -> Any:
    t = BrusselsTaskFact
    status = _status(period.end, t.reported_at, "reported", "awaiting_report", t.within_term)
    return (
        sa.select(t.municipality, status, sa.func.count())
        .where(
            _area(t.municipality, area),
            t.assigned_at >= period.start,
            t.assigned_at < period.end,
        )
        .group_by(t.municipality, status)
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
        TableSpec(
            "ska-counselling-by-status",
            "SKA counselling requests opened, by their state at the period's end",
            "SKA nõustamispöördumised seisu järgi perioodi lõpus",
            ("answered", "closed_without_answer", "awaiting_answer"),
            _counselling_by_status,
        ),
        TableSpec(
            "ska-counselling-by-record",
            "SKA counselling requests opened, by what was asked about",
            "SKA nõustamispöördumised küsimuse aluse järgi",
            ("preliminary_assessment", "case"),
            _counselling_by_record,
        ),
        TableSpec(
            "central-authority-requests-by-direction",
            "Brussels IIb requests registered by SKA, by article and direction",
            "SKA registreeritud Brüsseli IIb taotlused artikli ja suuna järgi",
            ("incoming", "outgoing"),
            _brussels_by_direction,
            ARTICLES,
        ),
        TableSpec(
            "central-authority-requests-by-answer",
            "Brussels IIb requests registered, by answer at the period's end",
            "Registreeritud Brüsseli IIb taotlused vastuse järgi perioodi lõpus",
            ("answered_within_term", "answered_late", "awaiting_answer"),
            _brussels_by_answer,
            ARTICLES,
        ),
        TableSpec(
            "central-authority-municipal-tasks",
            "Municipalities' Brussels IIb tasks assigned, by report at the period's end",
            "Omavalitsustele määratud Brüsseli IIb ülesanded aruande järgi perioodi lõpus",
            ("reported_within_term", "reported_late", "awaiting_report"),
            _brussels_tasks,
        ),
    )
}


@dataclass(frozen=True)
class Counts:
    rows: tuple[str, ...]
    """EHAK codes (or the codes of ``fixed_rows``)."""
    labels: tuple[str, ...]
    """Municipality (or row) names."""
    columns: tuple[str, ...]
    counts: tuple[tuple[int, ...], ...]


async def counts(session: AsyncSession, spec: TableSpec, area: Area, period: Period) -> Counts:
    """The table's counts: a row for every municipality of the area that has any (a row for
    each of ``fixed_rows``)."""
    found: dict[str, dict[str, int]] = {}
    for row, category, n in (await session.execute(spec.query(area, period))).all():
        if row is None or category not in spec.columns:
            continue
        found.setdefault(row, {})[category] = int(n)
    if spec.fixed_rows is not None:
        rows = tuple(spec.fixed_rows)
        names = tuple(spec.fixed_rows.values())
    else:
        rows = tuple(sorted(set(found) | set(area.municipalities or ())))
        names = tuple(municipality_name(r) for r in rows)
    return Counts(
        rows,
        names,
        spec.columns,
        tuple(tuple(found.get(r, {}).get(c, 0) for c in spec.columns) for r in rows),
    )
