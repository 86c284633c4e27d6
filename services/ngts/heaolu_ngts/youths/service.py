"""The list: import from the register port, and view-only pages."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import SERVICE, require_designated, show_youths
from heaolu_ngts.common.enums import ParticipationStatus, YouthStatus
from heaolu_ngts.common.models import Participation, Youth
from heaolu_ngts.youths.register import YouthRegister
from heaolu_ngts.youths.repository import YouthRepository
from heaolu_ngts.youths.rules import refusal_reason
from heaolu_shared.access import Action
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import WorkingDayCalendar
from heaolu_shared.contracts.ngts import ListImportedV1
from heaolu_shared.errors import Conflict, ResourceNotFound, RuleViolation
from heaolu_shared.outbox import enqueue
from heaolu_shared.pseudonym import pseudonymize

BATCH = 1000
Progress = Callable[[int], None]
"""Told how many more rows of the register's answer were checked."""


async def load_participation(
    session: AsyncSession, participation_id: uuid.UUID, *, for_update: bool = False
) -> Participation:
    found = await session.get(Participation, participation_id, with_for_update=for_update)
    if found is None:
        raise ResourceNotFound(messages.PARTICIPATION_NOT_FOUND)
    return found


async def import_list(
    session: AsyncSession,
    *,
    participation: Participation,
    register: YouthRegister,
    actor: Principal,
    pseudonym_key: str,
    retention_days: int,
    now: datetime,
    calendar: WorkingDayCalendar,
    progress: Progress | None = None,
) -> tuple[int, dict[str, int]]:
    """Check every row of the register's answer, store the youths who qualify in one COPY, and
    return ``(stored, refused by reason)``. The caller's transaction holds all of it."""
    if participation.status == ParticipationStatus.PURGED:
        raise Conflict(messages.LIST_PURGED)
    if participation.status != ParticipationStatus.APPLIED:
        raise Conflict(messages.LIST_ALREADY_IMPORTED)
    if calendar.local_date(now) < participation.query_date:
        raise RuleViolation(messages.LIST_NOT_YET_AVAILABLE)
    municipality, query_date = participation.municipality, participation.query_date
    refused: Counter[str] = Counter()
    seen: set[str] = set()
    records: list[tuple[Any, ...]] = []
    checked = 0
    async for row in register.query(municipality, query_date):
        reason = refusal_reason(row, municipality=municipality, query_date=query_date)
        if reason is None and row.personal_code in seen:
            reason = "duplicate"
        checked += 1
        if progress is not None and checked % BATCH == 0:
            progress(BATCH)
        if reason is not None:
            refused[reason] += 1
            continue
        seen.add(row.personal_code)
        records.append(
            (
                uuid.uuid4(),
                participation.id,
                municipality,
                row.personal_code,
                pseudonymize(row.personal_code, pseudonym_key),
                row.given_name[:100],
                row.family_name[:100],
                row.email,
                row.phone,
                json.dumps(asdict(row.guardian)) if row.guardian else None,
                row.education,
                row.last_employment,
                YouthStatus.LISTED.value,
                1,
            )
        )
    if progress is not None and checked % BATCH:
        progress(checked % BATCH)
    await YouthRepository(session).copy_in(records)
    participation.status = ParticipationStatus.IMPORTED
    participation.imported_at = now
    participation.stored = len(records)
    participation.refused = dict(sorted(refused.items()))
    participation.retention_ends_on = query_date + timedelta(days=retention_days)
    await session.flush()
    await enqueue(
        session,
        ListImportedV1(
            participation_id=participation.id,
            municipality=municipality,
            query_date=query_date,
            imported_at=now,
            stored=len(records),
            refused=participation.refused,
            retention_ends_on=participation.retention_ends_on,
        ),
        subject=str(participation.id),
    )
    await record_access(
        session,
        actor,
        service=SERVICE,
        action="create",
        record_type="ngts_list",
        record_id=str(participation.id),
        subject_pseudonym=None,
        purpose=f"register list import: {len(records)} stored, {sum(refused.values())} refused",
    )
    return len(records), participation.refused


async def page_of_list(
    session: AsyncSession,
    *,
    principal: Principal,
    participation_id: uuid.UUID,
    after: tuple[str, str, uuid.UUID] | None,
    status: str | None,
    limit: int,
    now: datetime,
) -> Sequence[Youth]:
    """One small page of the list, each youth shown counted and audited."""
    participation = await load_participation(session, participation_id)
    decision = await require_designated(
        session, principal, Action.LIST, participation.municipality, now, str(participation.id)
    )
    youths = await YouthRepository(session).page(
        participation_id, after=after, status=status, limit=limit
    )
    await show_youths(
        session,
        principal,
        youths,
        action="list",
        purpose="youth guarantee list",
        decision=decision,
        now=now,
    )
    return youths
