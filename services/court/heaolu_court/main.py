"""Court's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_court.custody.api import router as custody
from heaolu_court.events import run_worker
from heaolu_court.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands

ROUTERS = [custody]


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu court", routers=ROUTERS)


commands = ServiceCommands(
    name="court",
    settings=get_settings,
    app_path="heaolu_court.main:app",
    default_port=8003,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
