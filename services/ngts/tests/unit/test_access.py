"""The shared policy's NGTS rule: only designated specialists of the municipality."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, decide
from heaolu_shared.auth import Principal

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LIST = RecordScope(Domain.NGTS, "0899")
DESIGNATED = AccessContext(now=NOW, designated_domains=frozenset({Domain.NGTS}))
NOT_DESIGNATED = AccessContext(now=NOW)


def user(*roles: str, municipality: str | None = "0899") -> Principal:
    return Principal(subject="s", roles=frozenset(roles), municipality=municipality)


@pytest.mark.parametrize("action", [Action.LIST, Action.READ, Action.UPDATE, Action.CREATE])
def test_a_designated_specialist_works_with_the_municipalitys_list(action: Action) -> None:
    assert decide(user("ngts_case_manager"), action, LIST, DESIGNATED).allowed


@pytest.mark.parametrize(
    ("principal", "ctx"),
    [
        (user("ngts_case_manager"), NOT_DESIGNATED),
        (user("ngts_case_manager", municipality="0663"), DESIGNATED),
        (user("department_head", "child_protection_worker"), DESIGNATED),
        (user("department_head"), NOT_DESIGNATED),
        (user("child_protection_worker"), DESIGNATED),
        (user("ska_counsellor", municipality=None), DESIGNATED),
        (user("ska_central_authority", municipality=None), DESIGNATED),
        (user("auditor", municipality=None), DESIGNATED),
    ],
    ids=[
        "undesignated",
        "other-municipality",
        "head-designated-context",
        "head",
        "worker",
        "ska",
        "ska-central",
        "auditor",
    ],
)
def test_everyone_else_is_refused(principal: Principal, ctx: AccessContext) -> None:
    for action in Action:
        assert not decide(principal, action, LIST, ctx).allowed


def test_nobody_exports_the_list() -> None:
    assert not decide(user("ngts_case_manager"), Action.EXPORT, LIST, DESIGNATED).allowed


def test_heads_keep_their_case_records() -> None:
    case = RecordScope(Domain.CHILD_PROTECTION, "0899")
    assert decide(user("department_head"), Action.READ, case, NOT_DESIGNATED).allowed
