"""Messages to people, in the caller's language: one catalogue, keyed by stable message ids.

Every text a person may read in an error (a problem's ``title`` and ``detail``, a validation
message) is a :class:`Message` defined once with :func:`define`, in Estonian and English (Russian
optional). The language of an answer is negotiated from ``Accept-Language``; Estonian is the
default. A service keeps its messages in its own ``messages.py`` module::

    from heaolu_shared.messages import define

    CASE_CLOSED = define(
        "casework.case-closed",
        et="Juhtum on suletud",
        en="The case is closed",
    )

and raises them with the shared errors (``raise Conflict(CASE_CLOSED)``), or from a pydantic
validator with :func:`invalid`. Placeholders (``{limit}``) are filled from keyword arguments and
must never carry personal data. ``tests/test_messages.py`` fails when a message lacks Estonian or
English, or when its languages disagree on the placeholders.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError

DEFAULT_LANGUAGE = "et"
REQUIRED_LANGUAGES = ("et", "en")
LANGUAGES = ("et", "en", "ru")
"""Languages an answer may be in; Russian where a message has it."""


@dataclass(frozen=True)
class Message:
    """A text to people, with its stable key and a version per language."""

    key: str
    texts: dict[str, str]

    def render(self, language: str, **params: Any) -> str | None:
        """The message in ``language`` with ``params`` filled in; ``None`` when not translated."""
        template = self.texts.get(language)
        if template is None:
            return None
        return template.format(**params) if params else template

    def placeholders(self, language: str) -> set[str]:
        """The names of the placeholders of one language version."""
        return {
            name for _, name, _, _ in string.Formatter().parse(self.texts.get(language, "")) if name
        }


CATALOGUE: dict[str, Message] = {}
"""Every message defined so far, by key."""


def define(key: str, *, et: str, en: str, ru: str | None = None) -> Message:
    """Define (once) the message ``key``; defining a key twice with other texts is a bug."""
    texts = {"et": et, "en": en} | ({"ru": ru} if ru is not None else {})
    message = Message(key, texts)
    existing = CATALOGUE.get(key)
    if existing is not None and existing != message:
        raise ValueError(f"message {key} is defined twice with different texts")
    CATALOGUE[key] = message
    return message


def missing_translations() -> list[str]:
    """``key: language`` for every message lacking a required language or with placeholders
    that differ between its languages; empty when the catalogue is complete."""
    problems: list[str] = []
    for key, message in sorted(CATALOGUE.items()):
        problems += [f"{key}: {lang}" for lang in REQUIRED_LANGUAGES if not message.texts.get(lang)]
        reference = message.placeholders("en")
        problems += [
            f"{key}: placeholders of {lang}"
            for lang in message.texts
            if message.placeholders(lang) != reference
        ]
    return problems


def preferred_languages(accept_language: str | None) -> list[str]:
    """The supported languages the caller accepts, best first, always ending in Estonian.

    ``Accept-Language`` (RFC 9110 §12.5.4) is read leniently: unknown or malformed parts are
    skipped, ``q=0`` excludes, a region (``en-GB``) counts as its language.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        if language == "*":
            language = DEFAULT_LANGUAGE
        if language in LANGUAGES and quality > 0:
            ranked.append((-quality, position, language))
    chosen = [language for _, _, language in sorted(ranked)]
    return list(dict.fromkeys([*chosen, DEFAULT_LANGUAGE]))


def render(text: Message, language: str, **params: Any) -> str | None:
    """``text`` in ``language``, or ``None`` when it has no version in that language."""
    return text.render(language, **params)


def choose_language(texts: list[tuple[Message, dict[str, Any]]], preferred: list[str]) -> str:
    """The first of ``preferred`` in which every one of ``texts`` exists (Estonian, English
    last), so an answer never mixes languages."""
    for language in [*preferred, "et", "en"]:
        if all(render(text, language, **params) is not None for text, params in texts):
            return language
    return "en"


def invalid(message: Message, **params: Any) -> PydanticCustomError:
    """A pydantic validation error carrying a catalogue message: ``raise invalid(M)`` in a
    validator; the answer shows it in the caller's language."""
    return PydanticCustomError(message.key, message.texts["en"], params)
