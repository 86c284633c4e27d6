"""The KPI queries: counts over the fact tables, for an area and a period."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.access import Area
from heaolu_reporting.common.models import (
    AssessmentFact,
    BrusselsRequestFact,
    BrusselsTaskFact,
    CaseFact,
    CounsellingRequestFact,
    DeadlineFact,
    DecisionFact,
    InquiryFact,
    KlatOpinionFact,
    PlacementFact,
    RemovalFact,
    ReportFact,
    YouthFact,
)
from heaolu_reporting.common.periods import Period


def _local_day(column: Any) -> Any:
    return sa.cast(sa.func.timezone("Europe/Tallinn", column), sa.Date)


def _in(column: Any, area: Area) -> Any:
    return sa.true() if area.municipalities is None else column.in_(area.municipalities)


def _during(column: Any, period: Period) -> Any:
    return sa.and_(column >= period.start, column < period.end)


def _median_days(start: Any, end: Any) -> Any:
    """The median time from ``start`` to ``end`` in days (fractions kept)."""
    return sa.func.percentile_cont(0.5).within_group(sa.func.extract("epoch", end - start) / 86400)


def _days(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None


class KpiRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _counts(self, statement: Any) -> dict[str, int]:
        return {str(k): int(n) for k, n in (await self.session.execute(statement)).all()}

    async def reports_by(self, column: Any, area: Area, period: Period) -> dict[str, int]:
        return await self._counts(
            sa.select(column, sa.func.count())
            .where(_in(ReportFact.municipality, area), _during(ReportFact.received_at, period))
            .group_by(column)
        )

    async def assessments(self, area: Area, period: Period) -> dict[str, Any]:
        days = _local_day(AssessmentFact.decided_at) - _local_day(ReportFact.received_at)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.count().filter(AssessmentFact.late.is_(False)),
                    sa.func.percentile_cont(0.5).within_group(days),
                )
                .select_from(AssessmentFact)
                .outerjoin(ReportFact, ReportFact.report_id == AssessmentFact.report_id)
                .where(
                    _in(AssessmentFact.municipality, area),
                    _during(AssessmentFact.decided_at, period),
                )
            )
        ).one()
        outcomes = await self._counts(
            sa.select(AssessmentFact.outcome, sa.func.count())
            .where(
                _in(AssessmentFact.municipality, area), _during(AssessmentFact.decided_at, period)
            )
            .group_by(AssessmentFact.outcome)
        )
        return {
            "decided": int(row[0]),
            "within_term": int(row[1]),
            "median_days": float(row[2]) if row[2] is not None else None,
            "by_outcome": outcomes,
        }

    def _open_at_end(self, area: Area, period: Period) -> Any:
        return sa.and_(
            _in(CaseFact.municipality, area),
            CaseFact.opened_at < period.end,
            sa.or_(CaseFact.closed_at.is_(None), CaseFact.closed_at >= period.end),
        )

    async def cases(self, area: Area, period: Period) -> dict[str, int]:
        opened = sa.and_(
            _in(CaseFact.opened_municipality, area), _during(CaseFact.opened_at, period)
        )
        closed = sa.and_(
            _in(CaseFact.closed_municipality, area), _during(CaseFact.closed_at, period)
        )
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(opened),
                    sa.func.count().filter(closed),
                    sa.func.count().filter(self._open_at_end(area, period)),
                    sa.func.count(sa.distinct(CaseFact.assignee)).filter(
                        self._open_at_end(area, period)
                    ),
                )
            )
        ).one()
        return {"opened": row[0], "closed": row[1], "open_at_end": row[2], "workers": row[3]}

    async def cases_by_kind(self, area: Area, period: Period) -> dict[str, int]:
        return await self._counts(
            sa.select(CaseFact.kind, sa.func.count())
            .where(_in(CaseFact.opened_municipality, area), _during(CaseFact.opened_at, period))
            .group_by(CaseFact.kind)
        )

    async def breached_by_kind(
        self, area: Area | None, period: Period, assignee: str | None = None
    ) -> dict[str, int]:
        where = [DeadlineFact.breached.is_(True), _during(DeadlineFact.due_at, period)]
        if area is not None:
            where.append(_in(DeadlineFact.municipality, area))
        if assignee is not None:
            where.append(DeadlineFact.assignee == assignee)
        return await self._counts(
            sa.select(DeadlineFact.kind, sa.func.count()).where(*where).group_by(DeadlineFact.kind)
        )

    async def removals(self, area: Area, period: Period) -> dict[str, int]:
        in_72h = RemovalFact.filed_at <= RemovalFact.separated_at + sa.text("interval '72 hours'")
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count(),
                    sa.func.count().filter(RemovalFact.filed_at.is_not(None)),
                    sa.func.count().filter(RemovalFact.filed_within_target.is_(True)),
                    sa.func.count().filter(in_72h),
                ).where(
                    _in(RemovalFact.municipality, area),
                    _during(RemovalFact.separated_at, period),
                    RemovalFact.legal_ground.is_not(None),
                )
            )
        ).one()
        return {
            "total": row[0],
            "court_filed": row[1],
            "filed_within_target": row[2],
            "filed_within_72_hours": row[3],
        }

    async def klat_opinions(self, area: Area, period: Period) -> dict[str, int]:
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(_during(KlatOpinionFact.requested_at, period)),
                    sa.func.count().filter(_during(KlatOpinionFact.answered_at, period)),
                    sa.func.count().filter(
                        _during(KlatOpinionFact.answered_at, period),
                        KlatOpinionFact.within_term.is_(True),
                    ),
                ).where(_in(KlatOpinionFact.municipality, area))
            )
        ).one()
        return {"requested": row[0], "answered": row[1], "answered_within_30_days": row[2]}

    async def youths(self, area: Area, period: Period) -> dict[str, int]:
        answered = _during(YouthFact.answered_at, period)
        recorded = _during(YouthFact.recorded_at, period)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(answered, YouthFact.answer != "no_answer"),
                    sa.func.count().filter(answered, YouthFact.answer == "wants_help"),
                    sa.func.count().filter(
                        sa.or_(
                            sa.and_(answered, YouthFact.answer == "does_not_want_help"),
                            sa.and_(recorded, YouthFact.outcome == "declined"),
                        )
                    ),
                    sa.func.count().filter(recorded, YouthFact.helped.is_(True)),
                ).where(_in(YouthFact.municipality, area))
            )
        ).one()
        return {"reached": row[0], "wants_help": row[1], "declined": row[2], "helped": row[3]}

    async def inquiries(self, area: Area, period: Period) -> dict[str, int]:
        answered = _during(InquiryFact.answered_at, period)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(_during(InquiryFact.received_at, period)),
                    sa.func.count().filter(answered),
                    sa.func.count().filter(answered, InquiryFact.on_time.is_(True)),
                ).where(_in(InquiryFact.municipality, area))
            )
        ).one()
        return {"received": row[0], "answered": row[1], "answered_within_5_working_days": row[2]}

    async def placements_by_form(self, area: Area, period: Period) -> dict[str, int]:
        return await self._counts(
            sa.select(PlacementFact.form, sa.func.count())
            .where(
                _in(PlacementFact.municipality, area),
                PlacementFact.form.is_not(None),
                PlacementFact.starts_on >= period.first,
                PlacementFact.starts_on <= period.last,
            )
            .group_by(PlacementFact.form)
        )

    async def decisions_by_outcome(self, area: Area, period: Period) -> dict[str, int]:
        return await self._counts(
            sa.select(DecisionFact.outcome, sa.func.count())
            .where(_in(DecisionFact.municipality, area), _during(DecisionFact.issued_at, period))
            .group_by(DecisionFact.outcome)
        )

    async def counselling(self, area: Area, period: Period) -> dict[str, Any]:
        c = CounsellingRequestFact
        answered = _during(c.answered_at, period)
        closed = _during(c.closed_at, period)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(_during(c.opened_at, period)),
                    sa.func.count().filter(answered),
                    sa.func.count().filter(closed),
                    sa.func.count().filter(
                        closed, sa.or_(c.answered_at.is_(None), c.answered_at > c.closed_at)
                    ),
                    sa.func.count().filter(
                        c.opened_at < period.end,
                        sa.or_(c.closed_at.is_(None), c.closed_at >= period.end),
                    ),
                    _median_days(c.opened_at, c.answered_at).filter(answered),
                ).where(_in(c.municipality, area))
            )
        ).one()
        by_record = await self._counts(
            sa.select(c.record_type, sa.func.count())
            .where(_in(c.municipality, area), _during(c.opened_at, period))
            .group_by(c.record_type)
        )
        return {
            "requested": row[0],
            "requested_about": by_record,
            "answered": row[1],
            "closed": row[2],
            "closed_without_answer": row[3],
            "open_at_end": row[4],
            "median_days_to_first_answer": _days(row[5]),
        }

    async def brussels_requests(self, period: Period) -> dict[str, Any]:
        b = BrusselsRequestFact
        answered = _during(b.answered_at, period)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(_during(b.opened_at, period)),
                    sa.func.count().filter(answered),
                    sa.func.count().filter(answered, b.within_term.is_(True)),
                    sa.func.count().filter(
                        b.opened_at < period.end,
                        sa.or_(b.answered_at.is_(None), b.answered_at >= period.end),
                    ),
                    _median_days(b.opened_at, b.answered_at).filter(answered),
                )
            )
        ).one()
        opened = _during(b.opened_at, period)
        return {
            "opened": row[0],
            "opened_by_article": await self._counts(
                sa.select(b.article, sa.func.count()).where(opened).group_by(b.article)
            ),
            "opened_by_direction": await self._counts(
                sa.select(b.direction, sa.func.count()).where(opened).group_by(b.direction)
            ),
            "answered": row[1],
            "answered_within_term": row[2],
            "awaiting_answer_at_end": row[3],
            "median_days_to_answer": _days(row[4]),
        }

    async def brussels_tasks(self, area: Area, period: Period) -> dict[str, int]:
        t = BrusselsTaskFact
        reported = _during(t.reported_at, period)
        row = (
            await self.session.execute(
                sa.select(
                    sa.func.count().filter(_during(t.assigned_at, period)),
                    sa.func.count().filter(reported),
                    sa.func.count().filter(reported, t.within_term.is_(True)),
                ).where(_in(t.municipality, area))
            )
        ).one()
        return {
            "tasks_assigned": row[0],
            "tasks_reported": row[1],
            "tasks_reported_within_term": row[2],
        }

    async def open_cases_of(self, assignee: str, period: Period) -> int:
        return int(
            await self.session.scalar(
                sa.select(sa.func.count()).where(
                    CaseFact.assignee == assignee,
                    CaseFact.opened_at < period.end,
                    sa.or_(CaseFact.closed_at.is_(None), CaseFact.closed_at >= period.end),
                )
            )
            or 0
        )
