"""Problems in the caller's language; strong If-Match; cursors that are the caller's input."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ValidationError, field_validator

from heaolu_shared.concurrency import check_version
from heaolu_shared.errors import (
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    install_problem_handlers,
)
from heaolu_shared.messages import define, preferred_languages
from heaolu_shared.pagination import InvalidCursor, decode_cursor, encode_cursor
from heaolu_shared.validation import INVALID_VALUE, validation_errors

CLOSED = define(
    "test.case-closed",
    et="Juhtum on suletud ({count} kirjet)",
    en="The case is closed ({count} records)",
)


def _client() -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/closed")
    async def closed() -> None:
        raise Conflict(CLOSED, count=3)

    return TestClient(app)


@pytest.mark.parametrize(
    ("accept", "language", "title", "detail"),
    [
        (None, "et", "Konflikt", "Juhtum on suletud (3 kirjet)"),
        ("en-GB,en;q=0.9", "en", "Conflict", "The case is closed (3 records)"),
        ("de, en;q=0.5", "en", "Conflict", "The case is closed (3 records)"),
        ("et;q=0.4, en;q=0.8", "en", "Conflict", "The case is closed (3 records)"),
        ("en;q=0", "et", "Konflikt", "Juhtum on suletud (3 kirjet)"),
        # The message has no Russian: the answer falls back whole, never mixed.
        ("ru", "et", "Konflikt", "Juhtum on suletud (3 kirjet)"),
        ("garbage;;q=x,,", "et", "Konflikt", "Juhtum on suletud (3 kirjet)"),
    ],
)
def test_a_problem_is_in_the_language_the_caller_accepts(
    accept: str | None, language: str, title: str, detail: str
) -> None:
    headers = {"Accept-Language": accept} if accept is not None else {}
    response = _client().get("/closed", headers=headers)

    assert response.status_code == 409
    assert response.headers["content-language"] == language
    body = response.json()
    assert (body["title"], body["detail"], body["code"]) == (title, detail, "test.case-closed")


def test_russian_where_every_text_has_it() -> None:
    response = _client().get("/nowhere", headers={"Accept-Language": "ru"})
    assert response.headers["content-language"] == "ru"
    assert response.json()["title"] == "Не найдено"


def test_a_validators_own_text_is_never_shown() -> None:
    # A ValueError's text is the code's, not the catalogue's: it may be English only, or quote
    # the input. Only a rule raised as ``invalid(message)`` names itself.
    class Body(BaseModel):
        value: int

        @field_validator("value")
        @classmethod
        def _small(cls, value: int) -> int:
            if value > 9:
                raise ValueError(f"{value} is too big / {value} on liiga suur")
            return value

    with pytest.raises(ValidationError) as refused:
        Body.model_validate({"value": 12345})
    ((field, code, message, params),) = validation_errors(refused.value.errors())
    assert (field, code, params) == ("value", INVALID_VALUE.key, {})
    assert "12345" not in str(message.texts)


def test_preferred_languages_always_end_in_estonian() -> None:
    assert preferred_languages("en") == ["en", "et"]
    assert preferred_languages("ru;q=0.5, en") == ["en", "ru", "et"]
    assert preferred_languages(None) == ["et"]


@pytest.mark.parametrize("header", ['W/"3"', "*", '"2"', "3", '"3" x', 'W/"3", "4"'])
def test_if_match_needs_the_strong_tag_of_the_current_version(header: str) -> None:
    with pytest.raises(PreconditionFailed):
        check_version(3, header)


def test_if_match_accepts_the_current_strong_tag_among_others() -> None:
    check_version(3, '"3"')
    check_version(3, 'W/"2", "3"')
    with pytest.raises(PreconditionRequired):
        check_version(3, None)


def _raw_cursor(values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "WyIyMDI2LTAxLTAxVDAwOjAwOjAwIiwgNV0",  # ["2026-01-01T00:00:00", 5]
        _raw_cursor(["2026-01-01T00:00:00", str(uuid.uuid4())]),  # no time zone
        _raw_cursor(["9999-12-31T23:59:59-23:00", str(uuid.uuid4())]),
        _raw_cursor([None, None]),
        _raw_cursor({"a": 1}),
        _raw_cursor(["2026-01-01T00:00:00+00:00"]),
        "%%%",
        "A" * 5000,
        "",
    ],
)
def test_a_cursor_not_made_here_is_a_400(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor(cursor, (datetime, uuid.UUID))


def test_a_cursor_round_trips() -> None:
    key = (datetime.fromisoformat("2026-03-01T10:00:00+02:00"), uuid.uuid4())
    assert decode_cursor(encode_cursor(key), (datetime, uuid.UUID)) == key
