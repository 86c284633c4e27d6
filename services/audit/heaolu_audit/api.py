"""Audit's HTTP API: the tamper-evident trail of every access to personal data."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/audit/v1", tags=["audit"])
