"""The department head's queue: children in danger first (the API's order), deadlines as
clocks, paging through everything, assigning a worker."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from heaolu_web.common import i18n
from heaolu_web.common.api import ApiProblem
from heaolu_web.common.csrf import CheckedForm
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import SignedIn, api, api_response

router = APIRouter()

RECORD_PATHS = {
    "preliminary_assessment": "/api/casework/v1/preliminary-assessments/{id}",
    "application": "/api/casework/v1/applications/{id}",
    "case": "/api/casework/v1/cases/{id}",
}


@router.get("/queue", response_class=HTMLResponse)
async def queue(request: Request, user: SignedIn, cursor: str | None = None) -> HTMLResponse:
    params: dict[str, str | int] = {"limit": request.app.state.settings.page_size}
    if cursor:
        params["cursor"] = cursor
    page = await api(request, "GET", "/api/casework/v1/queue", params=params)
    flash = request.session.pop("flash", None)
    template = "queue/rows.html" if request.headers.get("HX-Request") else "queue/page.html"
    return render(
        request,
        template,
        items=page.get("items", []),
        next_cursor=page.get("next_cursor"),
        first=cursor is None,
        flash=flash,
    )


@router.post("/queue/assign")
async def assign(request: Request, user: SignedIn, form: CheckedForm) -> RedirectResponse:
    kind = str(form.get("kind", ""))
    path = RECORD_PATHS.get(kind, "").format(id=str(form.get("id", "")))
    assignee = str(form.get("assignee", "")).strip()
    lang = language(request)
    if not path or not assignee:
        request.session["flash"] = {"error": True, "text": i18n.t("error.required", lang)}
        return RedirectResponse("/queue", status_code=303)
    try:
        current = await api_response(request, "GET", path)
        await api(
            request,
            "PATCH",
            path,
            json={"assignee_username": assignee},
            headers={"If-Match": current.headers.get("etag", "")},
        )
    except ApiProblem as problem:
        if problem.status in (401,):
            raise
        request.session["flash"] = {"error": True, "text": i18n.api_message(problem.detail, lang)}
    else:
        request.session["flash"] = {
            "error": False,
            "text": f"{i18n.t('queue.assigned', lang)} {assignee}",
        }
    return RedirectResponse("/queue", status_code=303)
