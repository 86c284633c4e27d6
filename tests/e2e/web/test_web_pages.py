"""The pages over reporting, the case plan, a citizen's applications and the NGTS list, in a
real browser: what they show, that they pass axe-core, and the NGTS list as a protected view
for a designated specialist whose every opening is in the audit trail."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.async_api import Browser, expect

from heaolu_ngts.main import last_query_date
from tests.conftest import GATEWAY, Tokens, bearer, eventually, fetch, local_today
from tests.e2e.casework_flow import key
from tests.e2e.court_flow import case_with_approved_plan
from tests.e2e.ngts_flow import designate_specialist, imported_list
from tests.e2e.web.conftest import (
    WEB,
    checked,
    new_context,
    protected_view_holds,
    sign_in,
    tab_to,
)

pytestmark = [pytest.mark.e2e, pytest.mark.browser, pytest.mark.timeout(300)]

IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
"""A name as the APIs spell it (``by_need_level``): never shown to a reader."""


async def test_statistics_show_each_chart_beside_its_table_under_the_pages_policy(
    browser: Browser,
) -> None:
    context = await new_context(browser, bypass_csp=False)
    violations: list[str] = []
    page = await sign_in(context, "rakvere.head", "/statistics")
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    await page.reload()
    await expect(page.locator("h1")).to_have_text("Statistika")
    await expect(page.locator("#kpi-scope")).to_contain_text("Rakvere linn")
    kpis = await page.locator("#kpis").inner_text()
    assert "Laekunud teated" in kpis and "abivajav laps" in kpis
    assert IDENTIFIER.findall(kpis) == []

    pairs = page.locator("section.chart-pair")
    assert await pairs.count() >= 3
    for i in range(await pairs.count()):
        pair = pairs.nth(i)
        image = pair.locator("img")
        await expect(image).to_have_attribute("src", re.compile(r"^/statistics/charts/"))
        assert (await image.get_attribute("alt") or "").strip()
        assert await image.evaluate(
            "img => img.decode().then(() => img.naturalWidth > 0, () => false)"
        ), await image.get_attribute("src")
        table = pair.locator("table")
        assert await table.locator("caption").count() == 1
        assert await table.locator("tbody th[scope=row]").count() >= 1
        text = await table.inner_text()
        assert "Rakvere linn" in text and IDENTIFIER.findall(text) == []

    src = await pairs.first.locator("img").get_attribute("src")
    chart = await context.request.get(f"{WEB}{src}")
    assert chart.status == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "sandbox" in chart.headers["content-security-policy"]
    assert chart.headers["cache-control"] == "no-store"
    assert "<script" not in await chart.text()
    assert violations == []
    await context.close()

    # The same page in English, with axe-core (which needs the CSP bypassed to be injected).
    context = await new_context(browser)
    page = await sign_in(context, "rakvere.head", "/statistics")
    await checked(page, "statistics")
    await tab_to(page, "header form[action='/language'] button")
    await page.keyboard.press("Enter")
    await expect(page.locator("h1")).to_have_text("Statistics")
    text = await page.locator("main").inner_text()
    assert "Reports received" in text and "child in need" in text
    await page.locator("#charts").scroll_into_view_if_needed()
    await checked(page, "statistics-charts")
    # the choice is remembered for the user: back to Estonian for the tests that follow
    await tab_to(page, "header form[action='/language'] button")
    await page.keyboard.press("Enter")
    await expect(page.locator("html")).to_have_attribute("lang", "et")
    await context.close()

    # A worker, whom reporting refuses the area's figures, sees their own caseload.
    context = await new_context(browser)
    page = await sign_in(context, "rakvere.worker", "/statistics")
    await expect(page.locator("#h-kpis")).to_have_text("Minu töökoormus")
    assert await page.locator("section.chart-pair").count() == 0
    await checked(page)
    await context.close()


async def test_the_case_page_shows_the_plan_its_goals_activities_and_the_childs_opinion(
    browser: Browser, tokens: Tokens
) -> None:
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=60) as gateway:
        case_id = await case_with_approved_plan(gateway, tokens)
    context = await new_context(browser)
    page = await sign_in(context, "rakvere.worker", f"/cases/{case_id}")
    plan = page.locator("#case-plans article.plan")
    await expect(plan).to_have_count(1)
    await expect(plan.locator("h3")).to_contain_text("kinnitatud")
    await expect(plan).to_contain_text("Regulaarne koolis käimine")  # the goal
    await expect(plan).to_contain_text("Tugiisik, koolipsühholoog")  # its activities
    await expect(plan).to_contain_text("Puudumiste arv e-koolis")  # how it is evaluated
    await expect(plan.locator("blockquote.child-opinion")).to_have_text(
        "Tahab käia trennis ja koolis."
    )
    await expect(plan).to_contain_text("Ema osales eesmärkide seadmisel")
    deadlines = await page.locator("#h-deadlines + table").inner_text()
    assert "juhtumiplaani ülevaatus" in deadlines and "case_plan_review" not in deadlines
    await plan.scroll_into_view_if_needed()
    await checked(page, "case-plan")
    await context.close()


async def test_my_data_lists_the_citizens_own_applications(
    browser: Browser, tokens: Tokens
) -> None:
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=60) as gateway:
        applied = await gateway.post(
            "/api/intake/v1/applications",
            json={"service_code": "support_person", "description": "Vajan tugiisikut."},
            headers=bearer(tokens("citizen.jaan")) | key(),
        )
        assert applied.status_code == 201, applied.text
    context = await new_context(browser)
    page = await sign_in(context, "citizen.jaan", "/my-data")
    applications = page.locator("#application-list")
    await expect(applications).to_contain_text("Tugiisikuteenus")
    # citizen.jaan chose English in an earlier test; the page speaks the reader's language
    await expect(applications).to_contain_text(re.compile("vastu võetud|received"))
    # casework serves a citizen's records; citizen.jaan has none (the list says so)
    await expect(page.locator("#records")).to_be_visible()
    assert await page.locator("#records-unavailable").count() == 0
    await checked(page)
    await context.close()


async def test_the_ngts_list_is_a_protected_view_and_every_opening_is_audited(
    browser: Browser, tokens: Tokens
) -> None:
    async with httpx.AsyncClient(base_url=GATEWAY, timeout=60) as gateway:
        await designate_specialist(gateway, tokens)
        participation_id = await imported_list(gateway, tokens, last_query_date(local_today()))
    context = await new_context(browser)
    page = await sign_in(context, "viljandi.ngts", f"/ngts?participation={participation_id}")
    await expect(page.locator("h1")).to_have_text("Noortegarantii tugisüsteemi nimekiri")
    rows = page.locator("#youths tbody tr[data-id]")
    await expect(rows.first).to_be_visible()
    assert await page.get_by_role("link", name=re.compile("csv|excel|laadi", re.I)).count() == 0
    assert "nimekirjas" in await page.locator("#youths").inner_text()  # a status in words
    await checked(page, "ngts")
    shown = [str(await rows.nth(i).get_attribute("data-id")) for i in range(await rows.count())]
    assert len(shown) > 1

    await protected_view_holds(page, "viljandi.ngts")

    # Each youth on the page was read through the NGTS API, which audited it: at least once
    # when the page was opened and once more on the reload above.
    audited = await eventually(
        lambda: fetch(
            "audit",
            "SELECT record_id, count(*) AS n FROM audit_record WHERE record_type = 'ngts_youth'"
            " AND actor_username = 'viljandi.ngts' AND action = 'list'"
            " AND record_id = ANY($1::text[]) GROUP BY record_id",
            shown,
        ),
        lambda found: len(found) == len(shown) and all(r["n"] >= 2 for r in found),
        timeout=60,
    )
    assert {r["record_id"] for r in audited} == set(shown)
    await context.close()
