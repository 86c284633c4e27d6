"""Settings refuse development secrets in prod; errors render as RFC 9457 problems."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, ValidationError

from heaolu_shared.errors import Conflict, RuleViolation, install_problem_handlers
from heaolu_shared.messages import define
from heaolu_shared.settings import ServiceSettings


def test_dev_defaults_are_accepted_in_dev() -> None:
    assert ServiceSettings(environment="dev").pseudonym_key.startswith("dev-only")


def test_prod_refuses_a_development_default_secret() -> None:
    with pytest.raises(ValidationError, match="pseudonym_key"):
        ServiceSettings(environment="prod", database_url="postgresql+asyncpg://u:s3cret@db/x")


def test_prod_refuses_a_development_database_password() -> None:
    with pytest.raises(ValidationError, match="database_url"):
        ServiceSettings(
            environment="prod",
            pseudonym_key="a-real-key-from-the-vault",
            database_url="postgresql+asyncpg://heaolu_intake:heaolu_intake_dev@db/intake",
        )


def test_prod_refuses_fault_injection() -> None:
    with pytest.raises(ValidationError, match="fault"):
        ServiceSettings(
            environment="prod",
            pseudonym_key="k",
            database_url="postgresql+asyncpg://u:p@db/x",
            fault="relay_crash_after_send",
        )


def test_prod_accepts_real_secrets() -> None:
    settings = ServiceSettings(
        environment="prod",
        pseudonym_key="k-from-vault",
        database_url="postgresql+asyncpg://u:p@db/x",
    )
    assert settings.environment == "prod"


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")
    personal_code: str
    count: int


NEEDS_OPINION = define(
    "test.plan-needs-opinion",
    et="Juhtumiplaanis peab olema lapse arvamus",
    en="A case plan needs the child's opinion",
)
EXISTS = define("test.already-exists", et="On juba olemas", en="Already exists")


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict[str, str]:
        raise RuleViolation(NEEDS_OPINION, extra={"field": "child_opinion"})

    @app.get("/conflict")
    async def conflict() -> None:
        raise Conflict(EXISTS)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret 37605030299")

    return app


def test_domain_errors_render_as_problem_json() -> None:
    client = TestClient(_app())
    response = client.post("/things", json={"personal_code": "37605030299", "count": 1})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "https://heaolu.ee/problems/rule-violation"
    assert body["field"] == "child_opinion"
    assert (body["code"], body["detail"]) == ("test.plan-needs-opinion", NEEDS_OPINION.texts["et"])
    assert "instance" not in body
    assert client.get("/conflict").json()["status"] == 409


def test_validation_errors_name_the_field_but_never_echo_the_input() -> None:
    client = TestClient(_app())
    response = client.post("/things", json={"personal_code": "37605030299", "count": "many"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "count", "code": "validation.int_parsing", "message": "Oodati täisarvu"}
    ]
    assert response.headers["content-language"] == "et"
    assert "37605030299" not in response.text


def test_unknown_fields_are_refused_without_naming_them() -> None:
    client = TestClient(_app())
    response = client.post("/things", json={"personal_code": "x", "count": 1, "37605030299": "y"})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "", "code": "validation.extra_forbidden", "message": "Tundmatu väli"}
    ]
    assert "37605030299" not in response.text


def test_unexpected_errors_are_500_problems_without_the_message() -> None:
    client = TestClient(_app(), raise_server_exceptions=False)
    response = client.get("/boom")

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "37605030299" not in response.text


def test_unknown_paths_are_404_problems() -> None:
    response = TestClient(_app()).get("/nowhere")
    assert response.status_code == 404
    assert response.json()["type"] == "https://heaolu.ee/problems/not-found"
