"""The command line every service has: ``python -m heaolu_<service> {api,worker,migrate}``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import uvloop

from heaolu_shared import heap
from heaolu_shared.calendar import default_calendar
from heaolu_shared.logs import configure_logging
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.telemetry import configure_tracing

if TYPE_CHECKING:
    from alembic.config import Config


@dataclass(frozen=True)
class ServiceCommands:
    """What a service plugs into the common command line."""

    name: str
    settings: Callable[[], ServiceSettings]
    app_path: str
    """Import path of the ASGI app factory, ``module:function``."""
    default_port: int
    migrations: Path | None = None
    worker: Callable[[ServiceSettings], Coroutine[Any, Any, None]] | None = None
    seed: Callable[[ServiceSettings], Coroutine[Any, Any, None]] | None = None
    """Synthetic development data; refused in prod."""
    extra: Mapping[str, tuple[str, Callable[[ServiceSettings, list[str]], None]]] = field(
        default_factory=dict
    )
    """Further commands of the service: name -> (help, run with the remaining arguments)."""

    @property
    def roles(self) -> tuple[str, ...]:
        """The processes this service can run; each is a console script ``heaolu-<name>-<role>``
        declared in the service's ``pyproject.toml`` (``<package>.main:commands.run_<role>``)."""
        return (
            "api",
            *(("worker",) if self.worker is not None else ()),
            *(("migrate",) if self.migrations is not None else ()),
        )

    def run_api(self) -> None:
        """Console script of the API role; further arguments as for ``api``."""
        main(self, ["api", *sys.argv[1:]])

    def run_worker(self) -> None:
        """Console script of the worker role (outbox relay, consumers, schedulers)."""
        main(self, ["worker", *sys.argv[1:]])

    def run_migrate(self) -> None:
        """Console script of the migration role (``alembic upgrade head``)."""
        main(self, ["migrate", *sys.argv[1:]])


def alembic_config(migrations: Path, database_url: str) -> Config:
    """Alembic's configuration for a service's ``migrations`` on ``database_url``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.attributes["database_url"] = database_url
    return config


def migrate(migrations: Path, database_url: str) -> None:
    """Upgrade the service's database to the newest migration."""
    from alembic import command

    command.upgrade(alembic_config(migrations, database_url), "head")


def main(commands: ServiceCommands, argv: list[str] | None = None) -> None:
    """Parse the command line and run the chosen part of the service."""
    parser = argparse.ArgumentParser(prog=f"heaolu-{commands.name}")
    sub = parser.add_subparsers(dest="command", required=True)
    api = sub.add_parser("api", help="serve the HTTP API")
    api.add_argument("--host", default="127.0.0.1")
    api.add_argument("--port", type=int, default=commands.default_port)
    api.add_argument("--workers", type=int, default=1)
    sub.add_parser("worker", help="run the outbox relay and the consumers")
    sub.add_parser("migrate", help="apply database migrations")
    sub.add_parser("seed", help="load synthetic development data (not in prod)")
    for name, (help_text, _) in commands.extra.items():
        extra = sub.add_parser(name, help=help_text, add_help=False)
        extra.add_argument("rest", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    settings = commands.settings()

    if args.command in commands.extra:
        commands.extra[args.command][1](settings, list(args.rest))
        return

    if args.command == "api":
        import uvicorn

        from heaolu_shared.http_server import ProblemHttpToolsProtocol

        uvicorn.run(
            commands.app_path,
            factory=True,
            # A request uvicorn cannot parse is answered with problem+json, not plain text.
            http=ProblemHttpToolsProtocol,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_config=None,
            access_log=False,
            server_header=False,
            # X-Forwarded-For is the caller's to write: only the gateway, knowing its trusted
            # proxies, may read it (uvicorn would believe it from any local peer).
            proxy_headers=False,
        )
    elif args.command == "worker":
        if commands.worker is None:
            parser.error(f"{commands.name} has no worker")
        configure_logging(settings.service_name, settings.log_level)
        configure_tracing(
            settings.service_name,
            trace_file=settings.trace_file,
            otlp_endpoint=settings.otlp_endpoint,
            sample_ratio=settings.trace_sample_ratio,
        )
        default_calendar().warm(datetime.now(UTC).year)
        # The imported libraries and settings are in place: none of it is ever garbage.
        heap.settle()
        # uvloop, as under uvicorn: the relays and consumers spend much of their CPU in the
        # event loop and its transports, which uvloop runs in C.
        uvloop.run(commands.worker(settings))
    elif args.command == "seed":
        if commands.seed is None:
            return
        if settings.environment == "prod":
            parser.error("synthetic data is never loaded in prod")
        asyncio.run(commands.seed(settings))
    elif args.command == "migrate":
        if commands.migrations is None:
            parser.error(f"{commands.name} has no database")
        migrate(commands.migrations, settings.database_url)
