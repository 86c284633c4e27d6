"""Casework's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_casework.api import router
from heaolu_casework.events import run_worker
from heaolu_casework.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu casework", routers=[router])


commands = ServiceCommands(
    name="casework",
    settings=get_settings,
    app_path="heaolu_casework.main:app",
    default_port=8002,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
