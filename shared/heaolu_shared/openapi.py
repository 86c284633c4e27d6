"""The OpenAPI document says which errors each operation sends, as they are sent.

FastAPI documents only a 422 with its own ``application/json`` schema. Every error of a Heaolu
service is an RFC 9457 ``application/problem+json`` document (:mod:`heaolu_shared.errors`), so
this module replaces that 422 and adds, for each operation, the statuses its shape makes possible:

========================  ===================================================================
every operation           400 (bad cursor, control characters), 429 (gateway's limit)
any parameter or body     422
a request body            413
a bearer token            401, 403; 404 for changes (a referenced record may not exist)
a path parameter          404
``Idempotency-Key``       409 (the key was used for a different request)
any change                409 (the record's state does not allow it)
``If-Match``              412, 428
========================  ===================================================================

and declares the bearer-token security scheme on the operations that need a token.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from heaolu_shared.auth import authenticate
from heaolu_shared.errors import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; title and detail in the language of "
    "Accept-Language (Estonian by default), named in Content-Language.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri", "description": "Stable problem type"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable id of the detail's message"},
        "errors": {
            "type": "array",
            "description": "Validation errors (422): the field, never the value sent",
            "items": {
                "type": "object",
                "required": ["field", "code", "message"],
                "properties": {
                    "field": {"type": "string"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}

DESCRIPTIONS = {
    400: "Bad request (e.g. an invalid cursor or control characters)",
    401: "No valid access token",
    403: "The caller may not do this",
    404: "No such record, or not visible to the caller",
    409: "Conflict with the record's state or a reused Idempotency-Key",
    412: "If-Match does not name the current version",
    413: "The request body is too large",
    422: "The request does not match the schema or breaks a rule",
    428: "If-Match is required",
    429: "Too many requests",
}

BEARER = "bearerAuth"


def _calls(dependant: Dependant) -> Iterator[Any]:
    yield dependant.call
    for sub in dependant.dependencies:
        yield from _calls(sub)


def error_statuses(route: Any) -> set[int]:
    """The error statuses an operation can send, read from its parameters and dependencies
    (``route`` is an :class:`APIRoute` or FastAPI's context of one in an included router)."""
    dependant = route.dependant
    headers = {p.alias.lower() for p in _all_header_params(dependant)}
    changes = bool((route.methods or set()) - {"GET", "HEAD"})
    statuses = {400, 429}
    if (
        any((dependant.path_params, dependant.query_params, headers, dependant.body_params))
        or _all_path_params(dependant)
        or _all_query_params(dependant)
    ):
        statuses.add(422)
    if dependant.body_params:
        statuses.add(413)
    authenticated = authenticate in set(_calls(dependant))
    if authenticated:
        statuses |= {401, 403}
        if changes:
            statuses.add(404)
    if _all_path_params(dependant):
        statuses.add(404)
    if changes or "idempotency-key" in headers:
        statuses.add(409)
    if "if-match" in headers:
        statuses |= {412, 428}
    return statuses


def _all_header_params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.header_params
    for sub in dependant.dependencies:
        yield from _all_header_params(sub)


def _all_query_params(dependant: Dependant) -> list[Any]:
    found = list(dependant.query_params)
    for sub in dependant.dependencies:
        found += _all_query_params(sub)
    return found


def _all_path_params(dependant: Dependant) -> list[Any]:
    found = list(dependant.path_params)
    for sub in dependant.dependencies:
        found += _all_path_params(sub)
    return found


def document_errors(schema: dict[str, Any], routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """Add the problem responses and the bearer scheme to ``schema`` (in place; returned)."""
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components.setdefault("securitySchemes", {})[BEARER] = {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "An access token issued by Keycloak (realm heaolu)",
    }
    problem_content = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    # Routes of included routers are reached through their contexts (as FastAPI's own
    # ``get_openapi`` reaches them), each with its full path.
    for route in routing.iter_route_contexts(routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        path = schema.get("paths", {}).get(route.path_format)
        if path is None:
            continue
        statuses = error_statuses(route)
        for method in route.methods or ():
            operation = path.get(method.lower())
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            # Declared problem answers (``heaolu_shared.plumbing.problems``) are worded alike.
            declared = {
                int(code)
                for code, answer in responses.items()
                if code.isdigit() and PROBLEM_JSON in answer.get("content", {})
            }
            for status in sorted(statuses | (declared & DESCRIPTIONS.keys())):
                responses[str(status)] = {
                    "description": DESCRIPTIONS[status],
                    "content": problem_content,
                }
            if 401 in statuses:
                operation["security"] = [{BEARER: []}]
    for unused in ("HTTPValidationError", "ValidationError"):
        components["schemas"].pop(unused, None)
    return schema


def install_error_documentation(app: FastAPI) -> None:
    """Make ``app``'s OpenAPI document describe every error response as problem+json."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                description=app.description,
                routes=app.routes,
            )
            app.openapi_schema = document_errors(schema, app.routes)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
