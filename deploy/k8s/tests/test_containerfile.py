"""The one image: locked dependencies, a distroless non-root final stage, no health check."""

from __future__ import annotations

import re

from heaolu_k8s import render
from heaolu_k8s.discover import ROOT

CONTAINERFILE = (ROOT / "Containerfile").read_text()


def _final_stage() -> str:
    return CONTAINERFILE.rsplit("\nFROM ", 1)[1]


def test_dependencies_come_from_the_lock_without_development_tools() -> None:
    syncs = re.findall(r"uv sync ([^\n\\]*)", CONTAINERFILE)
    assert syncs
    assert all("--frozen" in s and "--no-dev" in s for s in syncs)


def test_the_final_stage_is_distroless_and_runs_as_the_manifests_numeric_user() -> None:
    final = _final_stage()
    assert final.startswith("${RUNTIME_IMAGE}")
    assert "ARG RUNTIME_IMAGE=gcr.io/distroless/python3-debian12:nonroot" in CONTAINERFILE
    assert f"USER {render.UID}:{render.UID}" in final
    assert "RUN " not in final, "the final stage has no shell to run anything with"


def test_there_is_no_health_check_in_the_image() -> None:
    assert "HEALTHCHECK" not in CONTAINERFILE.replace("No HEALTHCHECK", "")
