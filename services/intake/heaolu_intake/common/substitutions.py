"""Casework's substitution windows as intake keeps them (from casework's events), so intake
decides a substitute's access as casework does."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common.access import SubstitutionRepository
from heaolu_intake.common.models import Substitution
from heaolu_shared.contracts.casework import SubstitutionEndedV1, SubstitutionRecordedV1


async def follow_substitution(session: AsyncSession, event: SubstitutionRecordedV1) -> None:
    await session.merge(
        Substitution(
            id=event.substitution_id,
            municipality=event.municipality,
            absent=event.absent,
            substitute=event.substitute,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
        )
    )
    await session.flush()


async def end_substitution(session: AsyncSession, event: SubstitutionEndedV1) -> None:
    """An early end shortens the window (never before it started); a later one is ignored."""
    substitution = await SubstitutionRepository(session).get(event.substitution_id)
    if substitution is not None and event.ended_at < substitution.ends_at:
        substitution.ends_at = max(event.ended_at, substitution.starts_at)
        await session.flush()
