"""The application as the court receives it: a PDF in Estonian."""

from __future__ import annotations

from datetime import datetime

from heaolu_court.custody.models import CustodyApplication
from heaolu_shared.calendar import default_calendar
from heaolu_shared.documents import Document, Section, render_pdf

LEGAL_GROUND_ET = {
    "custodian_caused_danger": "lapse tervist või elu ohustava olukorra põhjustas hooldusõiguslik "
    "vanem (LasteKS §33 lg 1)",
    "custodian_refused_temporary_placement": "hooldusõiguslik vanem keeldus lapse ajutisest "
    "paigutamisest (LasteKS §33 lg 1)",
}
ATTACHMENT_ET = {
    "needs_assessment": "abivajaduse hindamine",
    "case_plan": "juhtumiplaan",
    "removal": "perest eraldamise otsus",
    "activity": "juhtumi tegevus",
    "decision": "haldusakt",
    "placement": "paigutus",
    "other": "muu dokument",
}


def _local(at: datetime) -> str:
    return f"{at.astimezone(default_calendar().tz):%d.%m.%Y %H:%M}"


def render(application: CustodyApplication, authority: str) -> bytes:
    """The filed application's PDF: the authority, the responsible official, the case number."""
    opinion = application.child_opinion or (
        "Lapse arvamust ei olnud võimalik välja selgitada: "
        + (application.child_opinion_missing_reason or "")
    )
    attachments = "\n".join(
        f"{i}. {ATTACHMENT_ET.get(a['record_type'], a['record_type'])}: {a['description']} "
        f"({a['record_id']})"
        for i, a in enumerate(application.attachments, start=1)
    )
    assert application.filed_at is not None
    sections = [
        Section("Kohus", application.court_name or ""),
        Section(
            "Taotleja (eestkosteasutus)",
            f"{authority}\nJuhtumi number: {application.case_number or application.case_id}\n"
            f"Taotluse number: {application.number}",
        ),
        Section(
            "Vastutav ametnik",
            f"{application.official_name}, {application.official_position}"
            + (f"\n{application.official_contact}" if application.official_contact else ""),
        ),
        Section(
            "Perest eraldamine",
            f"Laps eraldati perest {_local(application.separated_at)}. Kohus saab otsustada "
            f"hiljemalt {_local(application.ruling_due_at)} (72 tundi eraldamisest).",
        ),
        Section(
            "Õiguslik alus",
            LEGAL_GROUND_ET.get(application.legal_ground, "")
            + "; tsiviilkohtumenetluse seadustik §563²",
        ),
        Section("Asjaolud", application.facts or ""),
        Section("Oht lapsele", application.danger or ""),
        Section("Rakendatud meetmed", application.measures_taken or ""),
        Section(
            "Lapse ajutine asukoht ja suhtluskord",
            f"{application.temporary_location}\n{application.contact_arrangement}",
        ),
        Section("Lapse arvamus", opinion),
        Section("Taotletav abinõu", application.requested_measure or ""),
    ]
    if attachments:
        sections.append(Section("Lisad (viitega juhtumi dokumentidele)", attachments))
    return render_pdf(
        Document(
            title="Taotlus vanema hooldusõiguse piiramiseks",
            reference=application.number,
            issued_at=application.filed_at.astimezone(default_calendar().tz),
            sections=sections,
        )
    )
