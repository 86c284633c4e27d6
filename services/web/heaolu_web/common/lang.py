"""The reader's language: the session's choice, else the remembered cookie, else Estonian."""

from __future__ import annotations

from fastapi import Request

from heaolu_web.common import i18n
from heaolu_web.common.session import read_cookie

LANG_COOKIE = "heaolu_lang"


def language(request: Request) -> i18n.Lang:
    """The session's choice, else the remembered cookie, else Estonian."""
    chosen = request.session.get("lang")
    if chosen in i18n.LANGS:
        return i18n.choose(chosen)
    return i18n.choose(read_cookie(request.scope, LANG_COOKIE))
