"""Browser fixtures: Debian's Chromium driven by Playwright, real Keycloak sign-in, axe-core.

Every test here runs against the whole stack (the session's ``stack`` fixture starts the web
front end with everything else). The browser is started once; each user gets a fresh context.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from pypdf import PdfReader

from stack import Stack
from tests.conftest import ROOT

WEB = "http://127.0.0.1:8007"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM_PRESENT = os.path.exists(CHROMIUM)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
async def browser(stack: Stack) -> AsyncIterator[Browser]:
    if not CHROMIUM_PRESENT:
        pytest.fail("Chromium is missing: `make install` installs Debian's chromium package")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox"], headless=True
        )
        try:
            yield launched
        finally:
            await launched.close()


async def new_context(browser: Browser, *, bypass_csp: bool = True) -> BrowserContext:
    """A fresh browser profile. axe-core is injected as a script tag, which the pages' CSP
    (rightly) refuses, so contexts that run axe bypass the CSP; the security tests do not."""
    context = await browser.new_context(
        base_url=WEB,
        bypass_csp=bypass_csp,
        viewport={"width": 1280, "height": 900},
        locale="et-EE",
        timezone_id="Europe/Tallinn",
    )
    context.set_default_timeout(20_000)
    return context


async def tab_to(page: Page, selector: str, limit: int = 150) -> None:
    """Move the focus with the Tab key alone until ``selector`` has it."""
    target = page.locator(selector)
    for _ in range(limit):
        if await target.evaluate("el => el === document.activeElement"):
            return
        await page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab")


async def sign_in(context: BrowserContext, username: str, path: str = "/") -> Page:
    """Sign in through Keycloak's own page with the keyboard alone."""
    page = await context.new_page()
    await page.goto(f"/login?next={path}")
    await page.wait_for_url(re.compile(r"127\.0\.0\.1:8180/"))
    await page.locator("#username").focus()
    await page.keyboard.type(username)
    await page.keyboard.press("Tab")
    await page.keyboard.type("demo")
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"127\.0\.0\.1:8007/"))
    return page


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical WCAG 2.1 A/AA violations axe-core finds on the page."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def checked(page: Page, screenshot: str | None = None) -> None:
    """The page passes axe-core; a screenshot for the documentation when named."""
    assert await axe_violations(page) == [], page.url
    if screenshot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=False)


async def protected_view_holds(page: Page, viewer: str) -> None:
    """The page is a protected view (ADR 0017): not stored, no export, watermarked with the
    viewer and the time, selection, copy, the context menu and drag yield nothing, printing
    yields a blank page, and the data blurs when the page is hidden. Reloads the page: an
    opening the caller checks in the audit trail."""
    response = await page.reload()
    assert response is not None
    assert response.headers["cache-control"] == "no-store"
    assert await page.locator("body.protected").count() == 1
    assert await page.get_by_role("button", name=re.compile("eksport|export", re.I)).count() == 0

    marks = await page.evaluate(
        """() => [...document.querySelectorAll('#watermark span')].map(
            s => getComputedStyle(s, '::after').content)"""
    )
    assert len(marks) > 10 and all(viewer in m for m in marks)
    assert re.search(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", marks[0])

    await page.locator("h1").click(click_count=3)
    await page.keyboard.press("Control+A")
    assert await page.evaluate("() => window.getSelection().toString().trim()") == ""
    copied = await page.evaluate(
        """() => {
            const data = new DataTransfer();
            const copy = new ClipboardEvent(
                'copy', {bubbles: true, cancelable: true, clipboardData: data});
            document.querySelector('h1').dispatchEvent(copy);
            const menu = new MouseEvent('contextmenu', {bubbles: true, cancelable: true});
            document.querySelector('h1').dispatchEvent(menu);
            const drag = new DragEvent('dragstart', {bubbles: true, cancelable: true});
            document.querySelector('h1').dispatchEvent(drag);
            return [copy.defaultPrevented, data.getData('text/plain'), menu.defaultPrevented,
                    drag.defaultPrevented];
        }"""
    )
    assert copied == [True, "", True, True]

    printed = PdfReader(io.BytesIO(await page.pdf()))
    text = "".join(p.extract_text() or "" for p in printed.pages)
    assert text.strip() == ""

    await page.evaluate(
        """() => {
            Object.defineProperty(
                document, 'visibilityState', {value: 'hidden', configurable: true});
            document.dispatchEvent(new Event('visibilitychange'));
        }"""
    )
    assert await page.evaluate("() => document.body.classList.contains('obscured')")
    blur = await page.evaluate(
        "() => getComputedStyle(document.getElementById('protected-data')).filter"
    )
    assert "blur" in blur
