"""NGTS's application and command line."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.dialects.postgresql import insert as pg_insert

from heaolu_ngts.common.enums import ParticipationStatus
from heaolu_ngts.common.models import Participation
from heaolu_ngts.designations.api import router as designations
from heaolu_ngts.events import run_worker
from heaolu_ngts.inquiries.api import router as inquiries
from heaolu_ngts.outreach.api import router as outreach
from heaolu_ngts.rounds import rules
from heaolu_ngts.rounds.api import router as rounds
from heaolu_ngts.settings import get_settings
from heaolu_ngts.youths.api import router as youths
from heaolu_shared.app import create_app
from heaolu_shared.calendar import default_calendar
from heaolu_shared.cli import ServiceCommands
from heaolu_shared.db import Database
from heaolu_shared.settings import ServiceSettings

DEMO_MUNICIPALITY = "0897"
"""Viljandi linn, whose NGTS case manager is a demo user."""


def app() -> FastAPI:
    return create_app(
        get_settings(),
        title="Heaolu NGTS",
        routers=[rounds, designations, youths, outreach, inquiries],
    )


def last_query_date(today: date) -> date:
    candidates = [date(y, m, d) for y in (today.year - 1, today.year) for m, d in rules.QUERY_DAYS]
    return max(c for c in candidates if c <= today)


async def seed(settings: ServiceSettings) -> None:
    """Viljandi's participation in the latest round, applied in time (its list is fetched
    through the API by a designated specialist)."""
    calendar = default_calendar()
    query_date = last_query_date(calendar.local_date(datetime.now(UTC)))
    applied_on = rules.application_deadline(query_date) - timedelta(days=10)
    database = Database(settings.database_url, pool_size=1)
    try:
        async with database.transaction() as session:
            await session.execute(
                pg_insert(Participation)
                .values(
                    id=uuid.uuid4(),
                    municipality=DEMO_MUNICIPALITY,
                    query_date=query_date,
                    applied_at=calendar.end_of_local_day(applied_on) - timedelta(hours=12),
                    applied_by="seed",
                    list_due_on=rules.list_due_on(query_date, calendar),
                    status=ParticipationStatus.APPLIED.value,
                    stored=0,
                    refused={},
                    version=1,
                )
                .on_conflict_do_nothing()
            )
    finally:
        await database.dispose()


commands = ServiceCommands(
    name="ngts",
    settings=get_settings,
    app_path="heaolu_ngts.main:app",
    default_port=8004,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
    seed=seed,
)
