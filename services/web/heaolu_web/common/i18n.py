"""Estonian by default, English by choice; dates and times in Estonian time and format.

Messages of this front end live here; the APIs' own messages come as ``"English / eesti"`` and
:func:`api_message` picks the reader's half.

The module is long because it is the front end's message table (each key in both languages in
one place, so a missing translation is visible beside its pair); its code is a few short
functions at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from heaolu_shared.roles import Role

Lang = Literal["et", "en"]
LANGS: tuple[Lang, ...] = ("et", "en")
DEFAULT: Lang = "et"
TALLINN = ZoneInfo("Europe/Tallinn")

# key: (Estonian, English)
MESSAGES: dict[str, tuple[str, str]] = {
    "app.name": ("Heaolu", "Heaolu"),
    "app.tagline": ("Lastekaitse ja sotsiaalhoolekanne", "Child protection and social services"),
    "skip": ("Liigu sisu juurde", "Skip to content"),
    "nav": ("Peamenüü", "Main menu"),
    "nav.home": ("Avaleht", "Home"),
    "nav.report": ("Teata abivajavast lapsest", "Report a child in need"),
    "nav.queue": ("Järjekord", "Queue"),
    "nav.work": ("Minu menetlused", "My cases"),
    "nav.mydata": ("Minu andmed", "My data"),
    "nav.ngts": ("NGTS nimekiri", "NGTS list"),
    "nav.statistics": ("Statistika", "Statistics"),
    "signin": ("Logi sisse", "Sign in"),
    "signout": ("Logi välja", "Sign out"),
    "signed_in_as": ("Sisse logitud:", "Signed in as"),
    "language": ("Keel", "Language"),
    "language.change": ("In English", "Eesti keeles"),
    "home.title": ("Tere tulemast", "Welcome"),
    "home.public": (
        "Kui muretsete lapse pärast, teatage sellest. Võite jääda anonüümseks.",
        "If you are worried about a child, report it. You may stay anonymous.",
    ),
    "home.staff": ("Töötajale", "For staff"),
    "home.danger": (
        "Kui laps on otseses ohus, helistage hädaabinumbril 112.",
        "If a child is in immediate danger, call 112.",
    ),
    "report.title": ("Teade abivajavast lapsest", "Report about a child in need"),
    "report.intro": (
        "Täitke teade. Tärniga (*) väljad on kohustuslikud. Lapse kohta piisab kirjeldusest.",
        "Fill in the report. Fields marked (*) are required. A description of the child is enough.",
    ),
    "report.child": ("Laps", "The child"),
    "report.child_code": ("Lapse isikukood", "Child's personal code"),
    "report.code_hint": ("11 numbrit", "11 digits"),
    "report.child_name": ("Lapse nimi", "Child's name"),
    "report.child_birth": ("Sünniaeg", "Date of birth"),
    "report.child_description": ("Kirjeldus (vanus, välimus)", "Description (age, appearance)"),
    "report.where": ("Kus laps on", "Where the child is"),
    "report.municipality": ("Omavalitsus", "Municipality"),
    "report.place": ("Koht (aadress või kirjeldus)", "Place (address or description)"),
    "report.concern": ("Mure", "The concern"),
    "report.category": ("Mure liik", "Kind of concern"),
    "report.text": ("Mida nägite või kuulsite? *", "What did you see or hear? *"),
    "report.need": ("Kas laps on ohus? *", "Is the child in danger? *"),
    "report.need.in_need": ("Laps vajab abi", "The child needs help"),
    "report.need.in_danger": ("Laps on ohus", "The child is in danger"),
    "report.reporter": ("Teie andmed (soovi korral)", "About you (optional)"),
    "report.reporter_hint": (
        "Teie andmeid näeb ainult lapse juhtumit menetlev spetsialist.",
        "Only the specialist handling the child's case sees your details.",
    ),
    "report.reporter_name": ("Teie nimi", "Your name"),
    "report.reporter_phone": ("Telefon", "Phone"),
    "report.reporter_email": ("E-post", "E-mail"),
    "report.send": ("Saada teade", "Send the report"),
    "report.as_professional": (
        "Teatate spetsialistina; teie nimi on teates.",
        "You report as a professional; your name is on the report.",
    ),
    "receipt.title": ("Teade on vastu võetud", "The report has been received"),
    "receipt.reference": ("Viitenumber", "Reference"),
    "receipt.keep": (
        "Hoidke viitenumber alles: sellega saate kontrollida teate seisu.",
        "Keep the reference: with it you can check the report's status.",
    ),
    "receipt.received_at": ("Vastu võetud", "Received"),
    "errors.title": ("Palun parandage vead", "Please correct the errors"),
    "error.title": ("Midagi läks valesti", "Something went wrong"),
    "error.refused": (
        "Teil pole sellele lehele juurdepääsu",
        "You do not have access to this page",
    ),
    "error.csrf": (
        "Vorm aegus või ei tulnud sellelt lehelt. Avage leht uuesti ja proovige uuesti.",
        "The form expired or did not come from this site. Open the page again and retry.",
    ),
    "error.signin": ("Palun logige sisse", "Please sign in"),
    "error.unavailable": (
        "Teenus ei vasta. Proovige hiljem uuesti.",
        "The service does not answer. Try again later.",
    ),
    "error.unexpected": (
        "Lehte ei õnnestunud näidata. Proovige hiljem uuesti.",
        "The page could not be shown. Try again later.",
    ),
    "error.back": ("Tagasi avalehele", "Back to the home page"),
    "error.invalid": (
        "Aadress või vormi väärtus ei ole korrektne.",
        "The address or a value of the form is not valid.",
    ),
    "error.required": ("See väli on kohustuslik", "This field is required"),
    "queue.title": ("Uute teadete ja taotluste järjekord", "Queue of new reports and applications"),
    "queue.empty": ("Järjekord on tühi.", "The queue is empty."),
    "queue.kind": ("Liik", "Kind"),
    "queue.what": ("Sisu", "What"),
    "queue.received": ("Saabunud", "Received"),
    "queue.due": ("Tähtaeg", "Due"),
    "queue.assign": ("Määra töötaja", "Assign a worker"),
    "queue.assignee": ("Töötaja kasutajanimi", "Worker's username"),
    "queue.assign_button": ("Määra", "Assign"),
    "queue.more": ("Järgmised", "Next page"),
    "queue.assigned": ("Määratud töötajale", "Assigned to"),
    "kind.preliminary_assessment": ("Teade (esmane hindamine)", "Report (preliminary assessment)"),
    "kind.application": ("Taotlus", "Application"),
    "kind.case": ("Üle antud juhtum", "Transferred case"),
    "urgent": ("Laps on ohus", "Child in danger"),
    "clock.left": ("jäänud {left}", "{left} left"),
    "clock.overdue": ("Tähtaeg ületatud {left} tagasi", "Overdue by {left}"),
    "clock.none": ("tähtajata", "no deadline"),
    "unit.d": ("p", "d"),
    "unit.h": ("t", "h"),
    "unit.min": ("min", "min"),
    "work.title": ("Minu menetlused", "My cases"),
    "work.assessments": ("Esmased hindamised", "Preliminary assessments"),
    "work.cases": ("Juhtumid", "Cases"),
    "work.deadlines": ("Minu tähtajad", "My deadlines"),
    "work.none": ("Pole midagi.", "Nothing here."),
    "work.open": ("Ava", "Open"),
    "assessment.title": ("Esmane hindamine", "Preliminary assessment"),
    "assessment.report": ("Teade", "The report"),
    "assessment.decide": ("Otsus", "Decision"),
    "assessment.outcome": ("Tulemus", "Outcome"),
    "outcome.open_case": ("Alusta juhtumi menetlust", "Open a case"),
    "outcome.not_opened": ("Juhtumit ei avata", "Do not open a case"),
    "outcome.forwarded": ("Edasta", "Forward"),
    "assessment.reason": ("Põhjendus", "Reason"),
    "assessment.measure": ("Ühekordne abimeede", "One-off measure"),
    "assessment.forward_to": ("Omavalitsus, kuhu edastada", "Municipality to forward to"),
    "assessment.given": ("Lapse eesnimi", "Child's given name"),
    "assessment.family": ("Lapse perekonnanimi", "Child's family name"),
    "assessment.save": ("Salvesta otsus", "Save the decision"),
    "assessment.decided": ("Otsustatud", "Decided"),
    "field.status": ("Seis", "Status"),
    "field.category": ("Liik", "Category"),
    "field.concern": ("Mure", "Concern"),
    "field.need": ("Abivajadus", "Need"),
    "field.assignee": ("Menetleja", "Assigned to"),
    "field.municipality": ("Omavalitsus", "Municipality"),
    "field.number": ("Number", "Number"),
    "field.opened": ("Avatud", "Opened"),
    "field.child": ("Laps", "Child"),
    "field.person": ("Isik", "Person"),
    "field.legal_basis": ("Õiguslik alus", "Legal basis"),
    "field.kind": ("Liik", "Kind"),
    "field.when": ("Aeg", "When"),
    "field.summary": ("Kokkuvõte", "Summary"),
    "case.title": ("Juhtum", "Case"),
    "case.parties": ("Osapooled", "Parties"),
    "case.deadlines": ("Tähtajad", "Deadlines"),
    "case.assessments": ("Hindamised", "Assessments"),
    "case.plan": ("Juhtumiplaan", "Case plan"),
    "case.activities": ("Tegevused, märkmed ja kodukülastused", "Activities, notes and visits"),
    "case.removals": ("Perest eraldamised", "Removals from the family"),
    "case.removal_clock": ("Kohtumääruse tähtaeg (72 tundi)", "Court ruling due (72 hours)"),
    "case.placements": ("Asendushooldus", "Placements"),
    "case.decisions": ("Haldusotsused", "Decisions"),
    "case.pdf": ("Otsus PDF-ina", "Decision as PDF"),
    "case.actions": ("Toimingud", "Actions"),
    "case.add_note": ("Lisa märge", "Add a note"),
    "case.note_kind": ("Tegevuse liik", "Kind of activity"),
    "case.note_text": ("Kokkuvõte", "Summary"),
    "case.note_save": ("Salvesta", "Save"),
    "case.none": ("Puudub.", "None."),
    "activity.network_meeting": ("Võrgustikukohtumine", "Network meeting"),
    "activity.home_visit": ("Kodukülastus", "Home visit"),
    "activity.phone_call": ("Telefonikõne", "Phone call"),
    "activity.note": ("Märge", "Note"),
    "mydata.title": ("Minu andmed", "My data"),
    "mydata.records": ("Minu ja mu laste andmed", "My and my children's records"),
    "mydata.records_none": (
        "Teie ja teie laste juhtumite andmed ei ole siin veel saadaval: teenus neid veel ei "
        "väljasta. Andmete saamiseks pöörduge oma omavalitsuse poole.",
        "Your and your children's case records are not available here yet: the service does "
        "not serve them yet. Ask your municipality for them.",
    ),
    "mydata.log": ("Kes on minu andmeid vaadanud", "Who has looked at my data"),
    "mydata.log_intro": (
        "Näete asutust ja rolli; töötajate nimesid ei näidata.",
        "You see the institution and the role; staff names are not shown.",
    ),
    "mydata.institution": ("Asutus", "Institution"),
    "mydata.role": ("Roll", "Role"),
    "mydata.action": ("Toiming", "Action"),
    "mydata.record": ("Andmed", "Record"),
    "mydata.purpose": ("Eesmärk", "Purpose"),
    "mydata.substitute": ("asendajana", "as a substitute"),
    "ngts.title": ("Noortegarantii tugisüsteemi nimekiri", "Youth guarantee (NGTS) list"),
    "ngts.participations": ("Osalemised päringuvoorudes", "Participations in query rounds"),
    "ngts.query_date": ("Päringu kuupäev", "Query date"),
    "ngts.stored": ("Noori nimekirjas", "Youths on the list"),
    "ngts.youths": ("Nimekiri seisuga", "List as of"),
    "ngts.name": ("Nimi", "Name"),
    "unavailable": (
        "See vaade ei ole veel saadaval: teenus ei vasta.",
        "This view is not available yet: the service does not answer.",
    ),
    "protected.notice": (
        "Kaitstud vaade: kopeerimine, printimine ja eksport on keelatud; avamine on logitud.",
        "Protected view: copying, printing and export are disabled; opening it is logged.",
    ),
    "protected.viewer": ("Vaataja", "Viewer"),
    "statistics.title": ("Statistika", "Statistics"),
    "statistics.area": ("Piirkond", "Area"),
    "statistics.national": ("Kogu Eesti", "All of Estonia"),
    "statistics.period": ("Periood", "Period"),
    "statistics.figure": ("Näitaja", "Figure"),
    "statistics.values": ("Väärtused", "Values"),
    "statistics.pending": (
        "Näitajad, mida veel arvutada ei saa",
        "Figures that cannot be computed yet",
    ),
    "statistics.choose": ("Vali periood ja piirkond", "Choose the period and area"),
    "statistics.from": ("Alates", "From"),
    "statistics.to": ("Kuni", "To"),
    "statistics.area_own": ("Kõik, mida tohin näha", "Everything I may see"),
    "statistics.show": ("Näita", "Show"),
    "statistics.malformed": (
        "Kuupäev peab olema kujul pp.kk.aaaa ja omavalitsus nimekirjast.",
        "A date must be a calendar date and the municipality one of the list.",
    ),
    "statistics.kpis": ("Põhinäitajad", "Key figures"),
    "statistics.caseload": ("Minu töökoormus", "My caseload"),
    "statistics.charts": ("Tabelid ja joonised", "Tables and charts"),
    "statistics.chart_alt": (
        "{title}: tulpdiagramm omavalitsuste kaupa; samad arvud on kõrvalolevas tabelis.",
        "{title}: bar chart by municipality; the same figures are in the table beside it.",
    ),
    "statistics.row": ("Omavalitsus", "Municipality"),
    "statistics.total": ("Kokku", "Total"),
    "statistics.withheld": ("alla 5", "under 5"),
    "statistics.withheld_note": (
        "Alla viie suurused arvud (ja need, millest neid saaks tuletada) on andmekaitse tõttu "
        "peidetud.",
        "Counts under five (and those they could be derived from) are withheld to protect privacy.",
    ),
    "statistics.charts_none": (
        "Tabeleid ja jooniseid ei ole teile saadaval.",
        "No tables or charts are available to you.",
    ),
    "plan.number": ("Plaan", "Plan"),
    "plan.revision": ("versioon", "revision"),
    "case.status.open": ("avatud", "open"),
    "case.status.closed": ("suletud", "closed"),
    "plan.status.draft": ("koostamisel", "draft"),
    "plan.status.approved": ("kinnitatud", "approved"),
    "plan.status.superseded": ("asendatud uuema versiooniga", "superseded"),
    "plan.approved_at": ("Kinnitatud", "Approved"),
    "plan.next_review": ("Järgmine ülevaatus", "Next review"),
    "plan.goals": ("Eesmärgid ja tegevused", "Goals and activities"),
    "plan.goal": ("Eesmärk", "Goal"),
    "plan.obstacles": ("Takistused", "Obstacles"),
    "plan.activities": ("Tegevused", "Activities"),
    "plan.services": ("Teenused", "Services"),
    "plan.responsible": ("Vastutajad", "Responsible"),
    "plan.timeframe": ("Ajavahemik", "Timeframe"),
    "plan.evaluation": ("Hindamine", "Evaluation"),
    "plan.evaluation_result": ("Hindamise tulemus", "Result of the evaluation"),
    "plan.child_opinion": ("Lapse arvamus", "The child's opinion"),
    "plan.child_opinion_missing": (
        "Lapse arvamust ei ole; põhjus:",
        "The child's opinion is not recorded; the reason:",
    ),
    "plan.caregiver": (
        "Lapse kasvataja teavitamine ja kaasamine",
        "How the person raising the child was informed and involved",
    ),
    "plan.need": ("Hinnatud abivajadus", "Assessed need"),
    "plan.recommendations": ("Soovitused", "Recommendations"),
    "plan.none": ("Juhtumiplaani ei ole.", "There is no case plan."),
    "plan.drafts_unlisted": (
        "Näidatakse kinnitatud plaane; koostamisel plaanide loetelu ei ole liidesest veel "
        "saadaval.",
        "Approved plans are shown; the list of draft plans is not yet served by the API.",
    ),
    "need.social_network": ("Sotsiaalne võrgustik", "Social network"),
    "need.economic_situation": ("Majanduslik olukord", "Economic situation"),
    "need.housing": ("Eluase", "Housing"),
    "need.health_and_coping": ("Tervis ja toimetulek", "Health and coping"),
    "need.social_status": ("Sotsiaalne seisund (töö, õpe)", "Social status (work, study)"),
    "need.obstacles": ("Takistused", "Obstacles"),
    "need.resources": ("Ressursid", "Resources"),
    "need.earlier_assessments": ("Varasemad hindamised", "Earlier assessments"),
    "mydata.applications": ("Minu taotlused", "My applications"),
    "mydata.self": ("mina", "me"),
    "mydata.service": ("Teenus", "Service"),
    "mydata.decision_due": ("Otsuse tähtaeg", "Decision due"),
    "mydata.outcome": ("Otsus", "Decision"),
    "application.status.received": ("vastu võetud", "received"),
    "application.status.being_handled": ("menetluses", "being handled"),
    "application.status.decided": ("otsustatud", "decided"),
    "application.outcome.granted": ("rahuldatud", "granted"),
    "application.outcome.refused": ("jäeti rahuldamata", "refused"),
    "ngts.status.applied": ("taotletud", "applied"),
    "ngts.status.imported": ("nimekiri saabunud", "list received"),
    "ngts.status.purged": ("nimekiri kustutatud", "list purged"),
    "ngts.status.listed": ("nimekirjas", "on the list"),
    "ngts.status.contacted": ("ühendust võetud", "contacted"),
    "ngts.status.wants_help": ("soovib abi", "wants help"),
    "ngts.status.no_answer": ("ei vastanud", "no answer"),
    "ngts.status.declined": ("ei soovi abi", "declined"),
    "ngts.status.consented": ("andis nõusoleku", "consented"),
    "ngts.status.planned": ("tegevuskava koostatud", "plan made"),
    "ngts.status.goal_reached": ("eesmärk saavutatud", "goal reached"),
    "ngts.status.closed": ("lõpetatud", "closed"),
    "page.previous": ("Algusesse", "First page"),
    "forbidden.body": (
        "Teie kasutajal pole selle lehe andmetele õigust. Kui arvate, et peaks olema, "
        "pöörduge oma juhi poole.",
        "Your account may not see this page's data. If you think it should, ask your manager.",
    ),
}

ROLES: dict[str, tuple[str, str]] = {
    Role.CHILD_PROTECTION_WORKER: ("lastekaitsetöötaja", "child-protection worker"),
    Role.SOCIAL_SERVICES_SPECIALIST: ("sotsiaaltöö spetsialist", "social-services specialist"),
    Role.DEPARTMENT_HEAD: ("osakonnajuhataja", "department head"),
    Role.SKA_COUNSELLOR: ("SKA nõustaja", "SKA counsellor"),
    Role.SKA_CENTRAL_AUTHORITY: ("SKA keskasutus", "SKA central authority"),
    Role.AUDITOR: ("audiitor", Role.AUDITOR),
    Role.CITIZEN: ("kodanik", Role.CITIZEN),
    Role.PROFESSIONAL_REPORTER: ("spetsialist-teataja", "professional reporter"),
    Role.NGTS_CASE_MANAGER: ("NGTS juhtumikorraldaja", "NGTS case manager"),
}

CONCERNS: dict[str, tuple[str, str]] = {
    "neglect": ("Hooletussejätmine", "Neglect"),
    "physical_violence": ("Füüsiline vägivald", "Physical violence"),
    "psychological_violence": ("Vaimne vägivald", "Psychological violence"),
    "sexual_abuse": ("Seksuaalne väärkohtlemine", "Sexual abuse"),
    "substance_use": ("Sõltuvusained", "Substance use"),
    "school_absence": ("Koolist puudumine", "School absence"),
    "behaviour": ("Käitumine", "Behaviour"),
    "parental_conflict": ("Vanemate konflikt", "Parental conflict"),
    "homelessness": ("Kodutus", "Homelessness"),
    "mental_health": ("Vaimne tervis", "Mental health"),
    "other": ("Muu", "Other"),
}

FIGURES: dict[str, tuple[str, str]] = {
    "reports_received": ("Laekunud teated", "Reports received"),
    "preliminary_assessments": ("Eelhindamised", "Preliminary assessments"),
    "cases": ("Juhtumid", "Cases"),
    "open_cases_per_worker": ("Avatud juhtumeid töötaja kohta", "Open cases per worker"),
    "clocks": ("Seadusjärgsed tähtajad", "Statutory deadlines"),
    "separations": ("Perest eraldamised", "Separations from the family"),
    "klat_opinions": (
        "SKA arvamused kinnise lasteasutuse kohta",
        "SKA opinions on closed child institutions",
    ),
    "ngts_outreach": ("Noortegarantii: noorte poole pöördumine", "Youth guarantee outreach"),
    "inquiries": ("Ministeeriumi ja SKA päringud", "Ministry and SKA inquiries"),
    "placements": ("Asendushoolduse algused", "Substitute-care placements started"),
    "decisions": ("Haldusaktid", "Administrative decisions"),
    "my_caseload": ("Minu töökoormus", "My caseload"),
}
"""The reporting API's figure names as people read them."""

FIGURE_VALUES: dict[str, tuple[str, str]] = {
    "total": ("kokku", "total"),
    "by_need_level": ("abivajaduse taseme järgi", "by need level"),
    "in_need": ("abivajav laps", "child in need"),
    "in_danger": ("hädaohus laps", "child in danger"),
    "further_reports": ("lisateated avatud teatega lapse kohta", "further reports"),
    "decided": ("otsustatud", "decided"),
    "within_term": ("tähtaegselt", "within the term"),
    "median_days": ("päevi teatest otsuseni (mediaan)", "days from report to decision (median)"),
    "by_outcome": ("tulemuse järgi", "by outcome"),
    "open_case": ("juhtum avati", "case opened"),
    "not_opened": ("juhtumit ei avatud", "no case opened"),
    "forwarded": ("edastati", "forwarded"),
    "share_within_term": ("osakaal tähtaegselt", "share within the term"),
    "opened": ("avatud", "opened"),
    "closed": ("suletud", "closed"),
    "open_at_end": ("avatud perioodi lõpus", "open at the end of the period"),
    "opened_by_kind": ("avatud liigi järgi", "opened by kind"),
    "child_protection": ("lastekaitse", "child protection"),
    "social_services": ("sotsiaalteenused", "social services"),
    "open_cases": ("avatud juhtumid", "open cases"),
    "workers": ("töötajaid", "workers"),
    "per_worker": ("töötaja kohta", "per worker"),
    "by_kind": ("liigi järgi", "by kind"),
    "breached": ("ületatud", "breached"),
    "met": ("täidetud", "met"),
    "clocks_breached": ("ületatud tähtajad", "deadlines breached"),
    "preliminary_assessment": ("eelhindamine (10 päeva)", "preliminary assessment (10 days)"),
    "court_filing": ("avaldus kohtule (sihtaeg)", "application to the court (target)"),
    "court_ruling": ("kohtumäärus (72 tundi)", "court ruling (72 hours)"),
    "case_plan_review": ("juhtumiplaani ülevaatus", "case plan review"),
    "action_evaluation": ("tegevuse hindamine", "evaluation of an activity"),
    "temporary_care_end": ("ajutise hoolduse lõpp (90 päeva)", "end of temporary care (90 days)"),
    "care_age_limit": ("asendushoolduse vanusepiir", "age limit of substitute care"),
    "application_decision": ("taotluse otsus", "decision on an application"),
    "court_opinion": ("arvamus kohtule", "opinion to the court"),
    "klat_opinion": ("SKA arvamus (30 päeva)", "SKA opinion (30 days)"),
    "brussels_response": ("Brüssel IIb vastus", "Brussels IIb response"),
    "brussels_task": ("Brüssel IIb ülesanne", "Brussels IIb task"),
    "ngts_inquiry_answer": ("päringu vastus (5 tööpäeva)", "answer to an inquiry (5 working days)"),
    "ngts_follow_up": ("järelkontakt (6 kuud)", "follow-up contact (6 months)"),
    "court_filed": ("avaldus kohtule esitatud", "application filed"),
    "filed_within_target": ("esitatud sihtajaks", "filed by the target"),
    "filed_within_72_hours": ("esitatud 72 tunni jooksul", "filed within 72 hours"),
    "requested": ("küsitud", "requested"),
    "answered": ("vastatud", "answered"),
    "answered_within_30_days": ("vastatud 30 päeva jooksul", "answered within 30 days"),
    "reached": ("kontakteeritud", "reached"),
    "wants_help": ("soovib abi", "wants help"),
    "declined": ("loobus", "declined"),
    "helped": ("aidatud", "helped"),
    "received": ("saabunud", "received"),
    "answered_within_5_working_days": (
        "vastatud 5 tööpäeva jooksul",
        "answered within 5 working days",
    ),
    "by_form": ("vormi järgi", "by form"),
    "foster_family": ("hooldusperes", "foster family"),
    "family_home": ("perekodus", "family home"),
    "substitute_home": ("asenduskodus", "substitute home"),
    "granted": ("rahuldatud", "granted"),
    "refused": ("rahuldamata", "refused"),
}
"""The names inside a figure's values (and the columns of the report tables) as people read
them; the same words name the kinds of deadline on a case page."""

MUNICIPALITIES: dict[str, str] = {
    "0663": "Rakvere linn",
    "0321": "Kohtla-Järve linn",
    "0897": "Viljandi linn",
    "0919": "Võru linn",
    "0784": "Tallinn",
    "0793": "Tartu linn",
    "0624": "Pärnu linn",
}


def choose(value: str | None) -> Lang:
    """The language named by ``value`` if it is one of ours, else Estonian."""
    return "en" if value == "en" else DEFAULT


def t(key: str, lang: Lang, **values: object) -> str:
    """The message ``key`` in ``lang``; an unknown key shows itself (and fails the unit test)."""
    pair = MESSAGES.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "et" else pair[1]
    return text.format(**values) if values else text


def label(table: dict[str, tuple[str, str]], code: str | None, lang: Lang) -> str:
    """The code's words in ``lang``; a code the table lacks is shown with spaces for
    underscores rather than as an identifier."""
    if code is None:
        return ""
    pair = table.get(code)
    return code.replace("_", " ") if pair is None else pair[0 if lang == "et" else 1]


def api_message(detail: str, lang: Lang) -> str:
    """The reader's half of an API message written ``"English / eesti"``; whole otherwise."""
    parts = [p.strip() for p in detail.split(" / ")]
    if len(parts) == 2 and all(parts):
        return parts[1] if lang == "et" else parts[0]
    return detail


def local(moment: datetime | str | None) -> datetime | None:
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.astimezone(TALLINN)


def format_datetime(moment: datetime | str | None) -> str:
    """``dd.mm.yyyy hh:mm`` in Estonian time, as Estonian public-sector sites write it."""
    shown = local(moment)
    return "" if shown is None else shown.strftime("%d.%m.%Y %H:%M")


def format_date(day: date | str | None) -> str:
    if day is None:
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return day.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Clock:
    """A deadline as shown: the time left (or overdue by), and whether it is overdue."""

    text: str
    overdue: bool
    due: str


def clock(due: datetime | str | None, now: datetime, lang: Lang) -> Clock:
    """Time left until ``due`` at ``now``, in days, hours and minutes."""
    if due is None:
        return Clock(t("clock.none", lang), False, "")
    if isinstance(due, str):
        due = datetime.fromisoformat(due)
    seconds = int((due - now).total_seconds())
    overdue = seconds < 0
    minutes = abs(seconds) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        span = f"{days} {t('unit.d', lang)} {hours} {t('unit.h', lang)}"
    elif hours:
        span = f"{hours} {t('unit.h', lang)} {minutes} {t('unit.min', lang)}"
    else:
        span = f"{minutes} {t('unit.min', lang)}"
    key = "clock.overdue" if overdue else "clock.left"
    return Clock(t(key, lang, left=span), overdue, format_datetime(due))
