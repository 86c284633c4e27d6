"""Who sees which intake queue: the department head the whole municipal queue, a worker their
own reports, SKA's counsellors the triage queue of reports no municipality could be found for."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from heaolu_intake.common.access import report_scope
from heaolu_intake.triage.rules import QueueView, queue_view
from heaolu_shared.access import AccessContext, Action, decide
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted
from services.intake.tests import factories as make

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_the_head_sees_the_whole_queue_of_their_municipality() -> None:
    assert queue_view(make.head(), ska_triage=False, now=NOW) == QueueView(make.RAKVERE, None)


def test_a_worker_sees_only_the_reports_assigned_to_them() -> None:
    worker = make.worker()
    assert queue_view(worker, ska_triage=False, now=NOW) == QueueView(make.RAKVERE, worker.subject)


def test_skas_counsellor_works_the_triage_queue() -> None:
    assert queue_view(make.counsellor(), ska_triage=True, now=NOW) == QueueView(None, None)


@pytest.mark.parametrize("who", [make.head(), make.worker(), make.teacher()])
def test_nobody_else_sees_the_triage_queue(who: Principal) -> None:
    with pytest.raises(NotPermitted):
        queue_view(who, ska_triage=True, now=NOW)


def test_the_municipal_queue_needs_a_municipality() -> None:
    with pytest.raises(NotPermitted):
        queue_view(make.counsellor(), ska_triage=False, now=NOW)


def test_a_triage_report_is_open_to_ska_and_closed_to_municipalities() -> None:
    triage = make.report(municipality=None, routing_basis="ska_triage")
    ctx = AccessContext(now=NOW)
    assert decide(make.counsellor(), Action.READ, report_scope(triage), ctx).allowed
    assert decide(make.counsellor(), Action.UPDATE, report_scope(triage), ctx).allowed
    assert not decide(make.head(), Action.READ, report_scope(triage), ctx).allowed


def test_a_linked_report_is_handled_by_whoever_handles_its_thread() -> None:
    worker = make.worker()
    linked = make.report(linked_to=make.report().id, status="linked")
    ctx = AccessContext(now=NOW)
    assert decide(worker, Action.READ, report_scope(linked, worker.subject), ctx).allowed
    assert not decide(worker, Action.READ, report_scope(linked, "someone-else"), ctx).allowed
