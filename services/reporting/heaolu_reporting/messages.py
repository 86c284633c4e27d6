"""Every message reporting shows to people, in English and Estonian, in one place.

Problem messages are catalogue messages (:mod:`heaolu_shared.messages`), shown in the caller's
language; the KPI definitions and chart titles are given in both languages as separate fields
(:class:`Text`).
"""

from __future__ import annotations

from typing import NamedTuple

from heaolu_shared.messages import define


class Text(NamedTuple):
    en: str
    et: str


UNKNOWN_AREA_TITLE = define("problem.unknown-area", et="Tundmatu piirkond", en="Unknown area")
INVALID_PERIOD_TITLE = define("problem.invalid-period", et="Vigane periood", en="Invalid period")

NO_ROLE = define(
    "reporting.role-without-figures",
    et="Teie roll ei võimalda aruandlusandmeid näha",
    en="Your role does not allow you to see reporting figures",
)
OTHER_MUNICIPALITY = define(
    "reporting.head-sees-own-municipality",
    et="Osakonnajuhataja näeb ainult oma omavalitsuse näitajaid",
    en="A department head sees the figures of their own municipality only",
)
NO_MUNICIPALITY = define(
    "reporting.account-without-municipality",
    et="Teie kasutajakonto ei ole seotud ühegi omavalitsusega",
    en="Your account belongs to no municipality",
)
BAD_PERIOD = define(
    "reporting.period-order-and-span",
    et="Periood peab algama enne lõppu ja olema kuni 10 aastat pikk",
    en="The period must start before it ends and span at most 10 years",
)
BOTH_AREAS = define(
    "reporting.municipality-or-county",
    et="Märkige kas omavalitsus või maakond, mitte mõlemat",
    en="Give a municipality or a county, not both",
)
UNKNOWN_COUNTY = define(
    "reporting.unknown-county",
    et="Tundmatu maakonnakood",
    en="Unknown county code",
)
UNKNOWN_MUNICIPALITY = define(
    "reporting.unknown-municipality",
    et="Tundmatu omavalitsuse kood (EHAK)",
    en="Unknown municipality code (EHAK)",
)
NATIONAL_ONLY = define(
    "reporting.national-table-for-ska",
    et="See tabel on ainult kogu riigi kohta ja mõeldud SKA-le",
    en="This table covers the whole country only and is for SKA",
)
UNKNOWN_REPORT = define(
    "reporting.no-such-report",
    et="Sellist aruannet pole",
    en="No such report",
)
FEED_ONLY_SKA = define(
    "reporting.feed-for-ska",
    et="SKA andmevoog on mõeldud ainult Sotsiaalkindlustusametile",
    en="The SKA feed is for the Social Insurance Board only",
)

SUPPRESSED_MARK = "<5"
"""What an export shows in a suppressed cell (counts 1-4 and their complementary cells)."""

KPI_DEFINITIONS: dict[str, Text] = {
    "reports_received": Text(
        "Reports about children received in the period by the area's municipalities, by need "
        "level; a further report about a child with an open report counts too. There is "
        "deliberately no count by channel (web, phone, school, police, 116 111): how a report "
        "came in characterises the reporter, whose identity and the fact of reporting LasteKS "
        "§27 protects, so no event carries the channel and reporting cannot count it (ADR 0016).",
        "Perioodil piirkonna omavalitsustele laekunud teated lapse kohta abivajaduse taseme "
        "järgi; arvestatakse ka avatud teatega lapse kohta tulnud lisateadet. Kanali (veeb, "
        "telefon, kool, politsei, 116 111) järgi teadlikult ei loendata: teate saabumise viis "
        "iseloomustab teatajat, kelle isikut ja teatamise fakti kaitseb LasteKS §27, seega ükski "
        "sündmus kanalit ei kanna ja aruandlus ei saa seda loendada (ADR 0016).",
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
    "ska_counselling": Text(
        "SKA's child-protection counselling service: requests municipalities opened in the "
        "period (by what they asked about: a preliminary assessment or a case), requests "
        "answered and closed in the period (closed without an answer: closed before any "
        "answer), requests open at the period's end, and the median time from opening to the "
        "first answer in days, of the requests first answered in the period. Counted for the "
        "asking municipality, from casework's counselling-request events.",
        "SKA lastekaitse nõustamisteenus: perioodil omavalitsuste avatud pöördumised (mille "
        "kohta küsiti: eelhindamine või juhtum), perioodil vastatud ja suletud pöördumised "
        "(vastuseta suletud: suletud enne ühtki vastust), perioodi lõpus avatud pöördumised "
        "ning avamisest esimese vastuseni kulunud aja mediaan päevades perioodil esimest korda "
        "vastatud pöördumiste kohta. Arvestatakse küsinud omavalitsusele, juhtumitöö "
        "nõustamispöördumiste sündmustest.",
    ),
    "central_authority": Text(
        "SKA as Brussels IIb central authority (Reg. (EU) 2019/1111): requests registered in "
        "the period by article (79, 80, 82) and direction (incoming, outgoing), answered in the "
        "period and of them within the article's response term, awaiting an answer at the "
        "period's end, and the median days from registration to the answer. Requests belong to "
        "no municipality: they are given for the whole country only (null for a municipality "
        "or a county). Municipal tasks (a municipality's part, e.g. an Art. 80 report): "
        "assigned in the period, reported to SKA in the period and of them within the term. "
        "From the court service's events about Brussels IIb requests and municipal tasks.",
        "SKA kui Brüsseli IIb keskasutus (määrus (EL) 2019/1111): perioodil registreeritud "
        "taotlused artikli (79, 80, 82) ja suuna (sissetulev, väljaminev) järgi, perioodil "
        "vastatud ja neist artikli vastamistähtaja jooksul vastatud, perioodi lõpus vastust "
        "ootavad ning registreerimisest vastuseni kulunud päevade mediaan. Taotlused ei kuulu "
        "omavalitsusele: need antakse ainult kogu riigi kohta (omavalitsuse või maakonna puhul "
        "null). Omavalitsuste ülesanded (omavalitsuse osa, nt art 80 aruanne): perioodil "
        "määratud, perioodil SKA-le esitatud ja neist tähtaegselt esitatud. Kohtuteenuse "
        "Brüsseli IIb taotluste ja omavalitsuste ülesannete sündmustest.",
    ),
    "my_caseload": Text(
        "Your open cases at the period's end (assigned to you when opened) and the clocks "
        "breached in the period on records assigned to you.",
        "Teie avatud juhtumid perioodi lõpus (teile avamisel määratud) ja perioodis ületatud "
        "tähtajad teile määratud kirjetel.",
    ),
}

PENDING_KPIS: dict[str, Text] = {}
"""Figures whose events no service publishes yet (none at present): each says why it is zero."""

CHART_TITLES: dict[str, Text] = {
    "reports_by_month": Text("Reports received by month", "Laekunud teated kuude kaupa"),
    "cases_by_municipality": Text(
        "Cases opened and closed by municipality", "Avatud ja suletud juhtumid omavalitsuste kaupa"
    ),
}
