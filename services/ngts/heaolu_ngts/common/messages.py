"""NGTS's messages to people (see :mod:`heaolu_shared.messages`), all in one place.

A message never contains personal data: its placeholders carry counts, dates and kinds only.
"""

from __future__ import annotations

from heaolu_shared.messages import define

NOT_DESIGNATED = define(
    "ngts.only-designated-specialists",
    et="Noortegarantii nimekirja näevad ainult omavalitsuse määratud NGTS-i spetsialistid",
    en="Only NGTS specialists designated by the municipality may see its youth-guarantee list",
)
HEAD_ONLY = define(
    "ngts.head-designates-specialists",
    et="NGTS-i spetsialisti määrab omavalitsuse osakonnajuhataja",
    en="Only the department head of the municipality designates NGTS specialists",
)
PARTICIPATION_ROLES = define(
    "ngts.round-work-roles",
    et="Vooruosalust taotleb ja haldab omavalitsuse osakonnajuhataja või määratud "
    "NGTS-i spetsialist",
    en="The department head or a designated NGTS specialist of the municipality applies for "
    "and handles a round",
)
SPECIALIST_UNKNOWN = define(
    "ngts.specialist-unknown",
    et="Selle kasutajanimega teie omavalitsuse NGTS-i juhtumikorraldaja ei ole süsteemi veel "
    "kasutanud",
    en="No NGTS case manager of your municipality with this username has used the system yet",
)
DESIGNATION_DATES = define(
    "ngts.designation-dates",
    et="Määramise lõppkuupäev ei saa olla varasem kui alguskuupäev",
    en="A designation cannot end before it starts",
)
PREPAYMENT_PERIOD = define(
    "ngts.prepayment-period-dates",
    et="Perioodi lõppkuupäev ei saa olla varasem kui alguskuupäev",
    en="The period cannot end before it starts",
)
YOUTH_NOT_FOUND = define(
    "ngts.no-such-youth",
    et="Sellist noort ei ole",
    en="No such youth",
)
PARTICIPATION_NOT_FOUND = define(
    "ngts.no-such-participation",
    et="Sellist vooruosalust ei ole",
    en="No such round participation",
)
DESIGNATION_NOT_FOUND = define(
    "ngts.no-such-designation",
    et="Sellist määramist ei ole",
    en="No such designation",
)
INQUIRY_NOT_FOUND = define(
    "ngts.no-such-inquiry",
    et="Sellist päringut ei ole",
    en="No such inquiry",
)
PREPAYMENT_NOT_FOUND = define(
    "ngts.no-such-prepayment-application",
    et="Sellist ettemaksetaotlust ei ole",
    en="No such prepayment application",
)
PLAN_NOT_FOUND = define(
    "ngts.no-plan-yet",
    et="Noorel ei ole veel individuaalset plaani",
    en="The youth has no individual plan yet",
)
NOT_A_QUERY_DATE = define(
    "ngts.query-dates",
    et="Registripäring tehakse 15. märtsil ja 15. oktoobril",
    en="Register queries run on 15 March and 15 October",
)
APPLICATION_CLOSED = define(
    "ngts.application-deadline-passed",
    et="Selle vooru taotlemise tähtaeg on möödas: vooru tuleb taotleda enne 1. märtsi või "
    "1. oktoobrit",
    en="The application deadline of this round has passed: a round is applied for before "
    "1 March or 1 October",
)
ALREADY_APPLIED = define(
    "ngts.already-applied",
    et="Omavalitsus on selles voorus osalemist juba taotlenud",
    en="The municipality has already applied for this round",
)
LIST_ALREADY_IMPORTED = define(
    "ngts.list-already-imported",
    et="Selle vooru nimekiri on juba imporditud",
    en="This round's list has already been imported",
)
LIST_NOT_YET_AVAILABLE = define(
    "ngts.list-not-yet-available",
    et="Selle vooru registripäringut ei ole veel tehtud",
    en="The register query of this round has not run yet",
)
LIST_PURGED = define(
    "ngts.list-purged",
    et="Selle vooru nimekiri kustutati säilitustähtaja lõppedes",
    en="This round's list was deleted when its retention period ended",
)
EXPORT_REFUSED = define(
    "ngts.list-view-only",
    et="Noortegarantii nimekirja saab ainult vaadata: seda ei saa eksportida, alla laadida "
    "ega printida",
    en="The youth-guarantee list is view-only: no export, download or printing",
)
VIEW_LIMIT_TITLE = define(
    "problem.view-limit",
    et="Liiga palju avatud noori",
    en="Too many youths opened",
)
VIEW_LIMIT = define(
    "ngts.view-limit",
    et="Olete viimase tunni jooksul avanud lubatud arvu noori ({limit}); proovige hiljem uuesti",
    en="You have opened as many youths as allowed in an hour ({limit}); try again later",
)
DECLINED_ENDS_WORK = define(
    "ngts.declined-ends-work",
    et="Noor ei soovi abi: osalemine on vabatahtlik ja töö noorega on lõppenud",
    en="The youth does not want help: participation is voluntary, and the work has ended",
)
PHONE_NEEDS_ANSWER = define(
    "ngts.call-after-message",
    et="Helistada saab pärast sõnumit, kui noor vastas „soovin abi“ või ei vastanud",
    en="Call only after a message, when the youth answered 'wants help' or did not answer",
)
MEETING_NEEDS_WISH = define(
    "ngts.meeting-after-wish-for-help",
    et="Kohtumine toimub pärast seda, kui noor on öelnud, et soovib abi",
    en="A meeting is held after the youth has said they want help",
)
CONSENT_NEEDS_WISH = define(
    "ngts.consent-after-wish-for-help",
    et="Nõusolek fikseeritakse pärast seda, kui noor on öelnud, et soovib abi",
    en="Consent is recorded after the youth has said they want help",
)
ALREADY_CONSENTED = define(
    "ngts.consent-already-recorded",
    et="Nõusolek on juba fikseeritud",
    en="Consent is already recorded",
)
PLAN_NEEDS_CONSENT = define(
    "ngts.plan-needs-consent",
    et="Individuaalse plaani koostamiseks on vaja noore nõusolekut",
    en="An individual plan needs the youth's consent first",
)
OUTCOME_NEEDS_PLAN = define(
    "ngts.outcome-needs-plan",
    et="Tulemus fikseeritakse noorele, kellel on individuaalne plaan",
    en="An outcome is recorded for a youth with an individual plan",
)
OUTCOME_RECORDED = define(
    "ngts.outcome-already-recorded",
    et="Tulemus on juba fikseeritud",
    en="The outcome is already recorded",
)
ALREADY_ANSWERED = define(
    "ngts.inquiry-already-answered",
    et="Päringule on juba vastatud",
    en="The inquiry has already been answered",
)
PREPAYMENT_TRANSITION = define(
    "ngts.prepayment-transition",
    et="Ettemaksetaotlust ei saa praegusest olekust sellesse olekusse viia",
    en="A prepayment application cannot move to this status from its current one",
)
