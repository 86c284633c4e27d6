"""The receipt is no oracle: a random number, two statuses, and nothing that depends on what is
stored about the child; the reporter reads their own receipt and nobody else's."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from heaolu_intake.common.receipts import (
    RECEIPT_PATTERN,
    Receipt,
    receipt_number,
    receipt_of,
    receipt_scope,
    receipt_status,
)
from heaolu_intake.reports.schemas import ReportCreated
from heaolu_shared.access import AccessContext, Action, decide
from heaolu_shared.auth import Principal
from services.intake.tests import factories as make

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_receipt_numbers_are_random_and_well_formed() -> None:
    numbers = {receipt_number() for _ in range(200)}
    assert len(numbers) == 200
    assert all(re.match(RECEIPT_PATTERN, n) for n in numbers)


def test_a_new_report_is_received() -> None:
    assert receipt_status(make.report()) == "received"


@pytest.mark.parametrize(
    "changes",
    [{"assignee": "worker-subject"}, {"status": "linked"}, {"status": "rerouted"}],
)
def test_any_work_on_the_report_shows_as_being_handled(changes: dict[str, str]) -> None:
    assert receipt_status(make.report(**changes)) == "being_handled"


def test_the_receipt_says_nothing_of_routing_linking_or_who_handles_it() -> None:
    plain = make.report(receipt_number="0000-0000-0001")
    routed_elsewhere = make.report(
        receipt_number="0000-0000-0001",
        municipality=make.VORU,
        routing_basis="location",
        status="linked",
        linked_to=plain.id,
        assignee="someone",
    )
    assert set(Receipt.model_fields) == {"receipt_number", "status"}
    assert receipt_of(routed_elsewhere) == Receipt(
        receipt_number="0000-0000-0001", status="being_handled"
    )
    assert receipt_of(plain).receipt_number == receipt_of(routed_elsewhere).receipt_number


def test_the_answer_to_a_new_report_holds_nothing_about_the_child() -> None:
    assert set(ReportCreated.model_fields) == {
        "report_id",
        "receipt_number",
        "received_at",
        "status",
    }
    assert ReportCreated.model_fields["status"].default == "received"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        (make.teacher(), True),
        (make.teacher("other-teacher"), False),
        (make.head(), False),
        (make.worker(), False),
    ],
)
def test_only_the_reporter_reads_the_receipt(who: Principal, allowed: bool) -> None:
    report = make.report(created_by=make.teacher().subject)
    decision = decide(who, Action.READ, receipt_scope(report), AccessContext(now=NOW))
    assert decision.allowed is allowed


def test_a_receipt_is_read_never_listed_or_changed() -> None:
    teacher = make.teacher()
    scope = receipt_scope(make.report(created_by=teacher.subject))
    for action in (Action.LIST, Action.UPDATE, Action.EXPORT):
        assert not decide(teacher, action, scope, AccessContext(now=NOW)).allowed
