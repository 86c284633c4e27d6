"""Queries every feature needs: the running document number, case plans known from casework."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_court.common.models import ApprovedCasePlan, court_number_seq


async def next_number(session: AsyncSession, prefix: str, municipality: str, year: int) -> str:
    """A document number such as ``HK-0663/2026/000042``."""
    value = int(await session.scalar(sa.select(court_number_seq.next_value())) or 0)
    return f"{prefix}-{municipality}/{year}/{value:06d}"


async def remember_case_plan(
    session: AsyncSession,
    *,
    case_id: uuid.UUID,
    case_plan_id: uuid.UUID,
    municipality: str,
    revision: int,
    approved_at: datetime,
    subject_pseudonym: str | None,
) -> None:
    """Keep the newest approved plan of a case (events may arrive out of order)."""
    statement = pg_insert(ApprovedCasePlan).values(
        case_id=case_id,
        case_plan_id=case_plan_id,
        municipality=municipality,
        revision=revision,
        approved_at=approved_at,
        subject_pseudonym=subject_pseudonym,
    )
    excluded = statement.excluded
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["case_id"],
            set_={
                "case_plan_id": excluded.case_plan_id,
                "municipality": excluded.municipality,
                "revision": excluded.revision,
                "approved_at": excluded.approved_at,
                "subject_pseudonym": excluded.subject_pseudonym,
            },
            where=ApprovedCasePlan.approved_at <= excluded.approved_at,
        )
    )


async def approved_case_plan(session: AsyncSession, case_id: uuid.UUID) -> ApprovedCasePlan | None:
    return await session.get(ApprovedCasePlan, case_id)
