"""``python deploy/local/openapi_docs.py {write,check}``: the published OpenAPI documents.

Each service's OpenAPI document is committed under ``docs/openapi/<service>.json`` for frontends
to read without a running system. ``write`` regenerates them from the code; the unit tests
compare the code with the committed files, so a change to an API (a path, a schema, an error
response) is a visible change in review, and a refactoring that should change nothing proves it.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "openapi"
SERVICES = ("intake", "casework", "court", "ngts", "reporting", "audit")


def document(service: str) -> dict[str, Any]:
    main = importlib.import_module(f"heaolu_{service}.main")
    doc: dict[str, Any] = main.app().openapi()
    return doc


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write() -> None:
    DOCS.mkdir(parents=True, exist_ok=True)
    for service in SERVICES:
        (DOCS / f"{service}.json").write_text(render(document(service)), encoding="utf-8")
        print(f"wrote docs/openapi/{service}.json")


def main(argv: list[str]) -> int:
    if argv[1:] == ["write"]:
        write()
        return 0
    print("usage: openapi_docs.py write", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
