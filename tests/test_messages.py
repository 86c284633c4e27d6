"""Every message of every service is in Estonian and English (issue 10 #8).

All modules of the shared library and the services are imported, so every message they define
is in the catalogue; a message without Estonian or English, or whose languages name different
placeholders, fails this test.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from heaolu_shared.messages import CATALOGUE, define, missing_translations

PACKAGES = [
    "heaolu_shared",
    "heaolu_gateway",
    "heaolu_intake",
    "heaolu_casework",
    "heaolu_court",
    "heaolu_ngts",
    "heaolu_reporting",
    "heaolu_audit",
]


def _import_everything() -> None:
    for name in PACKAGES:
        try:
            package = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if ".migrations" in module.name or module.name.endswith("__main__"):
                continue
            importlib.import_module(module.name)


def test_every_message_has_estonian_and_english() -> None:
    _import_everything()
    assert len(CATALOGUE) > 50
    assert missing_translations() == []


def test_a_message_without_a_translation_is_found() -> None:
    broken = define("test.untranslated", et="", en="Only English")
    mismatched = define("test.placeholders", et="Kuni {limit}", en="At most {max}")
    try:
        assert "test.untranslated: et" in missing_translations()
        assert "test.placeholders: placeholders of et" in missing_translations()
    finally:
        del CATALOGUE[broken.key], CATALOGUE[mismatched.key]


def test_a_key_defined_twice_with_other_texts_is_refused() -> None:
    define("test.twice", et="Üks", en="One")
    try:
        with pytest.raises(ValueError, match="twice"):
            define("test.twice", et="Kaks", en="Two")
    finally:
        del CATALOGUE["test.twice"]


def test_no_message_reads_as_two_languages_glued() -> None:
    # Clients that predate the catalogue split a text at " / " into English and Estonian;
    # a catalogue text holding one would be cut there.
    _import_everything()
    glued = [
        f"{message.key}: {language}"
        for message in CATALOGUE.values()
        for language, text in message.texts.items()
        if " / " in text
    ]
    assert glued == []
