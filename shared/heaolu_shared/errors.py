"""RFC 9457 problem details and the small hierarchy of domain errors.

Service code raises a :class:`DomainError` subclass with a catalogue message
(:mod:`heaolu_shared.messages`); one handler renders it as ``application/problem+json`` with a
stable ``type`` URI, ``title`` and ``detail`` in the caller's language (``Accept-Language``,
Estonian by default) and ``Content-Language``. Payload validation keeps 422.

A problem never repeats what the caller sent: no ``instance`` path (it may hold a personal
code), no input values, no names of unknown fields.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from heaolu_shared.messages import (
    Message,
    choose_language,
    define,
    preferred_languages,
    render,
)
from heaolu_shared.validation import validation_errors

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://heaolu.ee/problems/"

log = logging.getLogger(__name__)


def _title(slug: str, et: str, en: str, ru: str) -> Message:
    return define(f"problem.{slug}", et=et, en=en, ru=ru)


TITLES: dict[str, Message] = {
    m.key.removeprefix("problem."): m
    for m in (
        _title("bad-request", "Vigane päring", "Bad request", "Неверный запрос"),
        _title("not-authenticated", "Autentimata", "Not authenticated", "Не аутентифицирован"),
        _title("not-permitted", "Pole lubatud", "Not permitted", "Не разрешено"),
        _title("not-found", "Ei leitud", "Not found", "Не найдено"),
        _title(
            "method-not-allowed", "Meetod pole lubatud", "Method not allowed", "Метод не разрешён"
        ),
        _title("conflict", "Konflikt", "Conflict", "Конфликт"),
        _title(
            "idempotency-key-reused",
            "Idempotentsusvõti on juba kasutusel",
            "Idempotency key reused",
            "Ключ идемпотентности уже использован",
        ),
        _title(
            "precondition-failed",
            "Eeltingimus ei kehti",
            "Precondition failed",
            "Предусловие не выполнено",
        ),
        _title(
            "precondition-required",
            "Eeltingimus puudub",
            "Precondition required",
            "Требуется предусловие",
        ),
        _title(
            "payload-too-large", "Päring on liiga suur", "Payload too large", "Запрос слишком велик"
        ),
        _title(
            "unsupported-media-type",
            "Toetamata meediatüüp",
            "Unsupported media type",
            "Неподдерживаемый тип данных",
        ),
        _title("validation-error", "Vigased andmed", "Invalid input", "Неверные данные"),
        _title("rule-violation", "Reegli rikkumine", "Rule violation", "Нарушение правила"),
        _title("invalid-cursor", "Vigane kursor", "Invalid cursor", "Неверный курсор"),
        _title(
            "headers-too-large",
            "Päise väljad on liiga suured",
            "Request header fields too large",
            "Слишком большие заголовки",
        ),
        _title(
            "too-many-requests",
            "Liiga palju päringuid",
            "Too many requests",
            "Слишком много запросов",
        ),
        _title("internal-error", "Siseviga", "Internal error", "Внутренняя ошибка"),
        _title("bad-gateway", "Vigane lüüs", "Bad gateway", "Ошибка шлюза"),
        _title(
            "unavailable",
            "Teenus pole saadaval",
            "Service unavailable",
            "Сервис недоступен",
        ),
        _title("gateway-timeout", "Lüüsi ajalõpp", "Gateway timeout", "Тайм-аут шлюза"),
        _title("error", "Viga", "Error", "Ошибка"),
    )
}
"""The title of each problem type, by the type's slug."""

STATUS_SLUGS: dict[int, str] = {
    400: "bad-request",
    401: "not-authenticated",
    403: "not-permitted",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    429: "too-many-requests",
    431: "headers-too-large",
    500: "internal-error",
    502: "bad-gateway",
    503: "unavailable",
    504: "gateway-timeout",
}

BAD_REQUEST = define(
    "request.bad",
    et="Päringut ei saa töödelda",
    en="The request cannot be processed",
    ru="Запрос не может быть обработан",
)
NOT_FOUND = define(
    "request.not-found",
    et="Sellist ressurssi pole",
    en="There is no such resource",
    ru="Такого ресурса нет",
)
METHOD_NOT_ALLOWED = define(
    "request.method-not-allowed",
    et="See meetod pole siin lubatud",
    en="This method is not allowed here",
    ru="Этот метод здесь не разрешён",
)
INVALID_INPUT = define(
    "validation.request",
    et="Päring ei vasta skeemile",
    en="The request does not match the schema",
    ru="Запрос не соответствует схеме",
)
UNEXPECTED = define(
    "request.unexpected",
    et="Tekkis ootamatu viga",
    en="An unexpected error occurred",
    ru="Произошла непредвиденная ошибка",
)
BODY_TOO_LARGE = define(
    "request.body-too-large",
    et="Päringu keha on suurem kui {limit} baiti",
    en="The request body exceeds {limit} bytes",
    ru="Тело запроса превышает {limit} байт",
)
MALFORMED_REQUEST = define(
    "request.malformed",
    et="Päring ei ole korrektne HTTP-päring",
    en="The request is not a well-formed HTTP request",
    ru="Запрос не является корректным HTTP-запросом",
)
UNSAFE_CHARACTERS = define(
    "request.control-characters",
    et="Päringu aadress või päised sisaldavad lubamatuid märke",
    en="The request's address or headers contain characters that are not allowed",
    ru="Адрес или заголовки запроса содержат недопустимые символы",
)


class DomainError(Exception):
    """Base of the errors service code raises; rendered as problem+json.

    ``detail`` is a catalogue :class:`~heaolu_shared.messages.Message` (``params`` fill its
    placeholders); ``extra`` adds extension members, never personal data.
    """

    status: int = 400
    slug: str = "bad-request"
    title: Message | None = None
    """The problem type's title; by default that of :data:`TITLES` for the slug or status."""

    def __init__(
        self,
        detail: Message,
        *,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(detail.key)
        self.detail = detail
        self.params = params
        self.extra = extra or {}
        self.headers = headers or {}


class NotAuthenticated(DomainError):
    status, slug = 401, "not-authenticated"


class NotPermitted(DomainError):
    status, slug = 403, "not-permitted"


class ResourceNotFound(DomainError):
    status, slug = 404, "not-found"


class Conflict(DomainError):
    status, slug = 409, "conflict"


class PreconditionFailed(DomainError):
    status, slug = 412, "precondition-failed"


class PayloadTooLarge(DomainError):
    status, slug = 413, "payload-too-large"


class PreconditionRequired(DomainError):
    status, slug = 428, "precondition-required"


class RuleViolation(DomainError):
    """A business rule refused the request (e.g. a case plan without the child's opinion)."""

    status, slug = 422, "rule-violation"


class TooManyRequests(DomainError):
    status, slug = 429, "too-many-requests"


class HeadersTooLarge(DomainError):
    status, slug = 431, "headers-too-large"


class ServiceUnavailable(DomainError):
    status, slug = 503, "unavailable"


class BadGateway(DomainError):
    status, slug = 502, "bad-gateway"


class GatewayTimeout(DomainError):
    status, slug = 504, "gateway-timeout"


def problem(
    status: int,
    slug: str,
    detail: Message,
    *,
    accept_language: str | None = None,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    errors: list[tuple[str, str, Message, dict[str, Any]]] | None = None,
    title: Message | None = None,
    **extra: Any,
) -> JSONResponse:
    """An ``application/problem+json`` response in the language ``accept_language`` prefers.

    ``errors`` are validation errors as ``(field, code, message, params)``.
    """
    title = (
        title
        or TITLES.get(slug)
        or TITLES.get(STATUS_SLUGS.get(status, "error"))
        or TITLES["error"]
    )
    texts: list[tuple[Message, dict[str, Any]]] = [(title, {}), (detail, dict(params or {}))]
    texts += [(message, p) for _, _, message, p in errors or []]
    language = _language(texts, accept_language)
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": render(title, language),
        "status": status,
        "detail": render(detail, language, **(params or {})),
    }
    body["code"] = detail.key
    if errors is not None:
        body["errors"] = [
            {"field": field, "code": code, "message": render(message, language, **p)}
            for field, code, message, p in errors
        ]
    body.update(extra)
    response_headers = {"Content-Language": language, "Vary": "Accept-Language"}
    response_headers.update(headers or {})
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=response_headers)


def _language(texts: list[tuple[Message, dict[str, Any]]], accept_language: str | None) -> str:
    return choose_language(texts, preferred_languages(accept_language))


def error_response(
    error: DomainError, accept_language: str | None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """The problem response of ``error`` in the language ``accept_language`` prefers."""
    return problem(
        error.status,
        error.slug,
        error.detail,
        accept_language=accept_language,
        params=error.params,
        headers={**error.headers, **(headers or {})},
        title=error.title,
        **error.extra,
    )


def status_problem(
    status: int,
    detail: Message,
    *,
    accept_language: str | None = None,
    headers: Mapping[str, str] | None = None,
    **params: Any,
) -> JSONResponse:
    """A problem response for a plain HTTP status, with the project's stable type URIs."""
    return problem(
        status,
        STATUS_SLUGS.get(status, "error"),
        detail,
        accept_language=accept_language,
        params=params,
        headers=headers,
    )


def http_error_response(exc: StarletteHTTPException, accept_language: str | None) -> JSONResponse:
    """The problem response of a framework HTTP error (unknown route or method, body too large).

    Starlette's own texts ("Not Found") are replaced: they are English only.
    """
    detail = {404: NOT_FOUND, 405: METHOD_NOT_ALLOWED, 413: BODY_TOO_LARGE}.get(
        exc.status_code, BAD_REQUEST
    )
    # A 413 raised while the body streams in carries the limit as its detail.
    limit = str(exc.detail)
    params = {"limit": int(limit)} if detail is BODY_TOO_LARGE and limit.isdigit() else {}
    if detail is BODY_TOO_LARGE and not params:
        detail = BAD_REQUEST
    return status_problem(
        exc.status_code,
        detail,
        accept_language=accept_language,
        headers=dict(exc.headers) if exc.headers else None,
        **params,
    )


def unexpected_error_response(exc: Exception, accept_language: str | None) -> JSONResponse:
    """A 500 problem for an error nobody expected; the log names its type, never its text."""
    log.exception("unhandled error", extra={"error_type": type(exc).__name__})
    return status_problem(500, UNEXPECTED, accept_language=accept_language)


def any_error_response(exc: Exception, accept_language: str | None) -> JSONResponse:
    """The problem response of any error an endpoint raised (for ASGI code outside routing)."""
    if isinstance(exc, DomainError):
        return error_response(exc, accept_language)
    if isinstance(exc, StarletteHTTPException):
        return http_error_response(exc, accept_language)
    return unexpected_error_response(exc, accept_language)


def install_problem_handlers(app: FastAPI) -> None:
    """Render every error of the app as problem+json."""

    async def domain_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DomainError)
        return error_response(exc, request.headers.get("accept-language"))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return http_error_response(exc, request.headers.get("accept-language"))

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem(
            422,
            "validation-error",
            INVALID_INPUT,
            accept_language=request.headers.get("accept-language"),
            errors=validation_errors(exc.errors()),
        )

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error_response(exc, request.headers.get("accept-language"))

    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected)
