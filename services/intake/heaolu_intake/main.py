"""Intake's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_intake.api import router
from heaolu_intake.events import run_worker
from heaolu_intake.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu intake", routers=[router])


commands = ServiceCommands(
    name="intake",
    settings=get_settings,
    app_path="heaolu_intake.main:app",
    default_port=8001,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
