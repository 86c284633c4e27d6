"""Reporting's application and command line (``api``, ``worker``, ``migrate``, ``rebuild``)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi import FastAPI

from heaolu_reporting.events import TOPICS, run_worker
from heaolu_reporting.exports.api import router as exports
from heaolu_reporting.facts import service as facts
from heaolu_reporting.feed.api import router as feed
from heaolu_reporting.kpis.api import router as kpis
from heaolu_reporting.rebuild import cli as rebuild
from heaolu_reporting.reports.api import router as reports
from heaolu_reporting.settings import get_settings
from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands
from heaolu_shared.settings import ServiceSettings


def app() -> FastAPI:
    return create_app(
        get_settings(), title="Heaolu reporting", routers=[kpis, reports, exports, feed]
    )


def rebuild_command(settings: ServiceSettings, argv: list[str]) -> None:
    args = rebuild.parse(argv)
    asyncio.run(
        rebuild.run(
            settings,
            key=get_settings().feed_pseudonym_key,
            topics=TOPICS,
            handled=frozenset(facts.APPLY),
            record=facts.record,
            apply=facts.apply,
            use_kafka=not args.archive_only,
        )
    )


commands = ServiceCommands(
    name="reporting",
    settings=get_settings,
    app_path="heaolu_reporting.main:app",
    default_port=8005,
    migrations=Path(__file__).parent / "migrations",
    worker=run_worker,
    extra={"rebuild": ("empty the read models and replay the archive and topics", rebuild_command)},
)
