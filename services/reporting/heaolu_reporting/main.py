"""Reporting's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_reporting.api import router
from heaolu_reporting.events import run_worker
from heaolu_reporting.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu reporting", routers=[router])


commands = ServiceCommands(
    name="reporting",
    settings=get_settings,
    app_path="heaolu_reporting.main:app",
    default_port=8005,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
