"""Ngts's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_ngts.api import router
from heaolu_ngts.events import run_worker
from heaolu_ngts.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu ngts", routers=[router])


commands = ServiceCommands(
    name="ngts",
    settings=get_settings,
    app_path="heaolu_ngts.main:app",
    default_port=8004,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
