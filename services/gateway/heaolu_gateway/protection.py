"""STAR's data-protection rules for protected resources (the NGTS list above all)."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request

EXPORT_FORMATS = frozenset({"csv", "xlsx", "xls", "pdf", "xml", "zip", "ods"})
EXPORT_MEDIA = ("text/csv", "application/vnd", "application/pdf", "application/zip")
PAGE_PARAMS = ("limit", "page_size", "per_page")
DATA_PROTECTION_POLICY = "no-copy, no-print, no-screenshot, no-export"


def export_requested(request: Request) -> bool:
    """Whether the request asks for a bulk or file export of the resource."""
    if request.url.path.rstrip("/").endswith(("/export", "/download")):
        return True
    fmt = request.query_params.get("format", "").lower()
    if fmt in EXPORT_FORMATS:
        return True
    accept = request.headers.get("accept", "").lower()
    return any(media in accept for media in EXPORT_MEDIA)


def oversized_page(request: Request, max_page: int) -> bool:
    """Whether the request asks for a larger page than protected resources allow."""
    for name in PAGE_PARAMS:
        value = request.query_params.get(name)
        if value is not None and (not value.isdigit() or int(value) > max_page):
            return True
    return False


def watermark(subject: str, key: str) -> str:
    """A per-viewer watermark id: traceable to the viewer by the operator, opaque to others."""
    return hmac.new(key.encode(), f"watermark:{subject}".encode(), hashlib.sha256).hexdigest()[:20]
