"""Reachability checks used by ``/readyz``."""

from __future__ import annotations

import asyncio
import time

from heaolu_shared.kafka_tls import connection_options

_kafka_cache: dict[str, tuple[float, bool]] = {}
KAFKA_CHECK_TTL = 5.0


async def kafka_reachable(bootstrap: str, timeout: float = 2.0) -> bool:
    """Whether a Kafka bootstrap server answers a metadata request (cached for a few seconds)."""
    cached = _kafka_cache.get(bootstrap)
    now = time.monotonic()
    if cached and now - cached[0] < KAFKA_CHECK_TTL:
        return cached[1]
    from aiokafka.client import AIOKafkaClient

    client = AIOKafkaClient(
        bootstrap_servers=bootstrap,
        request_timeout_ms=int(timeout * 1000),
        **connection_options(),
    )
    try:
        await asyncio.wait_for(client.bootstrap(), timeout=timeout)
        ok = True
    except Exception:
        ok = False
    finally:
        await client.close()
    _kafka_cache[bootstrap] = (now, ok)
    return ok
