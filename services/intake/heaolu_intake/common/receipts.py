"""What a reporter may know of their report, shared by the report view and the public receipt
check: a random receipt number and "received" or "being handled", nothing else.

The receipt is no oracle: its number is not derivable from the report id, and neither the
receipt nor the answer to a new report depends on what is stored about the child (where the
child lives, earlier reports, who handles it), so the answer is the same for any personal code.
"""

from __future__ import annotations

import secrets
from typing import Literal

from pydantic import BaseModel

from heaolu_intake.common.models import Report
from heaolu_shared.access import Domain, RecordScope

ReceiptStatus = Literal["received", "being_handled"]

RECEIPT_PATTERN = r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$"


class Receipt(BaseModel):
    """What a reporter may know: received, or being handled."""

    receipt_number: str
    status: ReceiptStatus


def receipt_number() -> str:
    """A fresh random receipt number such as ``3F2A-09C1-B7D4`` (48 random bits)."""
    raw = secrets.token_hex(6).upper()
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def receipt_status(report: Report) -> ReceiptStatus:
    """Received until someone works on it (assigned, linked to a thread, or re-routed)."""
    return "being_handled" if report.assignee or report.status != "received" else "received"


def receipt_of(report: Report) -> Receipt:
    return Receipt(receipt_number=report.receipt_number, status=receipt_status(report))


def receipt_scope(report: Report) -> RecordScope:
    """The receipt as the policy sees it: its reporter (the account that created it) reads it."""
    return RecordScope(Domain.RECEIPT, report.municipality, assignee=report.created_by)
