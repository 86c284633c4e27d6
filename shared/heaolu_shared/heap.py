"""The garbage collector of a long-running process, settled once it has started.

CPython's cyclic collector runs a young collection whenever allocations outnumber deallocations
by 700 container objects, and a request (parsing, validation, the database session, the answer)
briefly holds more than that: it ran about once every three requests. Every tenth of those
scanned the older generation and every hundredth the whole heap, which after start-up holds
the imported libraries, the compiled SQL and the OpenAPI schema: a few hundred thousand
objects that are never garbage. Measured on the intake API, the collector cost about 0.3 to
0.5 ms of CPU per report, a tenth of the request (ADR 0028).
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
"""Allocations (net of deallocations) between young collections: above what one request holds
at once, so collections follow real growth, yet small enough that one pauses for well under a
millisecond."""


def settle() -> None:
    """Collect what start-up left behind, then move every surviving object to the permanent
    generation, which no collection scans, and raise the young threshold.

    Called once the process is ready to work (the API's lifespan after its start-up hooks, a
    worker before its loop). Objects created later are collected as usual.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
