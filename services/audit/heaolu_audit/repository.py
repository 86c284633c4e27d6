"""Audit's queries."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_audit.models import AnomalyAlert, AuditRecord
from heaolu_shared.pagination import Keyset

OPENING_ACTIONS = ("read", "reveal", "search")
"""What counts as opening a person's data for the anomaly limit: creating a report does not,
and neither does a person's name shown on a worklist (``list``, ADR 0011)."""

NEWEST_FIRST: Keyset[AuditRecord] = Keyset(
    columns=(AuditRecord.seq,), types=(int,), key=lambda r: (r.seq,), descending=True
)
NEWEST_ALERTS: Keyset[AnomalyAlert] = Keyset(
    columns=(AnomalyAlert.created_at, AnomalyAlert.id),
    types=(datetime, uuid.UUID),
    key=lambda a: (a.created_at, a.id),
    descending=True,
)

ONE_HOUR = timedelta(hours=1)

CHAIN_LOCK = 0x4155_4449_5443_4841
"""Advisory lock serialising appends, so each row links to the one before it."""


APPEND_COLUMNS = {
    "seq": "bigint",
    "event_id": "uuid",
    "service": "text",
    "occurred_at": "timestamptz",
    "actor_subject": "text",
    "actor_username": "text",
    "actor_role": "text",
    "actor_institution": "text",
    "on_behalf_of": "text",
    "subject_pseudonym": "text",
    "record_type": "text",
    "record_id": "text",
    "action": "text",
    "purpose": "text",
    "request_id": "text",
    "actor_sealed": "text",
    "withheld_from_subject": "boolean",
    "prev_hash": "text",
    "hash": "text",
}
APPEND_ROWS = sa.text(
    f"INSERT INTO audit_record ({', '.join(APPEND_COLUMNS)}) SELECT * FROM unnest("  # noqa: S608
    + ", ".join(f"CAST(:{name} AS {kind}[])" for name, kind in APPEND_COLUMNS.items())
    + ")"
)
"""Chain rows inserted from one array per column: one statement whose text, unlike a multi-row
``VALUES`` insert, is the same for every batch size, so it is prepared once."""

DISTINCT_SUBJECTS_AT = sa.text(
    """
    SELECT probe.position, count(DISTINCT record.subject_pseudonym)
    FROM unnest(CAST(:actors AS text[]), CAST(:moments AS timestamptz[]))
        WITH ORDINALITY AS probe (actor, moment, position)
    JOIN audit_record AS record
        ON record.actor_subject = probe.actor
        AND record.occurred_at > probe.moment - interval '1 hour'
        AND record.occurred_at <= probe.moment
        AND record.subject_pseudonym IS NOT NULL
        AND record.action = ANY(CAST(:actions AS text[]))
    GROUP BY probe.position
    """
)


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_chain(self) -> None:
        await self.session.execute(sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK)))

    async def last(self) -> tuple[int, str] | None:
        row = (
            await self.session.execute(
                sa.select(AuditRecord.seq, AuditRecord.hash)
                .order_by(AuditRecord.seq.desc())
                .limit(1)
            )
        ).first()
        return (row.seq, row.hash) if row else None

    async def add_many(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert chain rows with one statement (the same text for any number of rows)."""
        await self.session.execute(
            APPEND_ROWS, {column: [row[column] for row in rows] for column in APPEND_COLUMNS}
        )

    async def stream(self, batch: int = 1000) -> AsyncIterator[AuditRecord]:
        """Every record in chain order, in batches."""
        after = 0
        while True:
            rows = (
                await self.session.scalars(
                    sa.select(AuditRecord)
                    .where(AuditRecord.seq > after)
                    .order_by(AuditRecord.seq)
                    .limit(batch)
                )
            ).all()
            if not rows:
                return
            for row in rows:
                yield row
            after = rows[-1].seq
            self.session.expunge_all()

    async def distinct_subjects_at(self, probes: Sequence[tuple[str, datetime]]) -> list[int]:
        """For each ``(actor, moment)``: how many distinct persons the actor opened in the hour
        up to that moment, all in one query."""
        rows = await self.session.execute(
            DISTINCT_SUBJECTS_AT,
            {
                "actors": [actor for actor, _ in probes],
                "moments": [moment for _, moment in probes],
                "actions": list(OPENING_ACTIONS),
            },
        )
        counts = {int(position): int(count) for position, count in rows}
        return [counts.get(i, 0) for i in range(1, len(probes) + 1)]

    async def add_alert_once(
        self, *, actor: str, window_start: datetime, distinct: int, limit: int
    ) -> uuid.UUID | None:
        return await self.session.scalar(
            pg_insert(AnomalyAlert)
            .values(
                id=uuid.uuid4(),
                actor_subject=actor,
                window_start=window_start,
                distinct_subjects=distinct,
                limit=limit,
            )
            .on_conflict_do_nothing(constraint="uq_alert_window")
            .returning(AnomalyAlert.id)
        )

    async def search(
        self,
        *,
        actor: str | None = None,
        subject: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        cursor: str | None = None,
        limit: int = 100,
        for_subject: bool = False,
    ) -> tuple[list[AuditRecord], str | None]:
        """Records matching every given filter, newest first, one page; ``for_subject``: only
        those the person may see in their own access log."""
        query = sa.select(AuditRecord)
        if for_subject:
            query = query.where(AuditRecord.withheld_from_subject.is_(False))
        if actor is not None:
            query = query.where(AuditRecord.actor_subject == actor)
        if subject is not None:
            query = query.where(AuditRecord.subject_pseudonym == subject)
        if since is not None:
            query = query.where(AuditRecord.occurred_at >= since)
        if until is not None:
            query = query.where(AuditRecord.occurred_at < until)
        fetched = (await self.session.scalars(NEWEST_FIRST.apply(query, cursor, limit))).all()
        return NEWEST_FIRST.page(fetched, limit)

    async def alerts(
        self, *, cursor: str | None = None, limit: int = 100
    ) -> tuple[list[AnomalyAlert], str | None]:
        query = sa.select(AnomalyAlert)
        fetched = (await self.session.scalars(NEWEST_ALERTS.apply(query, cursor, limit))).all()
        return NEWEST_ALERTS.page(fetched, limit)


def hour_window(at: datetime) -> datetime:
    return at.replace(minute=0, second=0, microsecond=0)
