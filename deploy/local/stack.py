"""Start, watch and stop Heaolu's processes on one machine.

``python deploy/local/stack.py run`` migrates every service database, starts every service's
API and worker (outbox relay + consumers) and the gateway, waits until each API answers
``/readyz``, prints the URLs and the demo users, and stops everything on Ctrl-C. The test suite
drives the same :class:`Stack` to start the system and to kill or restart single processes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from heaolu_shared.roles import Role
from heaolu_shared.testing import create_database, remove_database

ROOT = Path(__file__).resolve().parents[2]
STATE = ROOT / ".local"

DB_SERVICES = ("intake", "casework", "court", "ngts", "reporting", "audit")
PORTS = {
    "gateway": 8000,
    "intake": 8001,
    "casework": 8002,
    "court": 8003,
    "ngts": 8004,
    "reporting": 8005,
    "audit": 8006,
    "web": 8007,
}
DEMO_USERS = (
    ("rakvere.worker", "child-protection worker, Rakvere linn (0663)"),
    ("rakvere.substitute", "child-protection worker (substitute), Rakvere linn (0663)"),
    ("rakvere.head", "department head, Rakvere linn (0663)"),
    ("kohtla-jarve.worker", "child-protection worker, Kohtla-Järve linn (0321)"),
    ("kohtla-jarve.head", "department head, Kohtla-Järve linn (0321)"),
    ("viljandi.ngts", "NGTS case manager, Viljandi linn (0897)"),
    ("viljandi.worker", "child-protection worker (not designated for NGTS), Viljandi linn (0897)"),
    ("viljandi.head", "department head (designates NGTS specialists), Viljandi linn (0897)"),
    ("voru.social", "social-services specialist, Võru linn (0919)"),
    ("voru.head", "department head (social services), Võru linn (0919)"),
    ("ska.counsellor", "SKA counsellor"),
    ("ska.central", "SKA central authority (Brussels IIb)"),
    (Role.AUDITOR, Role.AUDITOR),
    ("teacher.rakvere", "professional reporter, Rakvere linn (0663)"),
    ("citizen.mari", Role.CITIZEN),
    ("citizen.jaan", Role.CITIZEN),
)


@dataclass
class Process:
    name: str
    argv: list[str]
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = None
    env: dict[str, str] = field(default_factory=dict)


LOCAL_SETTINGS = {
    # Kohtla-Järve lets its workers take new items from the queue themselves (a demo of the
    # municipal setting); elsewhere the department head assigns.
    "casework-api": {"HEAOLU_SELF_ASSIGNMENT_MUNICIPALITIES": '["0321"]'},
    # Rakvere's department head approves court applications before they are filed; elsewhere
    # the worker files.
    "court-api": {"HEAOLU_HEAD_APPROVAL_MUNICIPALITIES": '["0663"]'},
}


def processes() -> list[Process]:
    """Every long-running process of the system."""
    result: list[Process] = []
    for service in DB_SERVICES:
        module = f"heaolu_{service}"
        api = f"{service}-api"
        result.append(
            Process(
                api,
                [sys.executable, "-m", module, "api"],
                PORTS[service],
                env=dict(LOCAL_SETTINGS.get(api, {})),
            )
        )
        result.append(Process(f"{service}-worker", [sys.executable, "-m", module, "worker"]))
    result.append(
        Process("gateway", [sys.executable, "-m", "heaolu_gateway", "api"], PORTS["gateway"])
    )
    # The reference web front end calls the APIs through the gateway.
    result.append(Process("web", [sys.executable, "-m", "heaolu_web", "api"], PORTS["web"]))
    return result


def database_url(service: str, database: str) -> str:
    """The SQLAlchemy URL of ``database`` as ``service``'s role on the local PostgreSQL
    (development credentials, as ``deploy/local/postgres.sh`` creates them)."""
    return f"postgresql+asyncpg://heaolu_{service}:heaolu_{service}_dev@127.0.0.1:5432/{database}"


def create_databases(label: str) -> dict[str, str]:
    """A new, empty database for every service, owned by its role (which migrates it as its
    own); their names, by service. Dropped with :func:`drop_databases`."""

    async def create() -> dict[str, str]:
        made: dict[str, str] = {}
        try:
            for service in DB_SERVICES:
                made[service] = await create_database(
                    f"{label}_{service}", owner=f"heaolu_{service}"
                )
        except BaseException:
            await _drop(made)  # none left behind by a half-made set
            raise
        return made

    return asyncio.run(create())


async def _drop(databases: Mapping[str, str]) -> None:
    for name in databases.values():
        await remove_database(name)


def drop_databases(databases: Mapping[str, str]) -> None:
    """Drop the databases :func:`create_databases` made, whoever is still connected."""
    asyncio.run(_drop(databases))


def service_of(process: str) -> str:
    """The service a process belongs to: ``intake`` for ``intake-api`` and ``intake-worker``."""
    return process.split("-", 1)[0]


class Stack:
    """The running system: one OS process per API, worker and the gateway."""

    def __init__(
        self,
        *,
        environment: str = "dev",
        state: Path = STATE,
        databases: Mapping[str, str] | None = None,
    ) -> None:
        """``databases``: a service's database by name, instead of its development database
        (the benchmarks and the end-to-end tests run on databases of their own)."""
        self.environment = environment
        self.databases = dict(databases or {})
        self.logs = state / "logs"
        self.traces = state / "traces"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.traces.mkdir(parents=True, exist_ok=True)
        self.procs = {p.name: p for p in processes()}

    def _env(self, proc: Process, extra: dict[str, str] | None) -> dict[str, str]:
        env = dict(os.environ)
        env["HEAOLU_ENVIRONMENT"] = self.environment
        env["HEAOLU_TRACE_FILE"] = str(self.traces / f"{proc.name}.jsonl")
        env["PYTHONUNBUFFERED"] = "1"
        if (service := service_of(proc.name)) in self.databases:
            env["HEAOLU_DATABASE_URL"] = database_url(service, self.databases[service])
        env.update(proc.env)
        env.update(extra or {})
        return env

    def log_path(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def migrate(self) -> None:
        """Upgrade every service database to its newest migration."""
        for service in DB_SERVICES:
            for command in ("migrate", "seed"):
                subprocess.run(
                    [sys.executable, "-m", f"heaolu_{service}", command],
                    check=True,
                    cwd=ROOT,
                    env=self._env(Process(service, []), None),
                )

    def start(self, name: str, extra_env: dict[str, str] | None = None) -> Process:
        """Start one process (again), appending to its log."""
        proc = self.procs[name]
        if proc.popen is not None and proc.popen.poll() is None:
            raise RuntimeError(f"{name} is already running")
        if proc.port is not None:
            _ensure_port_free(proc.port, name)
        log = self.log_path(name).open("ab")
        proc.popen = subprocess.Popen(
            proc.argv,
            cwd=ROOT,
            env=self._env(proc, extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        return proc

    def stop(self, name: str, *, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int | None:
        """Stop one process with ``sig`` (SIGKILL after ``timeout``); returns its exit code."""
        proc = self.procs[name]
        if proc.popen is None:
            return None
        if proc.popen.poll() is None:
            proc.popen.send_signal(sig)
            try:
                proc.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.popen.kill()
                proc.popen.wait()
        code = proc.popen.returncode
        proc.popen = None
        return code

    def wait_exit(self, name: str, timeout: float) -> int:
        """Wait until a process ends on its own (e.g. an injected crash); its exit code."""
        proc = self.procs[name]
        assert proc.popen is not None
        code = proc.popen.wait(timeout)
        proc.popen = None
        return code

    def wait_ready(self, names: list[str] | None = None, timeout: float = 90.0) -> None:
        """Wait until every given API answers ``/readyz`` with 200."""
        deadline = time.monotonic() + timeout
        for name in names or list(self.procs):
            proc = self.procs[name]
            if proc.port is None:
                continue
            url = f"http://127.0.0.1:{proc.port}/readyz"
            while True:
                if proc.popen is not None and proc.popen.poll() is not None:
                    raise RuntimeError(f"{name} exited; see {self.log_path(name)}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as response:
                        if response.status == 200:
                            break
                except (urllib.error.URLError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{name} not ready at {url}; see {self.log_path(name)}")
                time.sleep(0.3)

    def start_all(self) -> None:
        for name in self.procs:
            self.start(name)
        self.wait_ready()

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            self.stop(name)


def _ensure_port_free(port: int, name: str) -> None:
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise RuntimeError(
                f"port {port} for {name} is taken: is another Heaolu already running?"
            ) from None


def _print_banner() -> None:
    print("\nHeaolu is running.")
    print(
        f"  web          http://127.0.0.1:{PORTS['web']}  (the reference front end: sign in here)"
    )
    print(f"  gateway      http://127.0.0.1:{PORTS['gateway']}  (APIs at /api/<service>/v1/...)")
    for service in DB_SERVICES:
        print(f"  {service:<12} http://127.0.0.1:{PORTS[service]}/docs")
    print("  Keycloak     http://127.0.0.1:8180  (realm heaolu; admin console: admin / admin)")
    print("  Kafka        127.0.0.1:19092     PostgreSQL 127.0.0.1:5432")
    print("\nDemo users (password 'demo', development realm only):")
    for user, what in DEMO_USERS:
        print(f"  {user:<22} {what}")
    print(f"\nLogs: {STATE / 'logs'}   Stop: Ctrl-C\n", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["run", "migrate"])
    parser.add_argument(
        "--stop-infra", action="store_true", help="stop PostgreSQL, Kafka and Keycloak on exit"
    )
    args = parser.parse_args()
    stack = Stack()
    stack.migrate()
    if args.command == "migrate":
        return
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        stack.start_all()
        _print_banner()
        while not stopping:
            for proc in stack.procs.values():
                if proc.popen is not None and proc.popen.poll() is not None:
                    print(
                        f"{proc.name} exited with {proc.popen.returncode}; restarting", flush=True
                    )
                    proc.popen = None
                    stack.start(proc.name)
            time.sleep(1)
    finally:
        print("stopping Heaolu ...", flush=True)
        stack.stop_all()
        if args.stop_infra:
            subprocess.run(["bash", str(ROOT / "deploy/local/infra.sh"), "down"], check=False)


if __name__ == "__main__":
    main()
