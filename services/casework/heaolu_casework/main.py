"""Casework's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_casework.assessments.api import router as assessments
from heaolu_casework.care.api import router as care
from heaolu_casework.cases.api import router as cases
from heaolu_casework.deadlines.api import router as deadlines
from heaolu_casework.decisions.api import router as decisions
from heaolu_casework.events import run_worker
from heaolu_casework.plans.api import router as plans
from heaolu_casework.settings import get_settings
from heaolu_casework.staffing.api import router as staffing
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands

ROUTERS = [assessments, staffing, cases, deadlines, plans, care, decisions]


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu casework", routers=ROUTERS)


commands = ServiceCommands(
    name="casework",
    settings=get_settings,
    app_path="heaolu_casework.main:app",
    default_port=8002,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
