"""The front end's own defences: cookie flags, CSRF, CSP on every page, no token in pages."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser

from tests.e2e.web.conftest import WEB, new_context, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(180)]

PAGES = ("/", "/report", "/queue", "/work", "/statistics", "/ngts", "/my-data")


async def test_session_cookie_csp_and_no_tokens(browser: Browser) -> None:
    context = await new_context(browser, bypass_csp=False)
    violations: list[str] = []
    page = await sign_in(context, "rakvere.head", "/")
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )

    cookies = {c["name"]: c for c in await context.cookies(WEB)}
    session = cookies["heaolu_session"]
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"

    for path in PAGES:
        response = await page.goto(path)
        assert response is not None
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "frame-ancestors 'none'" in csp
        assert response.headers["cache-control"] == "no-store"
        html = await page.content()
        assert not re.search(r"eyJ[A-Za-z0-9_-]{10,}\.", html), path
        assert "token" not in page.url.lower()
    assert violations == []
    await context.close()


async def test_forged_form_posts_are_refused(browser: Browser) -> None:
    context = await new_context(browser, bypass_csp=False)
    page = await sign_in(context, "rakvere.head", "/queue")
    token = await page.locator("input[name=csrf_token]").first.input_value()

    missing = await context.request.post(
        f"{WEB}/language", form={"lang": "en", "back": "/"}, max_redirects=0
    )
    wrong = await context.request.post(
        f"{WEB}/language", form={"lang": "en", "csrf_token": "x" * 43}, max_redirects=0
    )
    foreign = await context.request.post(
        f"{WEB}/language",
        form={"lang": "en", "csrf_token": token},
        headers={"Origin": "http://attacker.example"},
        max_redirects=0,
    )
    genuine = await context.request.post(
        f"{WEB}/language",
        form={"lang": "et", "csrf_token": token, "back": "/"},
        headers={"Origin": WEB},
        max_redirects=0,
    )
    assert missing.status == wrong.status == foreign.status == 403
    assert "Vorm aegus" in await missing.text()
    assert genuine.status == 303

    forged_report = await context.request.post(
        f"{WEB}/report", form={"need_level": "in_need", "text": "x"}, max_redirects=0
    )
    assert forged_report.status == 403
    await context.close()
