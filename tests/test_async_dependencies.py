"""No endpoint dependency of any service runs in a thread pool.

FastAPI runs a plain ``def`` dependency in a worker thread: a hand-off and back, with the GIL,
on every request (a twentieth of the intake API's CPU per report, measured). Dependencies here
do no blocking I/O, so each is ``async def``.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

SERVICES = ("intake", "casework", "court", "ngts", "reporting", "audit", "web")


def _routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def _threaded(dependant: Dependant) -> Iterator[str]:
    for sub in dependant.dependencies:
        call = sub.call
        if call is not None and not (
            inspect.iscoroutinefunction(call)
            or inspect.isasyncgenfunction(call)
            or inspect.isclass(call)
            or inspect.iscoroutinefunction(type(call).__call__)
        ):
            yield f"{call.__module__}.{call.__qualname__}"
        yield from _threaded(sub)


@pytest.mark.parametrize("service", SERVICES)
def test_every_dependency_runs_on_the_event_loop(service: str) -> None:
    app = importlib.import_module(f"heaolu_{service}.main").app()
    routes = list(_routes(app.routes))
    assert routes, "the service's routes were found"
    threaded = {name for route in routes for name in _threaded(route.dependant)}
    assert threaded == set()
