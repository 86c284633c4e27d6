"""Report a child in need: the public (anonymous allowed) and a signed-in professional."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from heaolu_shared.roles import Role
from heaolu_web.common.api import ApiProblem
from heaolu_web.common.csrf import CheckedForm
from heaolu_web.common.pages import language, render
from heaolu_web.common.user import api, current_user
from heaolu_web.report.service import field_errors, report_body

router = APIRouter()

REPORTING_ROLES = (
    Role.PROFESSIONAL_REPORTER,
    Role.CHILD_PROTECTION_WORKER,
    Role.SOCIAL_SERVICES_SPECIALIST,
    Role.DEPARTMENT_HEAD,
    Role.SKA_COUNSELLOR,
    Role.CITIZEN,
)


def _as_professional(request: Request) -> bool:
    user = current_user(request)
    return user is not None and user.has(*REPORTING_ROLES)


@router.get("/report", response_class=HTMLResponse)
async def report_form(request: Request) -> HTMLResponse:
    return render(
        request,
        "report/form.html",
        form={},
        errors={},
        key=str(uuid.uuid4()),
        professional=_as_professional(request),
    )


@router.post("/report")
async def send_report(request: Request, form: CheckedForm) -> Response:
    professional = _as_professional(request)
    body = report_body(form, with_reporter=not professional)
    key = str(form.get("key") or uuid.uuid4())
    try:
        answer = await api(
            request,
            "POST",
            "/api/intake/v1/reports" if professional else "/api/intake/v1/public/reports",
            json=body,
            headers={"Idempotency-Key": key},
            anonymous=not professional,
        )
    except ApiProblem as problem:
        if problem.status != 422:
            raise
        errors = field_errors(problem.errors, language(request))
        return render(
            request,
            "report/form.html",
            status_code=422,
            form=dict(form),
            errors=errors,
            key=key,
            professional=professional,
        )
    # The receipt shows the reference and the time, nothing about the child's existing file.
    request.session["receipt"] = {
        "reference": answer["receipt_number"],
        "received_at": answer["received_at"],
    }
    return RedirectResponse("/report/receipt", status_code=303)


@router.get("/report/receipt", response_class=HTMLResponse)
async def receipt(request: Request) -> Response:
    shown = request.session.get("receipt")
    if not isinstance(shown, dict):
        return RedirectResponse("/report", status_code=303)
    return render(request, "report/receipt.html", receipt=shown)
