"""Every message reporting shows to people, in English and Estonian, in one place.

Errors carry ``"English / eesti"`` as the rest of the project does; the KPI definitions are
given in both languages as separate fields.
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    en: str
    et: str

    def both(self) -> str:
        return f"{self.en} / {self.et}"


NO_ROLE = Text(
    "your role does not allow reporting figures", "teie roll ei võimalda aruandlusandmeid näha"
)
OTHER_MUNICIPALITY = Text(
    "a department head sees the figures of their own municipality only",
    "osakonnajuhataja näeb ainult oma omavalitsuse näitajaid",
)
NO_MUNICIPALITY = Text(
    "your account belongs to no municipality", "teie konto ei kuulu omavalitsusele"
)
BAD_PERIOD = Text(
    "the period must start before it ends and span at most 10 years",
    "periood peab algama enne lõppu ja olema kuni 10 aastat pikk",
)
BOTH_AREAS = Text(
    "give a municipality or a county, not both", "andke kas omavalitsus või maakond, mitte mõlemat"
)
UNKNOWN_COUNTY = Text("unknown county code", "tundmatu maakonna kood")
UNKNOWN_MUNICIPALITY = Text("unknown municipality code (EHAK)", "tundmatu omavalitsuse kood (EHAK)")
UNKNOWN_REPORT = Text("no such report", "sellist aruannet pole")
FEED_ONLY_SKA = Text(
    "the SKA feed is for the Social Insurance Board only",
    "SKA voog on ainult Sotsiaalkindlustusametile",
)

SUPPRESSED_MARK = "<5"
"""What an export shows in a suppressed cell (counts 1-4 and their complementary cells)."""

KPI_DEFINITIONS: dict[str, Text] = {
    "reports_received": Text(
        "Reports about children received in the period by the area's municipalities, by need "
        "level; a further report about a child with an open report counts too. Not by channel: "
        "how a report came in characterises its reporter (LasteKS §27).",
        "Perioodil piirkonna omavalitsustele laekunud teated lapse kohta abivajaduse taseme "
        "järgi; arvestatakse ka avatud teatega lapse kohta tulnud lisateadet. Kanali järgi mitte: "
        "see iseloomustab teatajat (LasteKS §27).",
    ),
    "preliminary_assessments": Text(
        "Preliminary assessments decided in the period; within term = decided before the "
        "10-day term (LasteKS §28) ended; days = calendar days from the report to the decision "
        "(median).",
        "Perioodil otsustatud eelhindamised; tähtaegselt = otsustatud enne 10-päevase tähtaja "
        "(LasteKS §28) lõppu; päevad = kalendripäevad teatest otsuseni (mediaan).",
    ),
    "cases": Text(
        "Case management opened and closed in the period (in the municipality that opened or "
        "closed it) and open at the period's end (in the municipality that holds it then).",
        "Perioodil avatud ja suletud juhtumid (avanud või sulgenud omavalitsuses) ning perioodi "
        "lõpus avatud juhtumid (neid sel hetkel menetlevas omavalitsuses).",
    ),
    "open_cases_per_worker": Text(
        "Cases open at the period's end divided by the number of workers they are assigned to "
        "(as assigned when the case was opened).",
        "Perioodi lõpus avatud juhtumite arv jagatud töötajate arvuga, kellele need on määratud "
        "(juhtumi avamise hetke seisuga).",
    ),
    "clocks": Text(
        "Statutory clocks by kind: breached = due in the period and ended unmet (the owning "
        "service's breach event); met is known for preliminary assessments (decided in term).",
        "Seadusjärgsed tähtajad liigi järgi: ületatud = tähtaeg perioodis ja täitmata (teenuse "
        "ületamise sündmus); täidetud on teada eelhindamiste kohta (otsustatud tähtaegselt).",
    ),
    "separations": Text(
        "Children separated from the family (LasteKS §33) in the period; of them, those whose "
        "custody-restriction application was filed (court's event), filed by the municipality's "
        "target, and filed within 72 hours of the separation.",
        "Perioodil perest eraldatud lapsed (LasteKS §33); neist need, kelle hooldusõiguse "
        "piiramise avaldus esitati (kohtuteenuse sündmus), esitati omavalitsuse sihtajaks ja "
        "esitati 72 tunni jooksul eraldamisest.",
    ),
    "klat_opinions": Text(
        "SKA opinions on closed-institution (KLAT) placements requested and answered in the "
        "period; answered within the 30 days.",
        "Perioodil küsitud ja antud SKA arvamused kinnise lasteasutuse (KLAT) kohta; neist 30 "
        "päeva jooksul antud.",
    ),
    "ngts_outreach": Text(
        "NGTS youths reached (answered yes or no) and wanting help in the period, declined "
        "(answered no, or the outcome 'declined') and helped (an outcome the municipality "
        "helped to, recorded in the period).",
        "Perioodil kontakteeritud NGTS noored (vastasid jah või ei) ja abi soovijad, loobunud "
        "(vastasid ei või tulemus 'loobus') ja aidatud (omavalitsuse abil saavutatud tulemus, "
        "kirjendatud perioodis).",
    ),
    "inquiries": Text(
        "Ministry and SKA inquiries to NGTS specialists received and answered in the period; "
        "answered within 5 working days (the shared calendar).",
        "Perioodil saabunud ja vastatud ministeeriumi ja SKA päringud NGTS spetsialistidele; "
        "neist 5 tööpäeva jooksul vastatud (ühine kalender).",
    ),
    "placements": Text(
        "Substitute-care placements started in the period, by form.",
        "Perioodil alanud asendushoolduse paigutused vormi järgi.",
    ),
    "decisions": Text(
        "Administrative decisions on social services issued in the period, by outcome.",
        "Perioodil tehtud haldusaktid sotsiaalteenuste kohta tulemuse järgi.",
    ),
    "my_caseload": Text(
        "Your open cases at the period's end (assigned to you when opened) and the clocks "
        "breached in the period on records assigned to you.",
        "Teie avatud juhtumid perioodi lõpus (teile avamisel määratud) ja perioodis ületatud "
        "tähtajad teile määratud kirjetel.",
    ),
}

PENDING_KPIS: dict[str, Text] = {
    "ska_counselling_statistics": Text(
        "SKA's counselling and central-authority statistics: counselling requests and Brussels "
        "IIb requests publish no events to count yet.",
        "SKA nõustamise ja keskasutuse statistika: nõustamis- ja Brüsseli IIb taotlused ei "
        "avalda veel sündmusi, mida loendada.",
    ),
}

CHART_TITLES: dict[str, Text] = {
    "reports_by_month": Text("Reports received by month", "Laekunud teated kuude kaupa"),
    "cases_by_municipality": Text(
        "Cases opened and closed by municipality", "Avatud ja suletud juhtumid omavalitsuste kaupa"
    ),
}
