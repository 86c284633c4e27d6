"""OpenTelemetry tracing across HTTP and Kafka.

The W3C trace context of the request that wrote an outbox row is stored with the row, sent as
Kafka message headers by the relay and restored by the consumer, so a consumer's processing span
is a child of the request that caused it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.sampling import ALWAYS_ON, ParentBased, Sampler, TraceIdRatioBased

_configured = False


class JsonLinesSpanExporter(SpanExporter):
    """Appends finished spans to a file, one JSON object per line (dev and tests)."""

    def __init__(self, path: str) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._file = self._path.open("a", encoding="utf-8")

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = []
        for span in spans:
            ctx = span.get_span_context()
            if ctx is None:
                continue
            lines.append(
                json.dumps(
                    {
                        "name": span.name,
                        "service": span.resource.attributes.get("service.name"),
                        "trace_id": format(ctx.trace_id, "032x"),
                        "span_id": format(ctx.span_id, "016x"),
                        "parent_span_id": format(span.parent.span_id, "016x")
                        if span.parent
                        else None,
                        "kind": span.kind.name,
                        "start": span.start_time,
                        "end": span.end_time,
                        "attributes": {k: str(v) for k, v in (span.attributes or {}).items()},
                    }
                )
            )
        with self._lock:
            self._file.write("".join(line + "\n" for line in lines))
            self._file.flush()
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        with self._lock:
            self._file.close()


def sampler(ratio: float) -> Sampler:
    """Head sampling: where a trace begins, ``ratio`` of them are recorded; a span with a parent
    (a caller's ``traceparent``, an outbox row's stored context) follows the parent's decision,
    so a trace is recorded whole or not at all. An unrecorded span still has a trace context,
    passed on as usual (its ``traceparent`` says "not sampled")."""
    return ParentBased(ALWAYS_ON if ratio >= 1.0 else TraceIdRatioBased(ratio))


def configure_tracing(
    service: str, *, trace_file: str = "", otlp_endpoint: str = "", sample_ratio: float = 1.0
) -> None:
    """Install the tracer provider of this process once."""
    global _configured
    if _configured:
        return
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"heaolu-{service}"}),
        sampler=sampler(sample_ratio),
    )
    if trace_file:
        # Spans leave in batches a fifth of a second apart: a write per span costs every
        # request a system call for a file only development and tests read.
        provider.add_span_processor(
            BatchSpanProcessor(JsonLinesSpanExporter(trace_file), schedule_delay_millis=200)
        )
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    trace.set_tracer_provider(provider)
    _configured = True


def tracer(name: str) -> trace.Tracer:
    """A tracer of the project."""
    return trace.get_tracer(name)


def current_trace_headers() -> dict[str, str]:
    """The W3C trace context of the current span as a header dict (empty when none)."""
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def context_from_headers(headers: Mapping[str, str]) -> otel_context.Context:
    """The trace context carried by message or request headers."""
    return propagate.extract(dict(headers))


def kafka_headers(headers: Mapping[str, str]) -> list[tuple[str, bytes]]:
    """Kafka message headers from a string mapping."""
    return [(k, v.encode()) for k, v in headers.items()]


def decode_kafka_headers(headers: Sequence[tuple[str, bytes]] | None) -> dict[str, str]:
    """A string mapping from Kafka message headers (undecodable values are dropped)."""
    result: dict[str, str] = {}
    for key, value in headers or ():
        try:
            result[key] = value.decode()
        except (UnicodeDecodeError, AttributeError):
            continue
    return result
