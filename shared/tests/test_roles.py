"""The roles enum and the Keycloak realm name the same roles."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from heaolu_shared.roles import Role

ROOT = Path(__file__).resolve().parents[2]
REALM = ROOT / "deploy" / "local" / "realm-heaolu.json"
TREES = ("services", "shared", "tests", "bench", "deploy")


def test_every_realm_role_is_in_the_enum_and_every_enum_role_is_in_the_realm() -> None:
    realm = {r["name"] for r in json.loads(REALM.read_text())["roles"]["realm"]}
    assert realm == {r.value for r in Role} - {Role.PUBLIC.value}


def test_role_names_are_written_only_in_the_enum() -> None:
    # Rules and tests name roles through Role; a literal would keep matching after a rename in
    # the realm. Migrations are history and keep the names they were written with.
    pattern = "|".join(
        re.escape(f'"{r.value}"') for r in Role if r not in (Role.SERVICE, Role.PUBLIC)
    )
    found = subprocess.run(
        [
            "grep",
            "-rnE",
            pattern,
            "--include=*.py",
            "services",
            "shared",
            "tests",
            "bench",
            "deploy",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    offending = [
        line
        for line in found
        if "/migrations/" not in line and not line.startswith("shared/heaolu_shared/roles.py")
    ]
    assert offending == []
