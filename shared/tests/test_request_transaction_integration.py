"""The request's transaction commits before the response leaves, against the real PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from heaolu_shared.app import DbSession
from heaolu_shared.db import Database
from heaolu_shared.errors import install_problem_handlers
from heaolu_shared.statements import deferred_writes, plain_insert, write
from heaolu_shared.testing import create_tables

pytestmark = pytest.mark.integration


def _app(db: Database) -> FastAPI:
    app = FastAPI()
    app.state.database = db
    install_problem_handlers(app)

    @app.post("/things/{name}", status_code=201)
    async def create(name: str, session: DbSession) -> dict[str, str]:
        await session.execute(sa.text("INSERT INTO thing (name) VALUES (:name)"), {"name": name})
        return {"name": name}

    return app


async def _only_the_first_is_done(app: FastAPI) -> None:
    """The same creation twice: the first succeeds, the second fails at the commit and is
    answered as a problem, never as done."""
    transport = ASGITransport(app, raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://service") as client:
        first = await client.post("/things/a")
        second = await client.post("/things/a")

    assert first.status_code == 201
    assert second.status_code == 500
    assert second.headers["content-type"] == "application/problem+json"


async def test_a_write_whose_commit_fails_is_never_reported_as_done(
    database: tuple[Database, str],
) -> None:
    db, _ = database
    async with db.transaction() as session:
        # Checked only at commit: the endpoint itself returns normally.
        await session.execute(
            sa.text(
                "CREATE TABLE thing (name text CONSTRAINT thing_unique UNIQUE "
                "DEFERRABLE INITIALLY DEFERRED)"
            )
        )
    await _only_the_first_is_done(_app(db))
    async with db.transaction() as session:
        assert (await session.scalar(sa.text("SELECT count(*) FROM thing"))) == 1


async def test_writes_held_until_the_commit_that_fail_there_are_never_reported_as_done(
    database: tuple[Database, str],
) -> None:
    db, _ = database
    metadata = sa.MetaData()
    thing = sa.Table("held_thing", metadata, sa.Column("name", sa.Text, primary_key=True))
    note = sa.Table("held_note", metadata, sa.Column("about", sa.Text, nullable=False))
    await create_tables(db, metadata)
    app = FastAPI()
    app.state.database = db
    install_problem_handlers(app)

    @app.post("/things/{name}", status_code=201)
    async def create(name: str, session: DbSession) -> dict[str, str]:
        # Sent as one statement after the endpoint returns, when the transaction ends.
        async with deferred_writes(session, until_commit=True):
            await write(session, plain_insert(note), {"about": name})
            await write(session, plain_insert(thing), {"name": name})
        return {"name": name}

    await _only_the_first_is_done(app)
    async with db.transaction() as session:
        assert (await session.scalar(sa.select(sa.func.count()).select_from(thing))) == 1
        # The second request's note went with its failed statement.
        assert (await session.scalar(sa.select(sa.func.count()).select_from(note))) == 1
