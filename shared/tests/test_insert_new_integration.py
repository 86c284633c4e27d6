"""A new record inserted without the unit of work, against the real PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from heaolu_shared.db import Database
from heaolu_shared.statements import insert_new

pytestmark = pytest.mark.integration


class Base(DeclarativeBase):
    pass


class Parent(Base):
    __tablename__ = "parent"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Child(Base):
    __tablename__ = "child"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    parent_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("parent.id"))
    name: Mapped[str | None] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now()
    )

    __mapper_args__ = {"version_id_col": version}


async def test_defaults_apply_pending_parents_go_first_and_the_row_reads_back(
    database: tuple[Database, str],
) -> None:
    db, url = database
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    await engine.dispose()

    async with db.transaction() as session:
        parent = Parent()
        session.add(parent)  # pending: the child's foreign key needs it written first
        parent.id = uuid.uuid4()
        child = Child(parent_id=parent.id, name=None)
        await insert_new(session, child)
        assert child not in session
    assert isinstance(child.id, uuid.UUID) and child.status == "open" and child.version == 1

    async with db.transaction() as session:
        stored = await session.get(Child, child.id)
        assert stored is not None
        assert (stored.parent_id, stored.name, stored.status, stored.version) == (
            parent.id,
            None,
            "open",
            1,
        )
        assert stored.created_at is not None
        stored.status = "closed"  # the version counter works on the row as inserted
    async with db.transaction() as session:
        again = await session.get(Child, child.id)
        assert again is not None and (again.status, again.version) == ("closed", 2)
