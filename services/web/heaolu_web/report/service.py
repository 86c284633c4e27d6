"""The report form to the intake API's body and the API's field errors back to the form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from heaolu_web.common import i18n

# form field -> the API's field path
FIELDS = {
    "child_code": "child.personal_code",
    "child_name": "child.name",
    "child_birth": "child.birth_date",
    "child_description": "child.description",
    "municipality": "location.municipality",
    "place": "location.description",
    "category": "concern.category",
    "text": "concern.text",
    "need_level": "need_level",
    "reporter_name": "reporter.name",
    "reporter_phone": "reporter.phone",
    "reporter_email": "reporter.email",
}
API_FIELDS = {api: form for form, api in FIELDS.items()} | {"child": "child_description"}


def _value(form: Mapping[str, Any], name: str) -> str | None:
    value = str(form.get(name) or "").strip()
    return value or None


def report_body(form: Mapping[str, Any], *, with_reporter: bool) -> dict[str, Any]:
    """The intake API's report body from the form; empty fields are left out."""
    child = {
        key: _value(form, name)
        for key, name in (
            ("personal_code", "child_code"),
            ("name", "child_name"),
            ("birth_date", "child_birth"),
            ("description", "child_description"),
        )
        if _value(form, name)
    }
    location = {
        key: _value(form, name)
        for key, name in (("municipality", "municipality"), ("description", "place"))
        if _value(form, name)
    }
    body: dict[str, Any] = {
        "child": child,
        "location": location,
        "need_level": _value(form, "need_level"),
        "concern": {"category": _value(form, "category") or "other", "text": _value(form, "text")},
        "channel": "web",
    }
    if with_reporter:
        reporter = {
            key: _value(form, name)
            for key, name in (
                ("name", "reporter_name"),
                ("phone", "reporter_phone"),
                ("email", "reporter_email"),
            )
            if _value(form, name)
        }
        if reporter:
            body["reporter"] = reporter
    return body


def field_errors(errors: list[dict[str, Any]], lang: i18n.Lang) -> dict[str, str]:
    """The API's validation errors by form field, in the reader's language; errors of fields
    the form does not have are kept under ``""``."""
    shown: dict[str, str] = {}
    for error in errors:
        field = API_FIELDS.get(str(error.get("field", "")), "")
        message = str(error.get("message", ""))
        if " / " in message:
            text = i18n.api_message(message.removeprefix("Value error, "), lang)
        elif lang == "et":
            text = str(error.get("message_et") or message)
        else:
            text = message
        shown.setdefault(field, text)
    return shown
