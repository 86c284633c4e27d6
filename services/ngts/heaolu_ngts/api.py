"""Ngts's HTTP API: the youth-guarantee (NGTS) lists, outreach and outcomes."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api/ngts/v1", tags=["ngts"])
