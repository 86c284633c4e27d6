"""The home page and the choice of language (remembered for the browser and for the user)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heaolu_web.common import i18n
from heaolu_web.common.csrf import CheckedForm
from heaolu_web.common.pages import LANG_COOKIE, render
from heaolu_web.common.session import cookie_header
from heaolu_web.common.urls import safe_next
from heaolu_web.common.user import current_user

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    return render(request, "home.html")


@router.post("/language")
async def choose_language(request: Request, form: CheckedForm) -> RedirectResponse:
    lang = i18n.choose(str(form.get("lang", "")))
    request.session["lang"] = lang
    user = current_user(request)
    if user is not None:
        request.app.state.preferences[user.subject] = lang
    response = RedirectResponse(safe_next(str(form.get("back", "/"))), status_code=303)
    response.headers.append("Set-Cookie", cookie_header(LANG_COOKIE, lang, max_age=365 * 24 * 3600))
    return response
