"""RFC 9457 problem details and the small hierarchy of domain errors.

Service code raises a :class:`DomainError` subclass; one handler renders it as
``application/problem+json`` with a stable ``type`` URI. Payload validation keeps 422.
Messages are given in Estonian and English; the problem never echoes personal data.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://heaolu.ee/problems/"

log = logging.getLogger(__name__)


class DomainError(Exception):
    """Base of the errors service code raises; rendered as problem+json."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request / Vigane päring"

    def __init__(self, detail: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra or {}


class NotAuthenticated(DomainError):
    status, slug, title = 401, "not-authenticated", "Not authenticated / Autentimata"


class NotPermitted(DomainError):
    status, slug, title = 403, "not-permitted", "Not permitted / Pole lubatud"


class ResourceNotFound(DomainError):
    status, slug, title = 404, "not-found", "Not found / Ei leitud"


class Conflict(DomainError):
    status, slug, title = 409, "conflict", "Conflict / Konflikt"


class PreconditionFailed(DomainError):
    status, slug, title = 412, "precondition-failed", "Precondition failed / Eeltingimus ei kehti"


class PreconditionRequired(DomainError):
    status, slug, title = (
        428,
        "precondition-required",
        "Precondition required / Eeltingimus puudub",
    )


class RuleViolation(DomainError):
    """A business rule refused the request (e.g. a case plan without the child's opinion)."""

    status, slug, title = 422, "rule-violation", "Rule violation / Reegli rikkumine"


class ServiceUnavailable(DomainError):
    status, slug, title = 503, "unavailable", "Service unavailable / Teenus pole saadaval"


def problem(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build an ``application/problem+json`` response."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


_STATUS_SLUGS: dict[int, tuple[str, str]] = {
    400: ("bad-request", "Bad request / Vigane päring"),
    401: ("not-authenticated", "Not authenticated / Autentimata"),
    403: ("not-permitted", "Not permitted / Pole lubatud"),
    404: ("not-found", "Not found / Ei leitud"),
    405: ("method-not-allowed", "Method not allowed / Meetod pole lubatud"),
    413: ("payload-too-large", "Payload too large / Päring on liiga suur"),
    415: ("unsupported-media-type", "Unsupported media type / Toetamata meediatüüp"),
    429: ("too-many-requests", "Too many requests / Liiga palju päringuid"),
    502: ("bad-gateway", "Bad gateway / Vigane lüüs"),
    504: ("gateway-timeout", "Gateway timeout / Lüüsi ajalõpp"),
}


def status_problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """A problem response for a plain HTTP status, with the project's stable type URIs."""
    slug, title = _STATUS_SLUGS.get(status, ("error", "Error / Viga"))
    return problem(status, slug, title, detail, headers=headers)


ESTONIAN_MESSAGES: dict[str, str] = {
    "missing": "Kohustuslik väli puudub",
    "extra_forbidden": "Tundmatu väli",
    "string_too_long": "Tekst on liiga pikk",
    "string_too_short": "Tekst on liiga lühike",
    "string_pattern_mismatch": "Väärtus ei vasta nõutud kujule",
    "string_type": "Oodati teksti",
    "int_parsing": "Oodati täisarvu",
    "int_type": "Oodati täisarvu",
    "bool_type": "Oodati tõeväärtust",
    "literal_error": "Lubamatu väärtus",
    "enum": "Lubamatu väärtus",
    "date_from_datetime_parsing": "Vigane kuupäev",
    "date_parsing": "Vigane kuupäev",
    "datetime_parsing": "Vigane aeg",
    "uuid_parsing": "Vigane tunnus",
    "list_type": "Oodati loendit",
    "too_long": "Liiga palju elemente",
    "dict_type": "Oodati objekti",
    "model_attributes_type": "Oodati objekti",
    "json_invalid": "Vigane JSON",
    "value_error": "Vigane väärtus",
    "greater_than_equal": "Väärtus on liiga väike",
    "less_than_equal": "Väärtus on liiga suur",
}


def _validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Only the location and the messages: the offending input value may be personal data.
    return [
        {
            "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
            "message": err["msg"],
            "message_et": ESTONIAN_MESSAGES.get(err.get("type", ""), "Vigane väärtus"),
        }
        for err in exc.errors()
    ]


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error of the app as problem+json."""

    async def domain_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        return problem(
            exc.status, exc.slug, exc.title, exc.detail, instance=request.url.path, **exc.extra
        )

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers) if exc.headers else None
        return status_problem(exc.status_code, str(exc.detail), headers=headers)

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(
            422,
            "validation-error",
            "Invalid input / Vigased andmed",
            "The request does not match the schema / Päring ei vasta skeemile",
            instance=request.url.path,
            errors=_validation_errors(exc),
        )

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"error_type": type(exc).__name__})
        return problem(
            500, "internal-error", "Internal error / Siseviga", "An unexpected error occurred"
        )

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
