"""Every write of the fact store: idempotent upserts, tolerant of events arriving out of order."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_reporting.common.models import ArchivedEvent, Base, CaseFact


class FactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def archive(self, event_id: uuid.UUID, event_type: str, data: dict[str, Any]) -> bool:
        """Keep the minimised event; ``False`` when it was archived before (a replay)."""
        inserted = await self.session.scalar(
            pg_insert(ArchivedEvent)
            .values(event_id=event_id, event_type=event_type, data=data)
            .on_conflict_do_nothing(index_elements=[ArchivedEvent.event_id])
            .returning(ArchivedEvent.seq)
        )
        return inserted is not None

    async def put(self, model: type[Base], values: dict[str, Any], *, update: bool = True) -> None:
        """Insert a fact; on a second delivery overwrite it with the same values (or keep it)."""
        keys = [c.name for c in sa.inspect(model).primary_key]
        statement = pg_insert(model).values(**values)
        changed = {k: v for k, v in values.items() if k not in keys}
        await self.session.execute(
            statement.on_conflict_do_update(index_elements=keys, set_=changed)
            if update and changed
            else statement.on_conflict_do_nothing(index_elements=keys)
        )

    async def update_case(
        self, case_id: uuid.UUID, municipality: str, *, move: bool = False, **values: Any
    ) -> None:
        """Set fields of a case, creating its row when the opening has not arrived yet;
        ``move`` gives the case to ``municipality``."""
        changes = values | ({"municipality": municipality} if move else {})
        await self.session.execute(
            pg_insert(CaseFact)
            .values(case_id=case_id, municipality=municipality, **values)
            .on_conflict_do_update(index_elements=[CaseFact.case_id], set_=changes)
        )

    async def mark(self, model: type[Base], key: dict[str, Any], **values: Any) -> None:
        """Set flags on an existing fact (no row: nothing to mark)."""
        condition = sa.and_(*(getattr(model, k) == v for k, v in key.items()))
        await self.session.execute(sa.update(model).where(condition).values(**values))
