"""The service layout of ADR 0010, checked on the code: short modules, features apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(p for p in (ROOT / "services").glob("*/heaolu_*") if p.is_dir())
LIMIT = 400
TOP_LEVEL = {"common", "migrations", "templates", "static"}


def _modules(package: Path) -> list[Path]:
    return [p for p in package.rglob("*.py") if "migrations" not in p.parts]


def _features(package: Path) -> set[str]:
    return {
        p.name
        for p in package.iterdir()
        if p.is_dir() and (p / "__init__.py").exists() and p.name not in TOP_LEVEL
    }


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_a_long_module_says_why_it_stays_whole(package: Path) -> None:
    unexplained = []
    for module in _modules(package):
        text = module.read_text(encoding="utf-8")
        if text.count("\n") <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if not any(w in docstring for w in ("400 lines", "stays whole", "is long because")):
            unexplained.append(str(module.relative_to(ROOT)))
    assert unexplained == []


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_a_feature_never_imports_another_features_internals(package: Path) -> None:
    features = _features(package)
    crossing = []
    for feature in features:
        for module in (package / feature).rglob("*.py"):
            for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module:
                    parts = node.module.split(".")
                    if parts[0] == package.name and len(parts) > 1:
                        other = parts[1]
                        if other in features and other != feature:
                            crossing.append(f"{module.relative_to(ROOT)} imports {node.module}")
    assert crossing == []
