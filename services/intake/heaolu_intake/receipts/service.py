"""The public receipt check: a reporter (signed in or not) asks how their report stands."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_intake.common import messages
from heaolu_intake.common.receipts import Receipt, receipt_of
from heaolu_intake.receipts.repository import by_receipt
from heaolu_shared.errors import ResourceNotFound


async def check_receipt(session: AsyncSession, receipt_number: str) -> Receipt:
    """The receipt of the report with this number; 404 for an unknown number (the number is
    random, so guessing one is as hopeless as guessing a report id)."""
    report = await by_receipt(session, receipt_number)
    if report is None:
        raise ResourceNotFound(messages.NO_SUCH_RECEIPT)
    return receipt_of(report)
