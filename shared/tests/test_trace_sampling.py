"""Head sampling: a share of the traces that begin here is recorded, a trace with a parent
follows the parent's decision, and an unrecorded span still passes its trace context on."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from heaolu_shared.telemetry import context_from_headers, sampler

PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-{flags}"


def _tracer(ratio: float) -> trace.Tracer:
    return TracerProvider(sampler=sampler(ratio)).get_tracer("test")


def _recorded(tracer: trace.Tracer, spans: int = 400) -> int:
    recorded = 0
    for _ in range(spans):
        span = tracer.start_span("GET /x", kind=trace.SpanKind.SERVER)
        recorded += span.is_recording()
        span.end()
    return recorded


def test_every_trace_is_recorded_at_ratio_one_and_none_at_zero() -> None:
    assert _recorded(_tracer(1.0)) == 400
    assert _recorded(_tracer(0.0)) == 0


def test_a_ratio_records_about_that_share_of_new_traces() -> None:
    # Trace ids are random: 400 draws at 0.25 land in 60..140 but about once in 250 000 runs.
    assert 60 <= _recorded(_tracer(0.25)) <= 140


def test_a_span_with_a_parent_follows_the_parents_decision() -> None:
    sampled = context_from_headers({"traceparent": PARENT.format(flags="01")})
    not_sampled = context_from_headers({"traceparent": PARENT.format(flags="00")})

    assert _tracer(0.0).start_span("consume", context=sampled).is_recording()
    assert not _tracer(1.0).start_span("consume", context=not_sampled).is_recording()


def test_an_unrecorded_span_passes_its_trace_context_on_as_not_sampled() -> None:
    span = _tracer(0.0).start_span("GET /x", kind=trace.SpanKind.SERVER)
    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(carrier, context=trace.set_span_in_context(span))

    context = span.get_span_context()
    assert not span.is_recording()
    assert context.is_valid
    _version, trace_id, span_id, flags = carrier["traceparent"].split("-")
    assert (trace_id, span_id) == (f"{context.trace_id:032x}", f"{context.span_id:016x}")
    assert int(flags, 16) & 0x01 == 0  # "sampled" is off (other flags may be set)
