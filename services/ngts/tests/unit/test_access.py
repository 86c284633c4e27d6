"""The shared policy's NGTS rule: only designated specialists of the municipality."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from heaolu_ngts.common import messages
from heaolu_ngts.common.access import ViewLimitReached
from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, decide
from heaolu_shared.auth import Principal
from heaolu_shared.errors import error_response
from heaolu_shared.roles import Role

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LIST = RecordScope(Domain.NGTS, "0897")
DESIGNATED = AccessContext(now=NOW, designated_domains=frozenset({Domain.NGTS}))
NOT_DESIGNATED = AccessContext(now=NOW)


def user(*roles: str, municipality: str | None = "0897") -> Principal:
    return Principal(subject="s", roles=frozenset(roles), municipality=municipality)


@pytest.mark.parametrize("action", [Action.LIST, Action.READ, Action.UPDATE, Action.CREATE])
def test_a_designated_specialist_works_with_the_municipalitys_list(action: Action) -> None:
    assert decide(user(Role.NGTS_CASE_MANAGER), action, LIST, DESIGNATED).allowed


@pytest.mark.parametrize(
    ("principal", "ctx"),
    [
        (user(Role.NGTS_CASE_MANAGER), NOT_DESIGNATED),
        (user(Role.NGTS_CASE_MANAGER, municipality="0663"), DESIGNATED),
        (user(Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER), DESIGNATED),
        (user(Role.DEPARTMENT_HEAD), NOT_DESIGNATED),
        (user(Role.CHILD_PROTECTION_WORKER), DESIGNATED),
        (user(Role.SKA_COUNSELLOR, municipality=None), DESIGNATED),
        (user(Role.SKA_CENTRAL_AUTHORITY, municipality=None), DESIGNATED),
        (user(Role.AUDITOR, municipality=None), DESIGNATED),
    ],
    ids=[
        "undesignated",
        "other-municipality",
        "head-designated-context",
        "head",
        "worker",
        "ska",
        "ska-central",
        Role.AUDITOR,
    ],
)
def test_everyone_else_is_refused(principal: Principal, ctx: AccessContext) -> None:
    for action in Action:
        assert not decide(principal, action, LIST, ctx).allowed


def test_nobody_exports_the_list() -> None:
    assert not decide(user(Role.NGTS_CASE_MANAGER), Action.EXPORT, LIST, DESIGNATED).allowed


def test_heads_keep_their_case_records() -> None:
    case = RecordScope(Domain.CHILD_PROTECTION, "0897")
    assert decide(user(Role.DEPARTMENT_HEAD), Action.READ, case, NOT_DESIGNATED).allowed


@pytest.mark.parametrize(
    ("accept_language", "language", "title", "detail"),
    [
        (
            None,
            "et",
            "Liiga palju avatud noori",
            "Olete viimase tunni jooksul avanud lubatud arvu noori (15); proovige hiljem uuesti",
        ),
        (
            "en",
            "en",
            "Too many youths opened",
            "You have opened as many youths as allowed in an hour (15); try again later",
        ),
    ],
)
def test_the_view_limit_is_answered_in_the_readers_language(
    accept_language: str | None, language: str, title: str, detail: str
) -> None:
    error = ViewLimitReached(messages.VIEW_LIMIT, extra={"limit": 15}, limit=15)
    response = error_response(error, accept_language)
    body = json.loads(bytes(response.body))
    assert response.status_code == 429 and response.headers["content-language"] == language
    assert body["type"].endswith("/view-limit") and body["code"] == "ngts.view-limit"
    assert (body["title"], body["detail"], body["limit"]) == (title, detail, 15)
