"""A worker's cases and deadlines, a preliminary assessment with its decision, and a case
with everything in it (a protected view: watermarked, no copying or printing)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from heaolu_web.cases.service import decision_body, plan_ids, work_lists
from heaolu_web.common import i18n
from heaolu_web.common.api import ApiProblem, page_items
from heaolu_web.common.csrf import CheckedForm
from heaolu_web.common.optional import if_served
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import SignedIn, api, api_response

router = APIRouter()
CASEWORK = "/api/casework/v1"


@router.get("/work", response_class=HTMLResponse)
async def my_work(request: Request, user: SignedIn) -> HTMLResponse:
    assessments, cases, deadlines = await asyncio.gather(
        api(request, "GET", f"{CASEWORK}/preliminary-assessments", params={"limit": 50}),
        api(request, "GET", f"{CASEWORK}/cases", params={"status": "open", "mine": "true"}),
        api(request, "GET", f"{CASEWORK}/my-deadlines", params={"limit": 50}),
    )
    return render(request, "cases/work.html", **work_lists(assessments, cases, deadlines))


@router.get("/assessments/{assessment_id}", response_class=HTMLResponse)
async def assessment(request: Request, assessment_id: uuid.UUID, user: SignedIn) -> HTMLResponse:
    return await _assessment_page(request, assessment_id, errors={}, form={})


async def _assessment_page(
    request: Request,
    assessment_id: uuid.UUID,
    *,
    errors: dict[str, str],
    form: dict[str, Any],
    status_code: int = 200,
) -> HTMLResponse:
    item = await api(request, "GET", f"{CASEWORK}/preliminary-assessments/{assessment_id}")
    try:
        report = await api(request, "GET", f"/api/intake/v1/reports/{item['report_id']}")
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        report = None
    return render(
        request,
        "cases/assessment.html",
        status_code=status_code,
        item=item,
        report=report,
        errors=errors,
        form=form,
    )


@router.post("/assessments/{assessment_id}/decision")
async def decide(
    request: Request, assessment_id: uuid.UUID, user: SignedIn, form: CheckedForm
) -> Response:
    body = decision_body(form)
    try:
        decided = await api(
            request,
            "POST",
            f"{CASEWORK}/preliminary-assessments/{assessment_id}/decision",
            json=body,
            headers={"If-Match": f'"{form.get("version", "")}"'},
        )
    except ApiProblem as problem:
        if problem.status in (401, 403, 404):
            raise
        lang = language(request)
        errors = {"": i18n.api_message(problem.detail, lang)}
        for error in problem.errors:
            errors.setdefault(str(error.get("field", "")), str(error.get("message", "")))
        return await _assessment_page(
            request, assessment_id, errors=errors, form=dict(form), status_code=problem.status
        )
    if decided.get("case_id"):
        return RedirectResponse(f"/cases/{decided['case_id']}", status_code=303)
    return RedirectResponse("/work", status_code=303)


async def _optional(request: Request, path: str) -> list[Any] | None:
    """A list part of the case page; a part the API refuses or lacks is shown as missing."""
    try:
        return page_items(await api(request, "GET", path))
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        return None


async def _plan(request: Request, plan_id: str) -> Any:
    try:
        return await api(request, "GET", f"{CASEWORK}/case-plans/{plan_id}")
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        return None


async def _case_plans(
    request: Request, case_id: uuid.UUID, deadlines: list[Any] | None
) -> tuple[list[Any], bool]:
    """The case's plans, and whether that is all of them. Casework lists a case's plans at
    ``/cases/{id}/case-plans`` once it serves that list; until then the plans found are those
    whose review or evaluation clocks the case's deadlines name (the approved ones)."""
    try:
        listed = await if_served(request, f"{CASEWORK}/cases/{case_id}/case-plans")
    except ApiProblem as problem:
        if problem.status == 401:
            raise
        listed = None
    if listed is not None:
        return page_items(listed), True
    found = await asyncio.gather(*(_plan(request, p) for p in plan_ids(deadlines or [])))
    return [p for p in found if isinstance(p, dict)], False


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_page(request: Request, case_id: uuid.UUID, user: SignedIn) -> HTMLResponse:
    case = await api(request, "GET", f"{CASEWORK}/cases/{case_id}")
    parts = (
        "parties",
        "deadlines",
        "needs-assessments",
        "activities",
        "removals",
        "placements",
        "decisions",
    )
    found = await asyncio.gather(
        *(_optional(request, f"{CASEWORK}/cases/{case_id}/{part}") for part in parts)
    )
    sections: dict[str, Any] = dict(zip((p.replace("-", "_") for p in parts), found, strict=True))
    plans, all_plans = await _case_plans(request, case_id, sections["deadlines"])
    return render(
        request,
        "cases/case.html",
        protected=True,
        case=case,
        key=str(uuid.uuid4()),
        plans=plans,
        all_plans=all_plans,
        **sections,
    )


@router.post("/cases/{case_id}/activities")
async def add_activity(
    request: Request, case_id: uuid.UUID, user: SignedIn, form: CheckedForm
) -> Response:
    body = {
        "kind": str(form.get("kind", "note")),
        "occurred_at": datetime.now(UTC).isoformat(),
        "summary": str(form.get("summary", "")).strip(),
    }
    try:
        await api(
            request,
            "POST",
            f"{CASEWORK}/cases/{case_id}/activities",
            json=body,
            headers={"Idempotency-Key": str(form.get("key") or uuid.uuid4())},
        )
    except ApiProblem as problem:
        if problem.status in (401, 403, 404):
            raise
        request.session["flash"] = {
            "error": True,
            "text": i18n.api_message(problem.detail, language(request)),
        }
    return RedirectResponse(f"/cases/{case_id}#activities", status_code=303)


@router.get("/decisions/{decision_id}.pdf")
async def decision_pdf(request: Request, decision_id: uuid.UUID, user: SignedIn) -> Response:
    answer = await api_response(request, "GET", f"{CASEWORK}/decisions/{decision_id}/document")
    return Response(
        answer.content,
        media_type="application/pdf",
        headers={"Content-Disposition": answer.headers.get("content-disposition", "inline")},
    )
