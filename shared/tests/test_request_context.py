"""The request context middleware: request ids and the per-route metrics."""

from __future__ import annotations

import re

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import REGISTRY
from starlette.types import Message, Receive, Scope, Send

from heaolu_shared.app import RequestContextMiddleware


async def _route_and_answer(scope: Scope, receive: Receive, send: Send) -> None:
    scope["route"] = type("Template", (), {"path": "/things/{id}"})()
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def _call(app: RequestContextMiddleware, headers: list[tuple[bytes, bytes]]) -> Message:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": "/things/7", "headers": headers}
    await app(scope, receive, send)
    return sent[0]


def _request_id(start: Message) -> str:
    ids = [value.decode() for name, value in start["headers"] if name == b"x-request-id"]
    assert len(ids) == 1
    return ids[0]


async def test_ids_are_made_fresh_unless_the_caller_sent_a_well_formed_one() -> None:
    app = RequestContextMiddleware(_route_and_answer, service="context-test")

    made = {_request_id(await _call(app, [])) for _ in range(50)}
    assert len(made) == 50
    assert all(re.fullmatch(r"[0-9a-f]{32}", made_id) for made_id in made)

    kept = await _call(app, [(b"x-request-id", b"caller-chosen.id_1")])
    assert _request_id(kept) == "caller-chosen.id_1"
    replaced = await _call(app, [(b"x-request-id", b"bad id\x7f")])
    assert _request_id(replaced) != "bad id\x7f"
    assert re.fullmatch(r"[0-9a-f]{32}", _request_id(replaced))


async def test_every_request_is_counted_and_timed_by_its_route_template() -> None:
    app = RequestContextMiddleware(_route_and_answer, service="metrics-test")
    labels = {"service": "metrics-test", "method": "GET", "route": "/things/{id}"}

    def counted() -> float:
        return (
            REGISTRY.get_sample_value("heaolu_http_requests_total", labels | {"status": "204"})
            or 0.0
        )

    def timed() -> float:
        return REGISTRY.get_sample_value("heaolu_http_request_seconds_count", labels) or 0.0

    before, before_timed = counted(), timed()
    for _ in range(3):
        await _call(app, [])
    assert counted() == before + 3
    assert timed() == before_timed + 3


async def test_the_span_names_the_route_template_never_the_path() -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = RequestContextMiddleware(_route_and_answer, service="span-test")
    app.tracer = provider.get_tracer("test")

    await _call(app, [])

    (span,) = exporter.get_finished_spans()
    assert span.name == "GET /things/{id}"
    assert dict(span.attributes or {}) == {
        "http.request.method": "GET",
        "http.route": "/things/{id}",
        "http.response.status_code": 204,
    }
