"""The web front end's application and command line."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx
from authlib.integrations.base_client import OAuthError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from heaolu_shared.app import create_app
from heaolu_shared.cli import ServiceCommands
from heaolu_web.auth.api import router as auth_router
from heaolu_web.cases.api import router as cases_router
from heaolu_web.common import i18n
from heaolu_web.common.api import ApiProblem, Gateway
from heaolu_web.common.csrf import CsrfRefused
from heaolu_web.common.oidc import oidc_client
from heaolu_web.common.pages import (
    SecurityHeaders,
    content_security_policy,
    language,
    protective_headers,
    render,
)
from heaolu_web.common.session import ServerSideSessions, SessionStore
from heaolu_web.common.user import SignInRequired
from heaolu_web.home.api import router as home_router
from heaolu_web.mydata.api import router as mydata_router
from heaolu_web.ngts.api import router as ngts_router
from heaolu_web.queue.api import router as queue_router
from heaolu_web.report.api import router as report_router
from heaolu_web.settings import Settings, get_settings
from heaolu_web.statistics.api import router as statistics_router

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
ROUTERS = (
    home_router,
    auth_router,
    report_router,
    queue_router,
    cases_router,
    mydata_router,
    ngts_router,
    statistics_router,
)


async def _open(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    app.state.gateway = Gateway(
        httpx.AsyncClient(
            base_url=settings.gateway_url,
            timeout=settings.api_timeout_seconds,
            follow_redirects=False,
        )
    )
    app.state.oidc = oidc_client(settings)
    app.state.preferences = {}


async def _close(app: FastAPI) -> None:
    await app.state.gateway.client.aclose()


async def _gateway_ready(app: FastAPI) -> bool:
    try:
        response = await app.state.gateway.client.get("/healthz")
    except httpx.HTTPError:
        return False
    return bool(response.status_code == 200)


def _error_page(request: Request, status: int, message: str, title_key: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status, message=message, title_key=title_key)


def _install_error_pages(app: FastAPI, identity_origin: str) -> None:
    csp = content_security_policy(identity_origin)

    async def sign_in(request: Request, exc: Exception) -> Response:
        if request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
        lang = language(request)
        return _error_page(request, 401, i18n.t("error.signin", lang), "error.signin")

    async def api_problem(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiProblem)
        if exc.status == 401:
            request.session.clear()
            return await sign_in(request, exc)
        lang = language(request)
        message = i18n.api_message(exc.detail, lang)
        if exc.status == 403:
            return _error_page(request, 403, message, "error.refused")
        status = exc.status if 400 <= exc.status < 600 else 502
        return _error_page(request, status, message, "error.title")

    async def csrf(request: Request, exc: Exception) -> Response:
        lang = language(request)
        return _error_page(request, 403, i18n.t("error.csrf", lang), "error.title")

    async def oauth(request: Request, exc: Exception) -> Response:
        lang = language(request)
        return _error_page(request, 400, i18n.t("error.signin", lang), "error.signin")

    async def invalid(request: Request, exc: Exception) -> Response:
        # an address or form this site would not make: a page, never FastAPI's JSON
        lang = language(request)
        return _error_page(request, 400, i18n.t("error.invalid", lang), "error.title")

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        return _error_page(request, exc.status_code, str(exc.detail), "error.title")

    async def unexpected(request: Request, exc: Exception) -> Response:
        # Starlette answers an unexpected error outside every middleware, so this page sets
        # the protective headers itself.
        log.exception("unhandled error", extra={"error_type": type(exc).__name__})
        try:
            lang = language(request)
            page: Response = _error_page(
                request, 500, i18n.t("error.unexpected", lang), "error.title"
            )
        except Exception:  # the page itself failed: a plain one, still protected
            log.exception("error page failed")
            page = HTMLResponse("<!doctype html><title>500</title><p>500</p>", status_code=500)
        page.headers.update(protective_headers(csp))
        return page

    app.add_exception_handler(SignInRequired, sign_in)
    app.add_exception_handler(ApiProblem, api_problem)
    app.add_exception_handler(CsrfRefused, csrf)
    app.add_exception_handler(OAuthError, oauth)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)


def app() -> FastAPI:
    settings = get_settings()
    web = create_app(
        settings,
        title="Heaolu web",
        routers=list(ROUTERS),
        with_database=False,
        with_kafka=False,
        ready_checks={"gateway": _gateway_ready},
        on_startup=[_open],
        on_shutdown=[_close],
    )
    web.mount("/static", StaticFiles(directory=STATIC), name="static")
    issuer = urlsplit(settings.oidc_browser_issuer or settings.oidc_issuer)
    identity_origin = f"{issuer.scheme}://{issuer.netloc}"
    _install_error_pages(web, identity_origin)
    store = SessionStore(
        idle=settings.session_idle_seconds,
        maximum=settings.session_max_seconds,
        limit=settings.session_limit,
    )
    web.add_middleware(ServerSideSessions, store=store)
    web.add_middleware(SecurityHeaders, identity_origin=identity_origin)
    return web


commands = ServiceCommands(
    name="web",
    settings=get_settings,
    app_path="heaolu_web.main:app",
    default_port=8007,
)
