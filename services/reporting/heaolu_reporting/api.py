"""Reporting's HTTP API: read models, KPIs, statutory reports and the SKA feed."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/reporting/v1", tags=["reporting"])
