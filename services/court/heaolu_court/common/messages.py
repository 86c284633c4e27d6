"""Court's messages to people (see :mod:`heaolu_shared.messages`), all in one place."""

from __future__ import annotations

# The access vocabulary every service shares (what the access guard answers), named here beside
# court's own texts.
from heaolu_shared.access import NO_ACCESS as NO_ACCESS
from heaolu_shared.access import ROLE_NOT_ALLOWED as ROLE_NOT_ALLOWED
from heaolu_shared.guard import NOT_FOUND as NOT_FOUND
from heaolu_shared.messages import define

WRONG_STATE = define(
    "court.state-does-not-allow",
    et="Kirje olek seda toimingut ei võimalda",
    en="The record is not in a state that allows this",
)
ONLY_HEAD = define(
    "court.only-department-head",
    et="Seda võib teha ainult osakonnajuhataja",
    en="Only the department head may do this",
)
ASSIGNEE_UNKNOWN = define(
    "court.assignee-of-municipality",
    et="Määratav isik ei ole selle omavalitsuse töötaja",
    en="The assignee is not a worker of this municipality",
)
IN_FUTURE = define(
    "court.time-in-future",
    et="Aeg on tulevikus",
    en="The time is in the future",
)

# Custody applications to the court.
INCOMPLETE = define(
    "court.application-incomplete",
    et="Taotlus on puudulik",
    en="The application is incomplete",
)
NOT_APPROVED = define(
    "court.application-needs-head-approval",
    et="Taotluse peab enne kinnitama osakonnajuhataja",
    en="The department head must approve the application first",
)
APPROVAL_NOT_REQUIRED = define(
    "court.head-approval-not-required",
    et="Selles omavalitsuses ei ole osakonnajuhataja kinnitust vaja",
    en="This municipality files without the head's approval",
)
RULING_BEFORE_FILING = define(
    "court.ruling-after-filing",
    et="Kohtulahend ei saa olla tehtud enne taotluse esitamist",
    en="The ruling cannot precede the filing",
)

# Opinions to the court.
DUE_BEFORE_REQUEST = define(
    "court.due-after-request",
    et="Tähtaeg ei saa olla enne taotluse kuupäeva",
    en="The due date cannot precede the request",
)
OPINION_INCOMPLETE = define(
    "court.opinion-incomplete",
    et="Arvamus on puudulik",
    en="The opinion is incomplete",
)
OPINION_NOT_APPROVED = define(
    "court.opinion-needs-head-approval",
    et="Arvamuse peab enne kinnitama osakonnajuhataja",
    en="The department head must approve the opinion first",
)
OPINION_SENT = define(
    "court.opinion-sent-once",
    et="Arvamus on juba saadetud",
    en="The opinion has already been sent",
)

# Closed child care institution (KLAT).
NO_CASE_PLAN = define(
    "court.klat-needs-approved-case-plan",
    et="Kinnise lasteasutuse teenuseks peab juhtumil olema kinnitatud juhtumiplaan",
    en="A closed institution needs an approved case plan of the case",
)
AGE_OUTSIDE = define(
    "court.klat-age-exception-reasoned",
    et="Alla 12- või üle 18-aastase lapse puhul tuleb erand põhjendada",
    en="A child outside 12-18 needs a reasoned exception",
)
OTHER_CASE = define(
    "court.reference-of-same-case",
    et="Viidatud kirje kuulub teisele juhtumile",
    en="The referenced record belongs to another case",
)

# Brussels IIb requests and the municipalities' contacts.
KIND_NOT_FOR_ARTICLE = define(
    "court.brussels-kind-of-article",
    et="Selline taotluse liik ei kuulu selle artikli alla",
    en="This kind of request does not belong to the article",
)
ART82_DETAILS = define(
    "court.brussels-art82-details",
    et="Artikli 82 taotluses peavad olema põhjused, rahastus ja eeldatav kestus",
    en="An Art. 82 request needs the reasons, the funding and the expected duration",
)
TASK_NOT_FOR_ARTICLE = define(
    "court.brussels-task-articles",
    et="Omavalitsuselt küsitakse aruannet ainult artikli 80 või 82 alusel esitatud taotluse puhul",
    en="A municipality's report is asked only for Art. 80 and Art. 82 requests",
)
TASKS_OPEN = define(
    "court.brussels-tasks-done-first",
    et="Taotlusega seotud omavalitsuste ülesanded on veel lõpetamata",
    en="The municipalities' tasks of the request are still open",
)
NO_CONTACT = define(
    "court.municipality-contact-needed",
    et="Omavalitsusel puudub kontaktide tabelis kehtiv lastekaitse kontakt",
    en="The municipality has no valid child-protection contact in the table",
)
CONTACT_PERIOD = define(
    "court.contact-validity-period",
    et="Kehtivuse lõpp ei saa olla enne algust",
    en="valid_to must not precede valid_from",
)
ONLY_SKA_KEEPS_CONTACTS = define(
    "court.contacts-kept-by-ska",
    et="Kontaktide tabelit haldab ainult SKA",
    en="Only SKA keeps the contacts table",
)
