"""Queries of the list: pages in name order, and the bulk insert of an import."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_ngts.common.models import Youth

COPY_COLUMNS = (
    "id",
    "participation_id",
    "municipality",
    "personal_code",
    "subject_pseudonym",
    "given_name",
    "family_name",
    "email",
    "phone",
    "guardian",
    "education",
    "last_employment",
    "status",
    "version",
)


class YouthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def page(
        self,
        participation_id: uuid.UUID,
        *,
        after: tuple[str, str, uuid.UUID] | None,
        status: str | None,
        limit: int,
    ) -> Sequence[Youth]:
        query = sa.select(Youth).where(Youth.participation_id == participation_id)
        if status is not None:
            query = query.where(Youth.status == status)
        if after is not None:
            query = query.where(
                sa.tuple_(Youth.family_name, Youth.given_name, Youth.id)
                > sa.tuple_(*(sa.literal(v) for v in after))
            )
        query = query.order_by(Youth.family_name, Youth.given_name, Youth.id).limit(limit)
        return (await self.session.scalars(query)).all()

    async def copy_in(self, records: Sequence[tuple[Any, ...]]) -> None:
        """Insert many youths in the session's transaction with PostgreSQL's COPY."""
        connection = await self.session.connection()
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.copy_records_to_table("youth", records=records, columns=COPY_COLUMNS)
