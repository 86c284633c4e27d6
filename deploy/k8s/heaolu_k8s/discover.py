"""Facts about each service read from its code, so that the manifests cannot drift from it.

- roles, port and database: the service's :class:`heaolu_shared.cli.ServiceCommands`;
- console scripts: ``[project.scripts]`` of the service's ``pyproject.toml``;
- produced topics: the event registry (``producer``), access records for services that use the
  audit trail, the dead-letter topic of services with consumers, and the catalogue's extras;
- consumer groups and their topics: the worker is run with recording stand-ins for the inbox
  consumer, the relay, the database and the signal loop, so every ``InboxConsumer`` it would
  start is seen with its group name and topics, without any I/O;
- settings: the fields of the service's settings class and their development defaults.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

from heaolu_k8s.catalogue import SERVICES, Service

ROOT = Path(__file__).resolve().parents[3]

LOCAL_MARKERS = ("127.0.0.1", "localhost")


@dataclass(frozen=True)
class Consumer:
    """One consumer group of a service's worker."""

    group: str
    topics: tuple[str, ...]
    dead_letter_topic: str


@dataclass(frozen=True)
class Setting:
    """One field of a service's settings."""

    name: str
    env: str
    default: Any
    secret: bool
    """Its development default is a published secret: the deployment takes it from a Secret."""
    local: bool
    """Its default points at the developer's machine (or is a development database URL)."""


@dataclass(frozen=True)
class ServiceFacts:
    """Everything the manifests need to know about one service's code."""

    entry: Service
    package: str
    port: int
    roles: tuple[str, ...]
    scripts: dict[str, str]
    """Console script name by role."""
    has_database: bool
    uses_kafka: bool
    produces: tuple[str, ...]
    consumers: tuple[Consumer, ...]
    settings: tuple[Setting, ...]
    calls: tuple[str, ...]
    """Services whose APIs this one calls: those whose local address its settings hold (the
    gateway's route targets, a front end's gateway)."""

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def consumes(self) -> tuple[str, ...]:
        return tuple(sorted({t for c in self.consumers for t in c.topics}))

    def settings_to_set(self) -> tuple[Setting, ...]:
        """Settings whose defaults cannot work in a cluster: secrets and local addresses."""
        return tuple(s for s in self.settings if s.secret or s.local)


def _scripts(service: str) -> dict[str, str]:
    with (ROOT / "services" / service / "pyproject.toml").open("rb") as f:
        scripts: dict[str, str] = tomllib.load(f)["project"].get("scripts", {})
    return scripts


def _uses_audit_trail(package: str) -> bool:
    module = importlib.import_module(package)
    folder = Path(module.__file__ or "").parent
    for path in folder.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module == "heaolu_shared.audit_trail":
                return True
            if isinstance(node, ast.Import) and any(
                a.name == "heaolu_shared.audit_trail" for a in node.names
            ):
                return True
    return False


@contextmanager
def _recording_worker() -> Iterator[list[Consumer]]:
    """Stand-ins that let a worker coroutine build its parts and return at once."""
    import heaolu_shared.inbox as inbox
    import heaolu_shared.service_worker as service_worker

    seen: list[Consumer] = []

    def record(self: Any, *, name: str, topics: Any, dead_letter_topic: str, **_: Any) -> None:
        seen.append(Consumer(name, tuple(topics), dead_letter_topic))

    async def no_loop(*_: Any, **__: Any) -> None:
        return None

    with (
        mock.patch.object(inbox.InboxConsumer, "__init__", record),
        mock.patch.object(service_worker, "run_until_signalled", no_loop),
        mock.patch.object(service_worker, "OutboxRelay", mock.MagicMock()),
        mock.patch.object(service_worker, "Database", mock.MagicMock()),
    ):
        yield seen


def _consumers(commands: Any) -> tuple[Consumer, ...]:
    if commands.worker is None:
        return ()
    with _recording_worker() as seen:
        asyncio.run(commands.worker(commands.settings()))
    return tuple(sorted(seen, key=lambda c: c.group))


def _settings(commands: Any) -> tuple[Setting, ...]:
    from heaolu_shared.settings import DEV_DEFAULT_MARKER

    model = type(commands.settings())
    prefix = model.model_config.get("env_prefix", "")
    found = []
    for name, info in model.model_fields.items():
        default = info.get_default(call_default_factory=True)
        text = str(default)
        found.append(
            Setting(
                name=name,
                env=f"{prefix}{name}".upper(),
                default=default,
                secret=isinstance(default, str) and DEV_DEFAULT_MARKER in default,
                local=any(m in text for m in LOCAL_MARKERS) or "_dev@" in text,
            )
        )
    return tuple(found)


def _facts(entry: Service) -> ServiceFacts:
    from heaolu_shared.contracts import audit as audit_contract
    from heaolu_shared.events import registry

    package = f"heaolu_{entry.name}"
    commands = importlib.import_module(f"{package}.main").commands
    consumers = _consumers(commands)
    produces = {spec.topic for spec in registry.all() if spec.producer == entry.name}
    if _uses_audit_trail(package):
        produces.add(audit_contract.TOPIC)
    produces.update(c.dead_letter_topic for c in consumers)
    produces.update(entry.extra_produces)
    settings = _settings(commands)
    scripts = {
        role: script
        for script, target in _scripts(entry.name).items()
        for role in commands.roles
        if target == f"{package}.main:commands.run_{role}"
    }
    has_database = commands.migrations is not None
    return ServiceFacts(
        entry=entry,
        package=package,
        port=commands.default_port,
        roles=commands.roles,
        scripts=scripts,
        has_database=has_database,
        uses_kafka=has_database or commands.worker is not None,
        produces=tuple(sorted(produces)),
        consumers=consumers,
        settings=settings,
        calls=(),
    )


LOCAL_URL = re.compile(r"^https?://(?:127\.0\.0\.1|localhost):(\d+)(/.*)?$")


def local_urls(value: Any) -> list[str]:
    """The local URLs in a setting's default (a string, or the values of a list or mapping)."""
    if isinstance(value, str):
        return [value] if LOCAL_URL.match(value) else []
    if isinstance(value, dict):
        return [u for v in value.values() for u in local_urls(v)]
    if isinstance(value, list | tuple):
        return [u for v in value for u in local_urls(v)]
    return []


def service_at(url: str, ports: dict[int, str]) -> str | None:
    """The service a local URL points at, by its port."""
    match = LOCAL_URL.match(url)
    return ports.get(int(match.group(1))) if match else None


@cache
def services() -> tuple[ServiceFacts, ...]:
    """Facts of every service in the catalogue, in catalogue order."""
    import heaolu_shared.contracts  # noqa: F401  (registers every event type)

    found = [_facts(entry) for entry in SERVICES]
    ports = {f.port: f.name for f in found}
    return tuple(
        replace(
            f,
            calls=tuple(
                sorted(
                    {
                        name
                        for s in f.settings
                        for url in local_urls(s.default)
                        if (name := service_at(url, ports)) is not None and name != f.name
                    }
                )
            ),
        )
        for f in found
    )


def kafka_tls_settings() -> tuple[str, ...]:
    """Environment variables of the Kafka clients' TLS files."""
    from heaolu_shared.kafka_tls import KafkaTlsSettings

    prefix = KafkaTlsSettings.model_config.get("env_prefix", "")
    return tuple(f"{prefix}{n}".upper() for n in KafkaTlsSettings.model_fields)
