"""Every write of the fact store: idempotent upserts, tolerant of events arriving out of order.

Statements take their values as parameters (``excluded`` in the upsert) and the upserts are
written once per shape (:mod:`heaolu_shared.statements`); a rebuild replays thousands of events a
second through them.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import ArchivedEvent, Base, CaseFact
from heaolu_shared.statements import upsert


def _upsert(model: type[Base], columns: tuple[str, ...], changed: tuple[str, ...]) -> Any:
    """``INSERT ... ON CONFLICT`` of ``columns``: update ``changed`` (none: keep the row); an
    archived event returns its id when it was new."""
    table: sa.Table = model.__table__  # type: ignore[assignment]
    keys = tuple(c.name for c in table.primary_key.columns)
    archive = model is ArchivedEvent
    return upsert(
        table,
        columns,
        ("event_id",) if archive else keys,
        update=changed,
        returning=keys if archive else (),
    )


class FactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def archive(self, event_id: uuid.UUID, event_type: str, data: dict[str, Any]) -> bool:
        """Keep the minimised event; ``False`` when it was archived before (a replay)."""
        row = {"event_id": event_id, "event_type": event_type, "data": data}
        inserted = await self.session.scalar(_upsert(ArchivedEvent, tuple(row), ()), row)
        return inserted is not None

    async def put(self, model: type[Base], values: dict[str, Any], *, update: bool = True) -> None:
        """Insert a fact; on a second delivery overwrite it with the same values (or keep it)."""
        keys = {c.name for c in sa.inspect(model).primary_key}
        changed = tuple(k for k in values if k not in keys) if update else ()
        await self.session.execute(_upsert(model, tuple(values), changed), values)

    async def update_case(
        self, case_id: uuid.UUID, municipality: str, *, move: bool = False, **values: Any
    ) -> None:
        """Set fields of a case, creating its row when the opening has not arrived yet;
        ``move`` gives the case to ``municipality``."""
        changed = (*values, "municipality") if move else tuple(values)
        row = {"case_id": case_id, "municipality": municipality, **values}
        await self.session.execute(_upsert(CaseFact, tuple(row), changed), row)

    async def earliest(
        self, model: type[Base], key: dict[str, Any], column: str, value: Any
    ) -> None:
        """Set ``column`` to ``value`` unless it already holds an earlier time (order-free)."""
        condition = sa.and_(*(getattr(model, k) == v for k, v in key.items()))
        current = getattr(model, column)
        await self.session.execute(
            sa.update(model)
            .where(condition, sa.or_(current.is_(None), current > value))
            .values({column: value})
        )

    async def mark(self, model: type[Base], key: dict[str, Any], **values: Any) -> None:
        """Set flags on an existing fact (no row: nothing to mark)."""
        condition = sa.and_(*(getattr(model, k) == v for k, v in key.items()))
        await self.session.execute(sa.update(model).where(condition).values(**values))
