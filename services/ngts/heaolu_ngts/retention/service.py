"""The purge of a round's list when its retention ends (ADR 0015).

The youths the municipality is not helping are deleted with everything recorded about them
(contacts, views); the youths being helped stay for their plan and follow-up. The purge is
audited and published as counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.access import SERVICE
from heaolu_ngts.common.enums import ParticipationStatus
from heaolu_ngts.retention.repository import RetentionRepository
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.contracts.ngts import ListPurgedV1
from heaolu_shared.outbox import enqueue
from heaolu_shared.roles import Role

PURGER = Principal(subject="ngts-retention", roles=frozenset({Role.SERVICE}))
"""The actor the audit trail names for the scheduled purge."""


@dataclass(frozen=True)
class Purged:
    lists: int
    deleted: int
    kept: int


async def purge_ended_lists(
    session: AsyncSession,
    *,
    now: datetime,
    calendar: WorkingDayCalendar,
    actor: Principal = PURGER,
    batch: int = 20,
) -> Purged:
    """Purge every list whose retention ended by ``now`` (at most ``batch`` per call)."""
    repository = RetentionRepository(session)
    lists = deleted_total = kept_total = 0
    for participation in await repository.ended(calendar.local_date(now), batch):
        deleted = await repository.delete_not_helped(participation.id)
        kept = await repository.kept(participation.id)
        participation.status = ParticipationStatus.PURGED.value
        participation.purged_at = now
        await session.flush()
        await enqueue(
            session,
            ListPurgedV1(
                participation_id=participation.id,
                municipality=participation.municipality,
                query_date=participation.query_date,
                purged_at=now,
                deleted=deleted,
                kept=kept,
            ),
            subject=str(participation.id),
        )
        await record_access(
            session,
            actor,
            service=SERVICE,
            action="update",
            record_type="ngts_list",
            record_id=str(participation.id),
            subject_pseudonym=None,
            purpose=f"retention ended, list purged: {deleted} deleted, {kept} being helped kept",
        )
        lists += 1
        deleted_total += deleted
        kept_total += kept
    return Purged(lists, deleted_total, kept_total)
