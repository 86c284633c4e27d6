"""The reference front end in a real browser: report → queue → case, the citizen's access log,
refusals, the protected view, language, accessibility (axe-core) and keyboard-only use."""

from __future__ import annotations

import asyncio
import re
import uuid

import pytest
from playwright.async_api import Browser, Page, expect

from tests.conftest import assessment_for, eventually, fetch
from tests.e2e.web.conftest import checked, new_context, protected_view_holds, sign_in, tab_to

# The first browser test of a session also waits for the whole stack to start.
pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(600)]

MARI = "61003150009"  # citizen.mari's synthetic personal code (a child of 16)
REPORTER = "Reet Teataja"


async def _report_anonymously(page: Page, marker: str) -> str:
    """Fill and send the public form with the keyboard alone; the receipt's reference.
    The gateway limits anonymous reports per address: a refusal is retried after a pause."""
    for _attempt in range(6):
        await page.goto("/report")
        await tab_to(page, "#f-need_level-in_danger")
        await page.keyboard.press("Space")
        await tab_to(page, "#f-child_description")
        await page.keyboard.type(f"Umbes 6-aastane tüdruk, {marker}")
        await tab_to(page, "#f-municipality")
        await page.keyboard.press("ArrowDown")  # Rakvere linn, the first municipality
        await tab_to(page, "#f-text")
        await page.keyboard.type("Laps oli õhtul üksi mänguväljakul ja nuttis.")
        await tab_to(page, "#f-reporter_name")
        await page.keyboard.type(REPORTER)
        await tab_to(page, "button.primary[type=submit]")
        async with page.expect_navigation():
            await page.keyboard.press("Enter")
        if page.url.endswith("/report/receipt"):
            return (await page.locator("#reference").inner_text()).strip()
        assert await page.locator("h1").count() == 1
        await asyncio.sleep(10)
    raise AssertionError("the anonymous report was not accepted")


async def test_report_queue_case_and_the_citizens_access_log(browser: Browser) -> None:
    marker = uuid.uuid4().hex[:8]

    # 1. A citizen reports anonymously (keyboard only); the receipt shows only the reference.
    public = await new_context(browser)
    page = await public.new_page()
    await page.goto("/report")
    await checked(page, "report-form")
    reference = await _report_anonymously(page, marker)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", reference)
    body = await page.locator("main").inner_text()
    assert "Rakvere" not in body and marker not in body
    await checked(page, "receipt")
    await public.close()

    rows = await fetch("intake", "SELECT id FROM report WHERE receipt_number = $1", reference)
    assessment_id = await assessment_for(str(rows[0]["id"]))

    # The worker has signed in before (casework knows its workers from their first visit).
    worker = await new_context(browser)
    worker_page = await sign_in(worker, "rakvere.worker", "/work")
    await expect(worker_page.locator("h1")).to_have_text("Minu menetlused")

    # 2. The department head sees it above every child not in danger and assigns it.
    head = await new_context(browser)
    page = await sign_in(head, "rakvere.head", "/queue")
    row = page.locator(f'tr[data-id="{assessment_id}"]')
    above: list[bool] = []

    async def shown() -> bool:
        """Page through the queue (without script, as a link) until the item appears."""
        above.clear()
        await page.goto("/queue")
        while True:
            above.extend(
                await page.evaluate(
                    """id => {
                        const rows = [...document.querySelectorAll('#queue-rows tr[data-id]')];
                        const at = rows.findIndex(r => r.dataset.id === id);
                        return rows.slice(0, at < 0 ? rows.length : at)
                            .map(r => r.classList.contains('urgent'));
                    }""",
                    assessment_id,
                )
            )
            if await row.count() == 1:
                return True
            more = page.locator("#more a")
            if await more.count() == 0:
                return False
            await page.goto(str(await more.get_attribute("href")))

    await eventually(shown, bool, timeout=60, interval=1)
    assert all(above)
    await expect(row).to_have_class(re.compile("urgent"))
    await expect(row).to_contain_text("Laps on ohus")
    await expect(row).to_contain_text("jäänud")
    await checked(page, "queue")
    await tab_to(page, f'[id="a-{assessment_id}"]')
    await page.keyboard.type("rakvere.worker")
    async with page.expect_navigation():
        await page.keyboard.press("Enter")
    await expect(page.locator("p.success")).to_contain_text("rakvere.worker")
    await head.close()

    # 3. The worker opens it, decides the preliminary assessment and opens a case.
    page = worker_page
    await page.goto("/work")
    await expect(page.locator(f'a[href="/assessments/{assessment_id}"]')).to_have_count(1)
    await checked(page, "my-work")
    await page.goto(f"/assessments/{assessment_id}")
    await expect(page.locator("main")).to_contain_text(marker)
    await checked(page, "assessment")
    for selector, text in (
        ("#f-given_name", "Mari"),
        ("#f-family_name", "Maasikas"),
        ("#f-personal_code", MARI),
        ("#f-reason", "Vajab abivajaduse hindamist."),
    ):
        await tab_to(page, selector)
        await page.keyboard.type(text)
    await tab_to(page, "button.primary[type=submit]")
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}$"))
    case_id = page.url.rsplit("/", 1)[1]
    await expect(page.locator("h1")).to_contain_text("Mari Maasikas")
    await checked(page, "case")

    # 4. The case page is a protected view.
    await _protected_view_holds(page, "rakvere.worker", case_id)
    await worker.close()

    # 5. The citizen signed in sees who looked at her data, never the reporter or staff names.
    citizen = await new_context(browser)
    page = await sign_in(citizen, "citizen.mari", "/my-data")
    log = page.locator("#access-log")
    await expect(log).to_contain_text("lastekaitsetöötaja")
    await expect(log).to_contain_text("Rakvere linn")
    content = await page.content()
    assert REPORTER not in content and "rakvere.worker" not in content
    # her own records: the case just opened about her, in words, without the reporter
    records = page.locator("#record-list")
    await expect(records).to_contain_text("Mari Maasikas")
    await expect(records).to_contain_text("avatud")
    assert await page.locator("#records-unavailable").count() == 0
    await checked(page, "my-data")
    await citizen.close()

    # 6. Someone else is refused with a readable page.
    other = await new_context(browser)
    page = await sign_in(other, "citizen.jaan", "/")
    response = await page.goto(f"/cases/{case_id}")
    assert response is not None and response.status == 403
    await expect(page.locator("h1")).to_have_text("Teil pole sellele lehele juurdepääsu")
    await expect(page.locator("p.problem")).not_to_be_empty()
    assert "Mari" not in await page.content()
    await checked(page, "refused")
    await other.close()


async def _protected_view_holds(page: Page, viewer: str, case_id: str) -> None:
    await protected_view_holds(page, viewer)
    audited = await eventually(
        lambda: fetch(
            "audit",
            "SELECT count(*) AS n FROM audit_record WHERE record_id = $1"
            " AND actor_username = $2 AND action = 'read'",
            case_id,
            viewer,
        ),
        lambda rows: rows[0]["n"] >= 2,
        timeout=60,
    )
    assert audited[0]["n"] >= 2


async def test_english_is_remembered_and_sign_out_ends_the_keycloak_session(
    browser: Browser,
) -> None:
    context = await new_context(browser)
    page = await sign_in(context, "citizen.jaan", "/")
    await expect(page.locator("html")).to_have_attribute("lang", "et")
    await checked(page, "home")
    await tab_to(page, "header form[action='/language'] button")
    await page.keyboard.press("Enter")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    await tab_to(page, "header form[action='/logout'] button")
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"127\.0\.0\.1:8007/$"))
    await expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    # Keycloak's session ended too: signing in asks for the password again.
    await page.goto("/login")
    await page.wait_for_url(re.compile(r"127\.0\.0\.1:8180/"))
    await expect(page.locator("#username")).to_be_visible()
    await context.close()

    # A new browser, the same user: the choice of English is remembered.
    again = await new_context(browser)
    page = await sign_in(again, "citizen.jaan", "/")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await again.close()
