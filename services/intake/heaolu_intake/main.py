"""Intake's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.dialects.postgresql import insert as pg_insert

from heaolu_intake.applications.api import router as applications
from heaolu_intake.common.keys import install_keys
from heaolu_intake.common.models import RegisteredPerson
from heaolu_intake.common.register import SYNTHETIC_RESIDENTS
from heaolu_intake.events import run_worker
from heaolu_intake.receipts.api import router as receipts
from heaolu_intake.reports.api import router as reports
from heaolu_intake.settings import get_settings
from heaolu_intake.triage.api import router as triage
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands
from heaolu_shared.db import Database
from heaolu_shared.settings import ServiceSettings


def app() -> FastAPI:
    return create_app(
        get_settings(),
        title="Heaolu intake",
        routers=[reports, receipts, triage, applications],
        on_startup=[install_keys],
    )


async def seed_register(settings: ServiceSettings) -> None:
    """Fill the local population register with the synthetic persons (development and tests)."""
    database = Database(settings.database_url, pool_size=1)
    async with database.transaction() as session:
        statement = pg_insert(RegisteredPerson).values(
            [
                {"personal_code": c, "residence_municipality": m}
                for c, m in SYNTHETIC_RESIDENTS.items()
            ]
        )
        await session.execute(
            statement.on_conflict_do_update(
                index_elements=["personal_code"],
                set_={"residence_municipality": statement.excluded.residence_municipality},
            )
        )
    await database.dispose()


commands = ServiceCommands(
    name="intake",
    settings=get_settings,
    app_path="heaolu_intake.main:app",
    default_port=8001,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
    seed=seed_register,
)
