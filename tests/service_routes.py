"""Every service's FastAPI routes, for tests that walk them."""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi.routing import APIRoute

SERVICES = ("intake", "casework", "court", "ngts", "reporting", "audit", "web")


def _routes(routes: Iterable[Any]) -> Iterator[APIRoute]:
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def service_routes(service: str) -> list[APIRoute]:
    """The API routes of ``service``'s application, included routers unfolded."""
    app = importlib.import_module(f"heaolu_{service}.main").app()
    return list(_routes(app.routes))
