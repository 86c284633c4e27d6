"""The KPIs of an area over a period, and a worker's own caseload figures."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.access import Area
from heaolu_reporting.common.models import ReportFact
from heaolu_reporting.common.periods import Period
from heaolu_reporting.kpis.repository import KpiRepository
from heaolu_reporting.kpis.schemas import AreaOut, Caseload, Definition, Figure, Kpis, PeriodOut
from heaolu_reporting.messages import KPI_DEFINITIONS, PENDING_KPIS, Text


def _figure(name: str, values: dict[str, Any]) -> Figure:
    text = KPI_DEFINITIONS[name]
    return Figure(values=values, definition=Definition(en=text.en, et=text.et))


def _definition(text: Text) -> Definition:
    return Definition(en=text.en, et=text.et)


def share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to three places; ``None`` when there is nothing to divide."""
    return round(part / whole, 3) if whole else None


async def figures(session: AsyncSession, area: Area, period: Period) -> dict[str, Figure]:
    """Every KPI of ``area`` in ``period``."""
    repo = KpiRepository(session)
    by_need = await repo.reports_by(ReportFact.need_level, area, period)
    assessments = await repo.assessments(area, period)
    cases = await repo.cases(area, period)
    breached = await repo.breached_by_kind(area, period)
    clocks = {kind: {"breached": n} for kind, n in breached.items()}
    prelim = clocks.setdefault("preliminary_assessment", {"breached": 0})
    prelim["met"] = assessments["within_term"]
    return {
        "reports_received": _figure(
            "reports_received",
            {
                "total": sum(by_need.values()),
                "by_need_level": by_need,
                "further_reports": (
                    await repo.reports_by(ReportFact.further_report, area, period)
                ).get("True", 0),
            },
        ),
        "preliminary_assessments": _figure(
            "preliminary_assessments",
            assessments
            | {"share_within_term": share(assessments["within_term"], assessments["decided"])},
        ),
        "cases": _figure(
            "cases",
            {
                "opened": cases["opened"],
                "closed": cases["closed"],
                "open_at_end": cases["open_at_end"],
                "opened_by_kind": await repo.cases_by_kind(area, period),
            },
        ),
        "open_cases_per_worker": _figure(
            "open_cases_per_worker",
            {
                "open_cases": cases["open_at_end"],
                "workers": cases["workers"],
                "per_worker": round(cases["open_at_end"] / cases["workers"], 2)
                if cases["workers"]
                else None,
            },
        ),
        "clocks": _figure("clocks", {"by_kind": clocks}),
        "separations": _figure("separations", await repo.removals(area, period)),
        "klat_opinions": _figure("klat_opinions", await repo.klat_opinions(area, period)),
        "ngts_outreach": _figure("ngts_outreach", await repo.youths(area, period)),
        "inquiries": _figure("inquiries", await repo.inquiries(area, period)),
        "placements": _figure(
            "placements", {"by_form": await repo.placements_by_form(area, period)}
        ),
        "decisions": _figure(
            "decisions", {"by_outcome": await repo.decisions_by_outcome(area, period)}
        ),
        "ska_counselling": _figure("ska_counselling", await repo.counselling(area, period)),
        "central_authority": _figure(
            "central_authority",
            {
                # Requests belong to the nation (SKA), not to a municipality or a county.
                "requests": await repo.brussels_requests(period)
                if area.municipalities is None
                else None,
                "municipal_tasks": await repo.brussels_tasks(area, period),
            },
        ),
    }


async def kpis(session: AsyncSession, area: Area, period: Period) -> Kpis:
    return Kpis(
        area=AreaOut(level=area.level.value, code=area.code),
        period=PeriodOut(first=period.first, last=period.last),
        figures=await figures(session, area, period),
        pending={name: _definition(text) for name, text in PENDING_KPIS.items()},
    )


async def caseload(session: AsyncSession, worker: str, period: Period) -> Caseload:
    repo = KpiRepository(session)
    return Caseload(
        period=PeriodOut(first=period.first, last=period.last),
        figures={
            "my_caseload": _figure(
                "my_caseload",
                {
                    "open_cases": await repo.open_cases_of(worker, period),
                    "clocks_breached": await repo.breached_by_kind(None, period, worker),
                },
            )
        },
    )
