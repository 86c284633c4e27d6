"""The public receipt check (no sign-in: anonymous reporters have only the number)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from heaolu_intake.common.http import API_PREFIX
from heaolu_intake.common.receipts import RECEIPT_PATTERN, Receipt
from heaolu_intake.receipts import service
from heaolu_shared.app import DbSession

router = APIRouter(prefix=API_PREFIX, tags=["intake"])


@router.get("/public/receipts/{receipt_number}", response_model=Receipt)
async def check_receipt(
    session: DbSession,
    receipt_number: Annotated[str, Path(pattern=RECEIPT_PATTERN)],
) -> Receipt:
    """A reporter checks their report by receipt number: received, or being handled."""
    return await service.check_receipt(session, receipt_number)
