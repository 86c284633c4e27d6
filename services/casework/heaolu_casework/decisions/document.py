"""The document of an administrative act (HMS §§ 55-57) in each language it can be issued in:
the authority, the official, the addressees, the decision in words, legal basis, reasons and
the way and term of challenge; and whom a decision about a minor is addressed to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from heaolu_casework.common.models import Case, Person
from heaolu_casework.decisions.models import AdministrativeDecision
from heaolu_shared.calendar import default_calendar
from heaolu_shared.contracts.services import service_label
from heaolu_shared.documents import Document, Section
from heaolu_shared.pseudonym import birth_date_of

ADULT_AGE = 18


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


AUTHORITIES = {
    "0663": "Rakvere Linnavalitsus",
    "0321": "Kohtla-Järve Linnavalitsus",
    "0897": "Viljandi Linnavalitsus",
    "0919": "Võru Linnavalitsus",
}
"""The administrative body of each municipality (EHAK code), as a decision names it."""

DOCUMENT_TEXT: dict[str, dict[str, str]] = {
    "et": {
        "title": "Haldusakt: otsus sotsiaalteenuse kohta",
        "authority": "Haldusorgan",
        "official": "Otsuse tegija",
        "addressees": "Adressaadid",
        "decision": "Otsus",
        "granted": "Taotlus teenusele „{service}” rahuldada.",
        "refused": "Taotlus teenusele „{service}” jätta rahuldamata.",
        "from": "Alates {start}",
        "until": " kuni {end}",
        "legal_basis": "Õiguslik alus",
        "reasoning": "Põhjendus",
        "provider": "Teenuse osutaja",
        "challenge": "Vaidlustamise viis ja tähtaeg",
        "challenge_text": (
            "Otsust saab vaidlustada 30 päeva jooksul, arvates päevast, mil isik otsusest teada "
            "sai või oleks pidanud teada saama: esitades vaide otsuse teinud haldusorganile "
            "({authority}) haldusmenetluse seaduse § 75 alusel või kaebuse halduskohtule "
            "halduskohtumenetluse seadustiku § 46 alusel."
        ),
        "case": "Juhtum",
        "case_line": "{number}, {authority}",
        "personal_code": "isikukood",
        "representative": "seaduslik esindaja",
    },
    "en": {
        "title": "Administrative act: decision on a social service",
        "authority": "Administrative authority",
        "official": "Official who made the decision",
        "addressees": "Addressees",
        "decision": "Decision",
        "granted": "The application for “{service}” is granted.",
        "refused": "The application for “{service}” is refused.",
        "from": "From {start}",
        "until": " until {end}",
        "legal_basis": "Legal basis",
        "reasoning": "Reasons",
        "provider": "Service provider",
        "challenge": "How and when to challenge this decision",
        "challenge_text": (
            "This decision may be challenged within 30 days of the day on which the person "
            "learned or should have learned of it: by a challenge (vaie) to the authority that "
            "made it ({authority}) under § 75 of the Administrative Procedure Act, or by an "
            "appeal to the administrative court under § 46 of the Code of Administrative Court "
            "Procedure."
        ),
        "case": "Case",
        "case_line": "{number}, {authority}",
        "personal_code": "personal identification code",
        "representative": "legal representative",
    },
}
"""A decision's fixed wording in each language it can be issued in."""


def authority_of(municipality: str) -> str:
    return AUTHORITIES.get(municipality, f"{municipality} (EHAK)")


def challenge_text(language: str, municipality: str) -> str:
    """How and within what term the decision can be challenged (HMS § 75, HKMS § 46)."""
    return DOCUMENT_TEXT[language]["challenge_text"].format(authority=authority_of(municipality))


@dataclass(frozen=True)
class Addressee:
    person: Person
    representative: bool


def _addressee_line(addressee: Addressee, text: dict[str, str]) -> str:
    person = addressee.person
    line = f"{person.given_name} {person.family_name}"
    if addressee.representative:
        line += f" ({text['representative']})"
    if person.personal_code:
        line += f", {text['personal_code']} {person.personal_code}"
    if person.address:
        line += f", {person.address}"
    return line


def decision_document(
    decision: AdministrativeDecision,
    case: Case,
    addressees: Sequence[Addressee],
    *,
    official: str,
    language: str,
) -> Document:
    """The document of an administrative act (HMS §§ 55-57): authority, official, addressees,
    the decision in words, legal basis, reasons and the way and term of challenge."""
    text = DOCUMENT_TEXT[language]
    service = service_label(decision.service_code, language)
    ruling = text[decision.outcome].format(service=service)
    if decision.starts_on:
        ruling += "\n" + text["from"].format(start=f"{decision.starts_on:%d.%m.%Y}")
        if decision.ends_on:
            ruling += text["until"].format(end=f"{decision.ends_on:%d.%m.%Y}")
    authority = authority_of(case.municipality)
    sections = [
        Section(text["authority"], authority),
        Section(text["official"], official),
        Section(text["addressees"], "\n".join(_addressee_line(a, text) for a in addressees)),
        Section(text["decision"], ruling),
        Section(text["legal_basis"], decision.legal_basis),
        Section(text["reasoning"], decision.reasoning),
    ]
    if decision.outcome == "granted":
        sections.append(
            Section(text["provider"], f"{decision.provider_name} ({decision.provider_code})")
        )
    sections += [
        Section(text["challenge"], decision.appeal_notice),
        Section(text["case"], text["case_line"].format(number=case.number, authority=authority)),
    ]
    return Document(
        title=text["title"],
        reference=decision.number,
        issued_at=decision.issued_at.astimezone(default_calendar().tz),
        sections=sections,
        language=language,
        author=authority,
    )


def is_minor(person: Person, on: date) -> bool:
    """Under 18 on ``on`` (by the birth date, or the one the personal code carries)."""
    birth = person.birth_date or (
        birth_date_of(person.personal_code) if person.personal_code else None
    )
    return birth is not None and age_on(birth, on) < ADULT_AGE
