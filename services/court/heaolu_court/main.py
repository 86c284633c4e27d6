"""Court's application and command line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from fastapi import FastAPI

from heaolu_court.brussels.api import router as brussels
from heaolu_court.contacts.api import router as contacts
from heaolu_court.contacts.service import seed_demo_contacts
from heaolu_court.custody.api import router as custody
from heaolu_court.events import run_worker
from heaolu_court.hearings.api import router as hearings
from heaolu_court.klat.api import router as klat
from heaolu_court.opinions.api import router as opinions
from heaolu_court.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.calendar import default_calendar
from heaolu_shared.cli import ServiceCommands
from heaolu_shared.db import Database
from heaolu_shared.settings import ServiceSettings

ROUTERS = [custody, opinions, hearings, klat, brussels, contacts]


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu court", routers=ROUTERS)


async def seed(settings: ServiceSettings) -> None:
    """The demo municipalities' synthetic child-protection contacts (development and tests)."""
    database = Database(settings.database_url, pool_size=1)
    async with database.transaction() as session:
        await seed_demo_contacts(session, default_calendar().local_date(datetime.now(UTC)))
    await database.dispose()


commands = ServiceCommands(
    name="court",
    settings=get_settings,
    app_path="heaolu_court.main:app",
    default_port=8003,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
    seed=seed,
)
