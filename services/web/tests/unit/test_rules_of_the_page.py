"""The web front end's own small logic, without a browser or a server."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from heaolu_web.cases.service import decision_body
from heaolu_web.common import i18n
from heaolu_web.common.csrf import origin_allowed, token_matches
from heaolu_web.common.pages import content_security_policy
from heaolu_web.common.session import SessionStore, cookie_header
from heaolu_web.common.urls import safe_next
from heaolu_web.report.service import field_errors, report_body

TEMPLATES = Path(__file__).resolve().parents[2] / "heaolu_web" / "templates"


def test_sessions_expire_when_idle_or_old_and_the_least_recent_goes_first() -> None:
    now = [0.0]
    store = SessionStore(idle=60, maximum=300, limit=2, clock=lambda: now[0])
    store.save("a", {"x": 1})
    now[0] = 59
    assert store.load("a") == {"x": 1}
    now[0] = 120
    assert store.load("a") is None
    store.save("b", {})
    store.save("c", {})
    store.save("d", {})
    assert len(store) == 2 and store.load("b") is None
    for _ in range(5):
        now[0] += 50
        assert store.load("d") == {}
    now[0] += 55
    assert store.load("d") is None  # older than the maximum, however busy


def test_every_cookie_is_http_only_secure_and_strict() -> None:
    header = cookie_header("heaolu_session", "abc")
    assert {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"} <= set(header.split("; "))


def test_csrf_tokens_and_origins() -> None:
    assert token_matches("t0ken", "t0ken")
    assert not token_matches("t0ken", "other")
    assert not token_matches(None, "")
    assert not token_matches("", "")
    assert origin_allowed(None, "http://127.0.0.1:8007")
    assert origin_allowed("http://127.0.0.1:8007", "http://127.0.0.1:8007")
    assert not origin_allowed("http://attacker.example", "http://127.0.0.1:8007")
    assert not origin_allowed("null", "http://127.0.0.1:8007")


def test_only_paths_of_this_site_are_followed_after_sign_in() -> None:
    assert safe_next("/queue?cursor=x") == "/queue?cursor=x"
    for hostile in ("//evil.example", "/\\evil.example", "https://evil.example", "", None):
        assert safe_next(hostile) == "/"


def test_the_policy_allows_no_inline_script_and_no_framing() -> None:
    csp = content_security_policy("https://id.example")
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self' https://id.example" in csp


def test_api_messages_in_the_readers_language() -> None:
    message = "your role does not allow this API / teie roll seda ei luba"
    assert i18n.api_message(message, "et") == "teie roll seda ei luba"
    assert i18n.api_message(message, "en") == "your role does not allow this API"
    assert i18n.api_message("no translation", "et") == "no translation"


def test_clocks_show_time_left_and_overdue_in_words() -> None:
    now = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    left = i18n.clock(now + timedelta(days=2, hours=3), now, "et")
    assert left.text == "jäänud 2 p 3 t" and not left.overdue
    late = i18n.clock(now - timedelta(minutes=90), now, "en")
    assert late.text == "Overdue by 1 h 30 min" and late.overdue
    assert late.due == "02.03.2026 10:30"  # Estonian time (UTC+2 in March), Estonian format


def test_dates_are_shown_in_estonian_time_and_format() -> None:
    assert i18n.format_datetime("2026-07-01T21:30:00+00:00") == "02.07.2026 00:30"
    assert i18n.format_date("2026-07-01") == "01.07.2026"


def test_every_message_used_by_a_template_exists_in_both_languages() -> None:
    used: set[str] = set()
    for template in TEMPLATES.rglob("*.html"):
        used |= set(
            re.findall(r"""(?<![\w.])t\(["']([a-z_][a-z_.]*[a-z_])["']\)""", template.read_text())
        )
    assert used, "no messages found"
    assert used - set(i18n.MESSAGES) == set()
    assert all(et and en for et, en in i18n.MESSAGES.values())


def test_the_report_form_becomes_the_intake_body_and_errors_come_back_to_fields() -> None:
    form = {
        "need_level": "in_danger",
        "child_description": " Umbes 6-aastane ",
        "child_code": "",
        "municipality": "0663",
        "category": "neglect",
        "text": "Üksi õues",
        "reporter_name": "Reet",
    }
    body = report_body(form, with_reporter=True)
    assert body["child"] == {"description": "Umbes 6-aastane"}
    assert body["location"] == {"municipality": "0663"}
    assert body["reporter"] == {"name": "Reet"}
    assert "reporter" not in report_body(form, with_reporter=False)
    errors = field_errors(
        [
            {"field": "child.personal_code", "message": "bad", "message_et": "vigane"},
            {"field": "child", "message": "Value error, give a description / lisage kirjeldus"},
        ],
        "et",
    )
    assert errors == {"child_code": "vigane", "child_description": "lisage kirjeldus"}


def test_a_decision_carries_only_the_fields_of_its_outcome() -> None:
    opened = decision_body(
        {"outcome": "open_case", "given_name": "Mari", "family_name": "M", "one_off_measure": "x"}
    )
    assert opened == {"outcome": "open_case", "child": {"given_name": "Mari", "family_name": "M"}}
    kept = decision_body({"outcome": "not_opened", "reason": "r", "one_off_measure": "m"})
    assert kept == {"outcome": "not_opened", "reason": "r", "one_off_measure": "m"}
