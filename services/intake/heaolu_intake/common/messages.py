"""Intake's messages to people (see :mod:`heaolu_shared.messages`), all in one place."""

from __future__ import annotations

from heaolu_shared.messages import define

NOT_A_CHILD_TITLE = define(
    "problem.not-a-child",
    et="Teade ei puuduta last",
    en="Not about a child",
    ru="Сообщение не касается ребёнка",
)
NOT_A_CHILD = define(
    "intake.not-a-child",
    et="Isik on täisealine. Täisealise abivajadusest teatage tema elukohajärgse omavalitsuse "
    "sotsiaaltöötajale, hädaolukorras helistage 112.",
    en="The person is 18 or older, so this is not a child-protection report. For an adult in "
    "need, contact the social worker of their municipality of residence, or call 112 in an "
    "emergency.",
    ru="Лицо совершеннолетнее, поэтому это не сообщение о защите ребёнка. О взрослом, "
    "нуждающемся в помощи, сообщите социальному работнику его самоуправления по месту "
    "жительства, в экстренном случае звоните 112.",
)
NO_SUCH_REPORT = define(
    "intake.no-such-report",
    et="Sellist teadet pole",
    en="No such report",
)
NO_SUCH_RECEIPT = define(
    "intake.no-such-receipt",
    et="Sellise numbriga teadet pole",
    en="No report with this receipt number",
)
NO_SUCH_APPLICATION = define(
    "intake.no-such-application",
    et="Sellist taotlust pole",
    en="No such application",
)
QUEUE_FOR_MUNICIPALITY = define(
    "intake.queue-for-municipality",
    et="Sissetulevate teadete järjekord on omavalitsuse töötajatele",
    en="The intake queue is for a municipality's workers",
)
TRIAGE_FOR_SKA = define(
    "intake.triage-for-ska",
    et="SKA triaaži järjekord on SKA nõustajatele",
    en="SKA's triage queue is for SKA's counsellors",
)
ASSIGNED_BY_HEAD = define(
    "intake.assigned-by-head",
    et="Teate määrab töötajale osakonnajuhataja",
    en="Reports are assigned by the department head",
)
ASSIGNEE_OF_MUNICIPALITY = define(
    "intake.assignee-of-municipality",
    et="Vastutaja peab olema sama omavalitsuse töötaja",
    en="The assignee must be a worker of the report's municipality",
)
REROUTED_BY_HEAD = define(
    "intake.rerouted-by-head",
    et="Teate suunab ümber omavalitsuse osakonnajuhataja",
    en="A report is re-routed by its municipality's department head",
)
ALREADY_THERE = define(
    "intake.already-there",
    et="Teade on juba selles omavalitsuses",
    en="The report is already there",
)
ONLY_HANDLER_REVEALS = define(
    "intake.only-handler-reveals",
    et="Teataja isikut näeb ainult vastutav töötaja",
    en="Only the worker assigned to the report may see who reported",
)
NO_SUCH_SERVICE = define(
    "intake.no-such-service",
    et="Sellist teenust kataloogis pole: {services}",
    en="No such service in the catalogue: {services}",
)
NAME_THE_APPLICANT = define(
    "intake.name-the-applicant",
    et="Lisage taotleja isikukood",
    en="Name the applicant's personal code",
)
MUNICIPALITY_UNKNOWN = define(
    "intake.municipality-unknown",
    et="Taotleja omavalitsus pole teada; märkige omavalitsus",
    en="The applicant's municipality is unknown; name it",
)
FOR_SIGNED_IN_CITIZEN = define(
    "intake.for-signed-in-citizen",
    et="Nimekiri on sisseloginud kodanikule",
    en="This list is for a signed-in citizen",
)
CHILD_UNIDENTIFIED = define(
    "intake.child-unidentified",
    et="Lisage lapse isikukood, nimi koos sünniajaga või kirjeldus",
    en="Give the child's personal code, or name and birth date, or a description",
    ru="Укажите личный код ребёнка, или имя и дату рождения, или описание",
)
DATE_IN_FUTURE = define(
    "intake.date-in-future",
    et="Kuupäev on tulevikus",
    en="The date is in the future",
    ru="Дата находится в будущем",
)
BIRTH_IN_FUTURE = define(
    "intake.birth-in-future",
    et="Sünniaeg on tulevikus",
    en="The birth date is in the future",
    ru="Дата рождения находится в будущем",
)
