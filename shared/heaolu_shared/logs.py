"""JSON logging with the request id, never personal data.

Log calls pass only identifiers that are not personal (event ids, record UUIDs, counts) in
``extra``; :data:`ALLOWED_EXTRA` lists the keys that are written, so a stray ``extra={"name": ...}``
never reaches the log.
"""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)

ALLOWED_EXTRA = frozenset(
    {
        "event_id",
        "event_type",
        "topic",
        "partition",
        "offset",
        "consumer",
        "count",
        "attempt",
        "error_type",
        "record_id",
        "status",
        "method",
        "route",
        "duration_ms",
        "service",
        "port",
        "approaching",
        "breached",
        # An inbox consumer's outcomes since its last offset commit.
        "processed",
        "duplicate",
        "ignored",
        "dead-lettered",
    }
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, trace, allowed extras."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        from opentelemetry import trace

        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            entry["trace_id"] = format(ctx.trace_id, "032x")
        for key in ALLOWED_EXTRA:
            if key in record.__dict__:
                entry[key] = record.__dict__[key]
        if record.exc_info and record.exc_info[0] is not None:
            # The exception type only: messages and tracebacks may quote personal data.
            entry["exception"] = record.exc_info[0].__name__
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send all logging to stdout as JSON lines."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiokafka", "uvicorn.access", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
