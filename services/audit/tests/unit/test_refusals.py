"""Audit's refusals carry catalogue messages, in the caller's language (Estonian by default)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import ValidationError

from heaolu_audit.api import router
from heaolu_audit.schemas import PersonSearch
from heaolu_shared.app import get_session
from heaolu_shared.auth import Principal, authenticate
from heaolu_shared.errors import install_problem_handlers
from heaolu_shared.roles import Role
from heaolu_shared.validation import validation_errors


def _client(principal: Principal) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router)

    async def no_session() -> AsyncIterator[None]:
        yield None

    async def caller() -> Principal:
        return principal

    app.dependency_overrides[get_session] = no_session
    app.dependency_overrides[authenticate] = caller
    return TestClient(app)


@pytest.mark.parametrize(
    "principal",
    [
        Principal(subject="w-1", roles=frozenset({Role.CHILD_PROTECTION_WORKER})),
        Principal(subject="c-1", roles=frozenset({Role.CITIZEN})),
    ],
    ids=["worker", "citizen-without-code"],
)
@pytest.mark.parametrize(
    ("accept", "language", "detail"),
    [
        (None, "et", "Juurdepääsulogi on mõeldud sisseloginud kodanikule"),
        ("en", "en", "This log is for a signed-in citizen"),
    ],
)
def test_the_own_access_log_is_for_a_signed_in_citizen(
    principal: Principal, accept: str | None, language: str, detail: str
) -> None:
    headers = {"Accept-Language": accept} if accept else {}
    response = _client(principal).get("/api/audit/v1/my-access-log", headers=headers)

    assert response.status_code == 403
    assert response.headers["content-language"] == language
    problem = response.json()
    assert (problem["code"], problem["detail"]) == ("audit.log-for-signed-in-citizen", detail)


def test_a_search_by_an_invalid_personal_code_is_refused_with_the_catalogue_message() -> None:
    with pytest.raises(ValidationError) as refused:
        PersonSearch.model_validate({"personal_code": "37605030298"})
    [(field, code, message, params)] = validation_errors(refused.value.errors())
    assert (field, code, params) == ("personal_code", "validation.personal-code", {})
    assert not isinstance(message, str)
    assert message.render("et") == "Vigane isikukood"
    assert message.render("en") == "Not a valid Estonian personal code"
