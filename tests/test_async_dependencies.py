"""No endpoint dependency of any service runs in a thread pool.

FastAPI runs a plain ``def`` dependency in a worker thread: a hand-off and back, with the GIL,
on every request (a twentieth of the intake API's CPU per report, measured). Dependencies here
do no blocking I/O, so each is ``async def``.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
from fastapi.dependencies.models import Dependant

from tests.service_routes import SERVICES, service_routes


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
    routes = service_routes(service)
    assert routes, "the service's routes were found"
    threaded = {name for route in routes for name in _threaded(route.dependant)}
    assert threaded == set()
