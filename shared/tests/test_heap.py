"""The collector is settled once a service has started (ADR 0028)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator

import pytest

from heaolu_shared import heap
from heaolu_shared.app import create_app
from heaolu_shared.settings import ServiceSettings


@pytest.fixture
def restored_collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_what_exists_and_raises_the_young_threshold(
    restored_collector: None,
) -> None:
    gc.unfreeze()
    survivor = [[n] for n in range(10)]
    heap.settle()
    assert gc.get_freeze_count() >= len(survivor)
    assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
    # What existed is in no generation a collection scans; what comes later is.
    scanned = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
    assert not scanned & {id(s) for s in survivor}
    newcomer = [0]
    assert id(newcomer) in {id(o) for o in gc.get_objects(0)}


def test_an_api_settles_the_collector_once_started(restored_collector: None) -> None:
    gc.unfreeze()
    gc.set_threshold(700, 10, 10)
    app = create_app(
        ServiceSettings(service_name="heap-test"),
        title="heap test",
        routers=[],
        with_database=False,
        with_kafka=False,
    )

    async def start_and_stop() -> tuple[int, int]:
        async with app.router.lifespan_context(app):
            return gc.get_freeze_count(), gc.get_threshold()[0]

    frozen, young = asyncio.run(start_and_stop())
    assert frozen > 0
    assert young == heap.YOUNG_THRESHOLD
