"""Browser fixtures: Debian's Chromium driven by Playwright, real Keycloak sign-in, axe-core.

Every test here runs against the whole stack (the session's ``stack`` fixture starts the web
front end with everything else). The browser is started once; each user gets a fresh context.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from stack import Stack
from tests.conftest import ROOT

WEB = "http://127.0.0.1:8007"
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
async def browser(stack: Stack) -> AsyncIterator[Browser]:
    if not await asyncio.to_thread(os.path.exists, CHROMIUM):
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
