"""A case's life: who opens which kind directly, who sees which of the new work in the queue,
and that a case whose child is in care closes only for a reason that ends the care."""

from __future__ import annotations

import pytest

from heaolu_casework.cases import rules
from heaolu_shared.errors import NotPermitted, RuleViolation
from heaolu_shared.roles import Role

from ..factories import KOHTLA_JARVE, RAKVERE, principal

SELF_ASSIGNING = [KOHTLA_JARVE]


@pytest.mark.parametrize(
    ("role", "kinds"),
    [
        (Role.CHILD_PROTECTION_WORKER, {"child_protection"}),
        (Role.SOCIAL_SERVICES_SPECIALIST, {"child_protection", "social_services"}),
        (Role.DEPARTMENT_HEAD, {"child_protection", "social_services"}),
        (Role.SKA_COUNSELLOR, set()),
        (Role.NGTS_CASE_MANAGER, set()),
    ],
)
def test_who_opens_which_kind_of_case_directly(role: Role, kinds: set[str]) -> None:
    caller = principal(role)
    opens = {
        k for k in ("child_protection", "social_services") if rules.may_open_directly(caller, k)
    }
    assert opens == kinds


def test_nobody_opens_a_case_outside_a_municipality() -> None:
    assert not rules.may_open_directly(
        principal(Role.DEPARTMENT_HEAD, municipality=None), "child_protection"
    )


def test_a_case_a_worker_opens_is_theirs_one_a_head_opens_waits_in_the_queue() -> None:
    worker = principal(Role.CHILD_PROTECTION_WORKER)
    assert rules.direct_assignee(worker) == worker.subject
    assert rules.direct_assignee(principal(Role.DEPARTMENT_HEAD)) is None


def test_the_head_sees_every_kind_of_new_work() -> None:
    scope = rules.queue_scope(principal(Role.DEPARTMENT_HEAD), SELF_ASSIGNING)
    assert (scope.municipality, scope.assessments, scope.applications) == (RAKVERE, True, True)
    assert scope.case_kinds == {"child_protection", "social_services"}


def test_workers_see_the_queue_only_where_they_take_work_themselves() -> None:
    with pytest.raises(NotPermitted):
        rules.queue_scope(principal(Role.CHILD_PROTECTION_WORKER), SELF_ASSIGNING)
    with pytest.raises(NotPermitted):
        rules.queue_scope(principal(Role.DEPARTMENT_HEAD, municipality=None), SELF_ASSIGNING)


def test_a_worker_sees_only_the_kinds_of_work_their_role_reaches() -> None:
    protection = rules.queue_scope(
        principal(Role.CHILD_PROTECTION_WORKER, municipality=KOHTLA_JARVE), SELF_ASSIGNING
    )
    assert (protection.assessments, protection.applications) == (True, False)
    assert protection.case_kinds == {"child_protection"}
    social = rules.queue_scope(
        principal(Role.SOCIAL_SERVICES_SPECIALIST, municipality=KOHTLA_JARVE), SELF_ASSIGNING
    )
    assert (social.assessments, social.applications) == (True, True)


@pytest.mark.parametrize("reason", ["came_of_age", "died", "moved_abroad"])
def test_care_ends_with_the_case_only_when_the_reason_ends_it(reason: str) -> None:
    rules.check_closing(reason, children_in_care=1)


@pytest.mark.parametrize("reason", ["goals_reached", "no_longer_needed", "other"])
def test_a_case_with_a_child_in_care_does_not_close_otherwise(reason: str) -> None:
    rules.check_closing(reason, children_in_care=0)
    with pytest.raises(RuleViolation) as refused:
        rules.check_closing(reason, children_in_care=1)
    assert refused.value.extra["field"] == "reason"
