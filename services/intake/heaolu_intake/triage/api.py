"""The intake queue's endpoint."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from heaolu_intake.common.access import Caller
from heaolu_intake.common.http import API_PREFIX
from heaolu_intake.triage import service
from heaolu_intake.triage.schemas import ReportPage, ReportSummary
from heaolu_shared.app import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["intake"])


@router.get("/reports", response_model=ReportPage)
async def list_reports(
    principal: Caller,
    session: DbSession,
    queue_name: Annotated[
        str, Query(alias="queue", pattern="^(municipality|ska_triage)$")
    ] = "municipality",
    cursor: str | None = None,
    limit: int = Query(default=50, ge=1, le=200),
) -> ReportPage:
    """The municipality's incoming reports (or SKA's triage queue), newest first."""
    rows, next_cursor = await service.queue(
        session,
        principal=principal,
        ska_triage=queue_name == "ska_triage",
        cursor=cursor,
        limit=limit,
        now=datetime.now(UTC),
    )
    return ReportPage(
        items=[ReportSummary.model_validate(r) for r in rows], next_cursor=next_cursor
    )
