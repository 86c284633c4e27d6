"""Audit's application and command line."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from heaolu_audit.api import router
from heaolu_audit.events import run_worker
from heaolu_audit.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands


def app() -> FastAPI:
    return create_app(get_settings(), title="Heaolu audit", routers=[router])


commands = ServiceCommands(
    name="audit",
    settings=get_settings,
    app_path="heaolu_audit.main:app",
    default_port=8006,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
)
