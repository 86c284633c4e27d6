"""The shared creation and update plumbing as an endpoint sees it (no database: without an
``Idempotency-Key`` a creation runs once and stores nothing)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from heaolu_shared.app import get_session
from heaolu_shared.auth import Principal
from heaolu_shared.errors import install_problem_handlers
from heaolu_shared.openapi import install_error_documentation
from heaolu_shared.plumbing import (
    ERRORS_UPDATE,
    Creator,
    Plumbing,
    Updater,
    problems,
)
from heaolu_shared.roles import Role

PREFIX = "/api/test/v1"
CALLER = Principal(subject="s-1", roles=frozenset({Role.DEPARTMENT_HEAD}), municipality="0296")


class ThingIn(BaseModel):
    name: str


class ThingOut(BaseModel):
    id: uuid.UUID
    name: str
    version: int


async def admitted() -> Principal:
    return CALLER


PLUMBING = Plumbing(PREFIX, admitted)
Creation = Annotated[Creator, Depends(PLUMBING.creator)]
Update = Annotated[Updater, Depends(PLUMBING.updater)]
CURRENT_VERSION = 3


def app() -> FastAPI:
    made = FastAPI()
    install_problem_handlers(made)
    install_error_documentation(made)

    async def no_session() -> AsyncIterator[None]:
        yield None

    made.dependency_overrides[get_session] = no_session

    @made.post(PREFIX + "/things", status_code=201, response_model=ThingOut)
    async def create_thing(body: ThingIn, creation: Creation) -> ThingOut:
        async def create() -> ThingOut:
            return ThingOut(id=uuid.uuid4(), name=body.name, version=1)

        return await creation(
            "thing.create", body, "", ThingOut, create, lambda out: f"/things/{out.id}"
        )

    @made.put(PREFIX + "/things/{thing_id}", response_model=ThingOut, responses=ERRORS_UPDATE)
    async def change_thing(thing_id: uuid.UUID, body: ThingIn, update: Update) -> ThingOut:
        update.check(CURRENT_VERSION)
        update.tag(CURRENT_VERSION + 1)
        return ThingOut(id=thing_id, name=body.name, version=CURRENT_VERSION + 1)

    return made


def test_a_creation_answers_201_with_location_and_etag() -> None:
    with TestClient(app()) as client:
        answer = client.post(PREFIX + "/things", json={"name": "x"})
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"{PREFIX}/things/{answer.json()['id']}"
    assert answer.headers["ETag"] == '"1"'


def test_an_update_needs_if_match_naming_the_current_version() -> None:
    url = f"{PREFIX}/things/{uuid.uuid4()}"
    with TestClient(app()) as client:
        missing = client.put(url, json={"name": "x"})
        stale = client.put(url, json={"name": "x"}, headers={"If-Match": '"2"'})
        weak = client.put(url, json={"name": "x"}, headers={"If-Match": 'W/"3"'})
        current = client.put(url, json={"name": "x"}, headers={"If-Match": '"3"'})
    assert missing.status_code == 428
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert stale.status_code == 412
    assert weak.status_code == 412
    assert current.status_code == 200
    assert current.headers["ETag"] == '"4"'


def test_the_headers_and_error_answers_are_documented() -> None:
    document = app().openapi()
    create = document["paths"][PREFIX + "/things"]["post"]
    change = document["paths"][PREFIX + "/things/{thing_id}"]["put"]
    assert [p["name"] for p in create["parameters"]] == ["Idempotency-Key"]
    assert "If-Match" in [p["name"] for p in change["parameters"]]
    assert {"409", "412", "428"} <= set(change["responses"])


def test_problems_document_problem_json_answers() -> None:
    documented = problems(403, 404)
    assert set(documented) == {403, 404}
    assert all("application/problem+json" in d["content"] for d in documented.values())
