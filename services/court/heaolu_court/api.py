"""Court's HTTP API: court proceedings, opinions to the court, custody-restriction applications."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/court/v1", tags=["court"])
