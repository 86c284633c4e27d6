"""Every message NGTS shows to people, in English and Estonian, in one place.

Kept together so that they can move into a shared message catalogue without hunting through the
features. A message never contains personal data: counts, dates and kinds only.
"""

from __future__ import annotations

from typing import Final


def both(english: str, estonian: str) -> str:
    """The form every Heaolu problem detail takes: English / Estonian."""
    return f"{english} / {estonian}"


NOT_DESIGNATED: Final = both(
    "only NGTS specialists designated by the municipality may see its youth-guarantee list",
    "noortegarantii nimekirja näevad ainult omavalitsuse määratud NGTS spetsialistid",
)
HEAD_ONLY: Final = both(
    "only the department head of the municipality designates NGTS specialists",
    "NGTS spetsialisti määrab omavalitsuse osakonnajuhataja",
)
PARTICIPATION_ROLES: Final = both(
    "the department head or a designated NGTS specialist applies for a round",
    "vooru taotleb osakonnajuhataja või määratud NGTS spetsialist",
)
SPECIALIST_UNKNOWN: Final = both(
    "no NGTS case manager of your municipality with this username has used the system yet",
    "selle kasutajanimega teie omavalitsuse NGTS juhtumikorraldajat pole süsteemis veel nähtud",
)
DESIGNATION_DATES: Final = both(
    "a designation ends after it starts", "määramise lõpp peab olema pärast algust"
)
YOUTH_NOT_FOUND: Final = both("no such youth", "sellist noort ei ole")
PARTICIPATION_NOT_FOUND: Final = both("no such round participation", "sellist vooru osalust ei ole")
DESIGNATION_NOT_FOUND: Final = both("no such designation", "sellist määramist ei ole")
INQUIRY_NOT_FOUND: Final = both("no such inquiry", "sellist päringut ei ole")
PREPAYMENT_NOT_FOUND: Final = both(
    "no such prepayment application", "sellist ettemaksetaotlust ei ole"
)
NOT_A_QUERY_DATE: Final = both(
    "register queries run on 15 March and 15 October",
    "registripäring tehakse 15. märtsil ja 15. oktoobril",
)
APPLICATION_CLOSED: Final = both(
    "applications for this round closed on its 1 March / 1 October deadline",
    "selle vooru taotlemise tähtaeg (1. märts / 1. oktoober) on möödas",
)
ALREADY_APPLIED: Final = both(
    "the municipality already applied for this round",
    "omavalitsus on sellesse vooru juba taotlenud",
)
LIST_ALREADY_IMPORTED: Final = both(
    "this round's list has already been imported", "selle vooru nimekiri on juba imporditud"
)
LIST_NOT_YET_AVAILABLE: Final = both(
    "the register query of this round has not run yet",
    "selle vooru registripäringut pole veel tehtud",
)
LIST_PURGED: Final = both(
    "this round's list was purged when its retention ended",
    "selle vooru nimekiri kustutati säilitustähtaja lõppedes",
)
EXPORT_REFUSED: Final = both(
    "the youth-guarantee list is view-only: no export, download or printing",
    "noortegarantii nimekirja saab ainult vaadata: eksportida, alla laadida ega printida ei saa",
)
VIEW_LIMIT: Final = both(
    "you have opened the hourly limit of youths; try again later",
    "olete avanud tunnis lubatud arvu noori; proovige hiljem uuesti",
)
DECLINED_ENDS_WORK: Final = both(
    "the youth does not want help: participation is voluntary, the work has ended",
    "noor ei soovi abi: osalemine on vabatahtlik, töö on lõppenud",
)
PHONE_NEEDS_ANSWER: Final = both(
    "call only after a message, when the answer is 'wants help' or none came",
    "helistada saab pärast sõnumit, kui vastus on 'soovin abi' või vastust ei tulnud",
)
MEETING_NEEDS_WISH: Final = both(
    "a meeting follows the youth's 'wants help'", "kohtumine järgneb noore soovile abi saada"
)
CONSENT_NEEDS_WISH: Final = both(
    "consent is recorded after the youth said they want help",
    "nõusolek fikseeritakse pärast seda, kui noor on öelnud, et soovib abi",
)
ALREADY_CONSENTED: Final = both("consent is already recorded", "nõusolek on juba fikseeritud")
PLAN_NEEDS_CONSENT: Final = both(
    "an individual plan needs the youth's consent first",
    "individuaalne plaan eeldab noore nõusolekut",
)
OUTCOME_NEEDS_PLAN: Final = both(
    "an outcome is recorded for a youth with an individual plan",
    "tulemus fikseeritakse noorele, kellel on individuaalne plaan",
)
OUTCOME_RECORDED: Final = both("the outcome is already recorded", "tulemus on juba fikseeritud")
ALREADY_ANSWERED: Final = both("the inquiry is already answered", "päringule on juba vastatud")
PREPAYMENT_TRANSITION: Final = both(
    "a prepayment application cannot move to this status from its current one",
    "ettemaksetaotlus ei saa praegusest olekust sellesse olekusse minna",
)
PLAN_NOT_FOUND: Final = both(
    "the youth has no individual plan yet", "noorel pole veel individuaalset plaani"
)
