"""The request's transaction commits before the response leaves, against the real PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient

from heaolu_shared.app import DbSession
from heaolu_shared.db import Database
from heaolu_shared.errors import install_problem_handlers

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
    transport = ASGITransport(_app(db), raise_app_exceptions=False)
    async with AsyncClient(transport=transport, base_url="http://service") as client:
        first = await client.post("/things/a")
        second = await client.post("/things/a")

    assert first.status_code == 201
    assert second.status_code == 500
    assert second.headers["content-type"] == "application/problem+json"
    async with db.transaction() as session:
        assert (await session.scalar(sa.text("SELECT count(*) FROM thing"))) == 1
