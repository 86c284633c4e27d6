"""Court's messages to people, in English and Estonian, in one place (so that they can move
into a shared catalogue without hunting through the features)."""

from __future__ import annotations

NOT_FOUND = "no such record / sellist kirjet pole"
NO_ACCESS = "you have no access to this record / teil puudub juurdepääs kirjele"
WRONG_STATE = "the record is not in a state that allows this / kirje olek seda ei võimalda"
INCOMPLETE = "the application is incomplete / taotlus on puudulik"
NOT_APPROVED = (
    "the department head must approve the application first / "
    "taotluse peab enne kinnitama osakonnajuhataja"
)
APPROVAL_NOT_REQUIRED = (
    "this municipality files without the head's approval / "
    "selles omavalitsuses ei ole juhataja kinnitust vaja"
)
ONLY_HEAD = "only the department head may do this / seda võib teha ainult osakonnajuhataja"
ASSIGNEE_UNKNOWN = (
    "the assignee is not a worker of this municipality / määratav ei ole selle omavalitsuse töötaja"
)
RULING_BEFORE_FILING = (
    "the ruling cannot precede the filing / kohtulahend ei saa olla enne taotluse esitamist"
)
IN_FUTURE = "the time lies in the future / aeg on tulevikus"
NO_CASE_PLAN = (
    "a closed institution needs an approved case plan of the case / "
    "kinnise lasteasutuse teenuseks peab juhtumil olema kinnitatud juhtumiplaan"
)
AGE_OUTSIDE = (
    "a child outside 12-18 needs a reasoned exception / "
    "alla 12- või üle 18-aastase lapse puhul tuleb erand põhjendada"
)
NO_CONTACT = (
    "the municipality has no valid child-protection contact in the table / "
    "omavalitsusel puudub kehtiv lastekaitse kontakt"
)
CONTACT_PERIOD = "valid_to must not precede valid_from / kehtivuse lõpp ei saa olla enne algust"
TASK_NOT_FOR_ARTICLE = (
    "a municipality's report is asked only for Art. 80 and Art. 82 requests / "
    "omavalitsuselt küsitakse aruannet ainult artiklite 80 ja 82 taotlustele"
)
TASKS_OPEN = (
    "the municipalities' tasks of the request are still open / "
    "taotlusega seotud omavalitsuste ülesanded on veel lõpetamata"
)
ART82_DETAILS = (
    "an Art. 82 request needs the reasons, the funding and the expected duration / "
    "artikli 82 taotluses peavad olema põhjused, rahastus ja eeldatav kestus"
)
KIND_NOT_FOR_ARTICLE = (
    "this kind of request does not belong to the article / "
    "selline taotluse liik ei kuulu selle artikli alla"
)
DUE_BEFORE_REQUEST = (
    "the due date cannot precede the request / tähtaeg ei saa olla enne taotluse kuupäeva"
)
OTHER_CASE = (
    "the referenced record belongs to another case / viidatud kirje kuulub teisele juhtumile"
)
ROLE_NOT_ALLOWED = "your role does not allow this action / teie roll seda ei luba"
ONLY_SKA_KEEPS_CONTACTS = "only SKA keeps the contacts table / kontaktide tabelit peab SKA"
