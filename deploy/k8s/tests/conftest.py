"""Both overlays rendered once per test session (kustomize from ``deploy/k8s/tools.sh``)."""

from __future__ import annotations

from typing import Any

import pytest

from heaolu_k8s import checks

OVERLAYS = ("dev", "prod")


@pytest.fixture(scope="session")
def rendered() -> dict[str, list[dict[str, Any]]]:
    return {overlay: checks.build(overlay) for overlay in OVERLAYS}


@pytest.fixture(scope="session")
def prod(rendered: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return rendered["prod"]


@pytest.fixture(scope="session")
def dev(rendered: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return rendered["dev"]
