"""Every write of the fact store: idempotent upserts, tolerant of events arriving out of order.

Statements take their values as parameters (``excluded`` in the upsert) and the upserts are
written once per shape (:mod:`heaolu_shared.statements`); a rebuild replays thousands of events a
second through them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import ArchivedEvent, Base, CaseFact
from heaolu_shared.statements import upsert, write


def _upsert(model: type[Base], columns: tuple[str, ...], changed: tuple[str, ...]) -> Any:
    """``INSERT ... ON CONFLICT`` of ``columns`` on the primary key: update ``changed`` (none:
    keep the row)."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    keys = tuple(c.name for c in table.primary_key.columns)
    return upsert(table, columns, keys, update=changed)


_ARCHIVE = sa.text(
    """
    INSERT INTO fact_event (event_id, event_type, data)
    SELECT event_id, event_type, CAST(data AS jsonb)
    FROM unnest(
        CAST(:event_ids AS uuid[]), CAST(:event_types AS text[]), CAST(:data AS text[])
    ) WITH ORDINALITY AS batch (event_id, event_type, data, position)
    ORDER BY position
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id
    """
).columns(ArchivedEvent.__table__.c.event_id)
"""A batch of events archived in their order with one statement, whose text never changes with
the batch's size; returns the ids that were new."""


class FactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def archive(
        self, events: Sequence[tuple[uuid.UUID, str, dict[str, Any]]]
    ) -> set[uuid.UUID]:
        """Keep the minimised events (id, type, data) in their order, with one statement; the
        ids of those not archived before (the rest are replays)."""
        if not events:
            return set()
        inserted = await self.session.scalars(
            _ARCHIVE,
            {
                "event_ids": [event_id for event_id, _, _ in events],
                "event_types": [event_type for _, event_type, _ in events],
                "data": [json.dumps(data) for _, _, data in events],
            },
        )
        return set(inserted)

    async def put(self, model: type[Base], values: dict[str, Any], *, update: bool = True) -> None:
        """Insert a fact; on a second delivery overwrite it with the same values (or keep it)."""
        keys = {c.name for c in sa.inspect(model).primary_key}
        changed = tuple(k for k in values if k not in keys) if update else ()
        await write(self.session, _upsert(model, tuple(values), changed), values)

    async def update_case(
        self, case_id: uuid.UUID, municipality: str, *, move: bool = False, **values: Any
    ) -> None:
        """Set fields of a case, creating its row when the opening has not arrived yet;
        ``move`` gives the case to ``municipality``."""
        changed = (*values, "municipality") if move else tuple(values)
        row = {"case_id": case_id, "municipality": municipality, **values}
        await write(self.session, _upsert(CaseFact, tuple(row), changed), row)

    async def earliest(
        self, model: type[Base], key: dict[str, Any], column: str, value: Any
    ) -> None:
        """Set ``column`` to ``value`` unless it already holds an earlier time (order-free)."""
        condition = sa.and_(*(getattr(model, k) == v for k, v in key.items()))
        current = getattr(model, column)
        await write(
            self.session,
            sa.update(model)
            .where(condition, sa.or_(current.is_(None), current > value))
            .values({column: value}),
            {},
        )

    async def mark(self, model: type[Base], key: dict[str, Any], **values: Any) -> None:
        """Set flags on an existing fact (no row: nothing to mark)."""
        condition = sa.and_(*(getattr(model, k) == v for k, v in key.items()))
        await write(self.session, sa.update(model).where(condition).values(**values), {})
