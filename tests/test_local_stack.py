"""The local stack runs each service on the database it is given (the benchmarks' own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stack import DB_SERVICES, Process, Stack, create_databases, database_url, service_of


def test_a_service_given_a_database_runs_its_api_worker_and_migrations_there(
    tmp_path: Path,
) -> None:
    stack = Stack(state=tmp_path, databases={"intake": "heaolu_test_bench_intake_1"})
    url = "postgresql+asyncpg://heaolu_intake:heaolu_intake_dev@127.0.0.1:5432/heaolu_test_bench_intake_1"
    for name in ("intake-api", "intake-worker"):
        assert stack._env(stack.procs[name], None)["HEAOLU_DATABASE_URL"] == url
    # ``migrate`` runs each service's commands as a process named after the service.
    migrate = Process("intake", [])
    assert stack._env(migrate, None)["HEAOLU_DATABASE_URL"] == url


def test_services_not_given_a_database_keep_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HEAOLU_DATABASE_URL", raising=False)
    stack = Stack(state=tmp_path, databases={"intake": "elsewhere"})
    for name in ("casework-api", "casework-worker", "gateway", "web"):
        assert "HEAOLU_DATABASE_URL" not in stack._env(stack.procs[name], None)
    assert "HEAOLU_DATABASE_URL" not in Stack(state=tmp_path)._env(stack.procs["intake-api"], None)


def test_every_process_belongs_to_the_service_of_its_name(tmp_path: Path) -> None:
    assert {service_of(name) for name in Stack(state=tmp_path).procs} == {
        *DB_SERVICES,
        "gateway",
        "web",
    }
    assert database_url("audit", "audit").endswith(
        "heaolu_audit:heaolu_audit_dev@127.0.0.1:5432/audit"
    )


def test_a_set_of_databases_that_cannot_be_completed_leaves_none_behind(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[str] = []
    dropped: list[str] = []

    async def create_database(label: str, *, owner: str = "") -> str:
        if len(made) == 3:
            raise OSError("the server went away")
        made.append(f"heaolu_test_{label}")
        return made[-1]

    async def remove_database(name: str) -> None:
        dropped.append(name)

    monkeypatch.setattr("stack.create_database", create_database)
    monkeypatch.setattr("stack.remove_database", remove_database)
    with pytest.raises(OSError, match="went away"):
        create_databases("e2e")
    assert dropped == made and len(made) == 3
