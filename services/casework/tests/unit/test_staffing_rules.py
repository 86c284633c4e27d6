"""Substitution (asendamine) and SKA's counselling: the window, who substitutes whom, who ends a
window early, who sees a counselling request, and who takes work from the queue."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from heaolu_casework.common.assignment import may_take_from_queue
from heaolu_casework.common.models import CounsellingRequest, Substitution
from heaolu_casework.staffing import rules
from heaolu_shared.access import Domain, RecordScope
from heaolu_shared.errors import RuleViolation
from heaolu_shared.roles import Role

from ..factories import KOHTLA_JARVE, RAKVERE, counsellor, head, principal, worker

START = datetime(2026, 12, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("length", [timedelta(seconds=1), timedelta(days=14), timedelta(days=366)])
def test_a_window_ends_after_it_starts_and_lasts_at_most_a_year(length: timedelta) -> None:
    rules.check_window(START, START + length)


@pytest.mark.parametrize(
    "length", [timedelta(0), -timedelta(days=1), timedelta(days=366, seconds=1)]
)
def test_an_empty_backwards_or_too_long_window_is_refused(length: timedelta) -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.check_window(START, START + length)
    assert refused.value.extra["field"] == "ends_at"


@pytest.mark.parametrize(
    ("absent", "substitute", "municipality", "allowed"),
    [
        ({Role.CHILD_PROTECTION_WORKER}, {Role.CHILD_PROTECTION_WORKER}, RAKVERE, True),
        ({Role.CHILD_PROTECTION_WORKER}, {Role.SOCIAL_SERVICES_SPECIALIST}, RAKVERE, False),
        ({Role.CHILD_PROTECTION_WORKER}, {Role.CHILD_PROTECTION_WORKER}, KOHTLA_JARVE, False),
        ({Role.DEPARTMENT_HEAD}, {Role.DEPARTMENT_HEAD}, RAKVERE, False),
        (
            {Role.SOCIAL_SERVICES_SPECIALIST, Role.DEPARTMENT_HEAD},
            {Role.SOCIAL_SERVICES_SPECIALIST},
            RAKVERE,
            True,
        ),
    ],
)
def test_the_substitute_shares_a_worker_role_in_the_same_municipality(
    absent: set[str], substitute: set[str], municipality: str, allowed: bool
) -> None:
    assert rules.may_substitute(absent, substitute, municipality, RAKVERE) is allowed


def _window(absent: str) -> Substitution:
    return Substitution(
        municipality=RAKVERE,
        absent=absent,
        substitute="liis",
        starts_at=START,
        ends_at=START + timedelta(days=7),
        recorded_by=absent,
    )


def test_the_absent_worker_or_their_head_ends_the_window() -> None:
    absent, substitute = worker("kadri"), worker("liis")
    window = _window(absent.subject)
    assert rules.may_end_substitution(absent, window)
    assert rules.may_end_substitution(head(), window)
    assert not rules.may_end_substitution(substitute, window)
    assert not rules.may_end_substitution(head(KOHTLA_JARVE), window)


def test_a_counselling_request_is_seen_by_ska_the_asker_and_their_head() -> None:
    asker = worker("kadri")
    request = CounsellingRequest(
        municipality=RAKVERE, record_id=uuid.uuid4(), question="?", opened_by=asker.subject
    )
    assert rules.may_see_counselling(counsellor(), request)
    assert rules.may_see_counselling(asker, request)
    assert rules.may_see_counselling(head(), request)
    assert not rules.may_see_counselling(worker("mart"), request)
    assert not rules.may_see_counselling(head(KOHTLA_JARVE), request)


def _unassigned(
    domain: Domain = Domain.CHILD_PROTECTION, municipality: str = RAKVERE
) -> RecordScope:
    return RecordScope(domain=domain, municipality=municipality)


def test_a_worker_takes_unassigned_work_of_their_domain_where_the_municipality_allows() -> None:
    allows = frozenset({RAKVERE})
    me = worker()
    assert may_take_from_queue(me, _unassigned(), allows)
    assert not may_take_from_queue(me, _unassigned(), frozenset())
    assert not may_take_from_queue(me, _unassigned(Domain.SOCIAL_SERVICES), allows)
    assert not may_take_from_queue(me, _unassigned(municipality=KOHTLA_JARVE), allows)
    taken = RecordScope(domain=Domain.CHILD_PROTECTION, municipality=RAKVERE, assignee="other")
    assert not may_take_from_queue(me, taken, allows)
    assert may_take_from_queue(
        principal(Role.SOCIAL_SERVICES_SPECIALIST), _unassigned(Domain.SOCIAL_SERVICES), allows
    )
