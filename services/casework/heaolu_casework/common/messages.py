"""Casework's messages to people (see :mod:`heaolu_shared.messages`), all in one place.

The module stays whole past 400 lines: it is a table of texts, one entry per rule, that
translators and reviewers read through as one list.

A refusal for lack of access to a record is the shared
:data:`heaolu_shared.access.NO_ACCESS`, the same text the access policy answers with.
"""

from __future__ import annotations

from heaolu_shared.messages import define

# --- records that are not there ------------------------------------------------------------

NO_SUCH_CASE = define(
    "casework.no-such-case",
    et="Sellist juhtumit pole",
    en="No such case",
)
NO_SUCH_PRELIMINARY_ASSESSMENT = define(
    "casework.no-such-preliminary-assessment",
    et="Sellist eelhindamist pole",
    en="No such preliminary assessment",
)
NO_SUCH_APPLICATION = define(
    "casework.no-such-application",
    et="Sellist taotlust pole",
    en="No such application",
)
NO_SUCH_NEEDS_ASSESSMENT = define(
    "casework.no-such-needs-assessment",
    et="Sellist abivajaduse hindamist pole",
    en="No such needs assessment",
)
NO_SUCH_CASE_PLAN = define(
    "casework.no-such-case-plan",
    et="Sellist juhtumiplaani pole",
    en="No such case plan",
)
NO_SUCH_PLACEMENT = define(
    "casework.no-such-placement",
    et="Sellist asendushooldusele paigutamist pole",
    en="No such placement",
)
NO_SUCH_DECISION = define(
    "casework.no-such-decision",
    et="Sellist otsust pole",
    en="No such decision",
)
NO_SUCH_SUBSTITUTION = define(
    "casework.no-such-substitution",
    et="Sellist asendamist pole",
    en="No such substitution",
)
NO_SUCH_COUNSELLING_REQUEST = define(
    "casework.no-such-counselling-request",
    et="Sellist nõustamispöördumist pole",
    en="No such counselling request",
)

# --- cases ---------------------------------------------------------------------------------

CASE_CLOSED = define(
    "casework.case-closed",
    et="Juhtum on suletud; muutmiseks avage juhtum uuesti",
    en="The case is closed; reopen it first",
)
CASE_ALREADY_OPEN = define(
    "casework.case-already-open",
    et="Juhtum on juba avatud",
    en="The case is already open",
)
PERSONAL_CODE_REQUIRED = define(
    "casework.personal-code-required",
    et="Teates või taotluses on isikukood märgitud; sisestage see",
    en="The report or application names the personal code: give it",
)
PERSONAL_CODE_MISMATCH = define(
    "casework.personal-code-mismatch",
    et="Isikukood ei vasta teates või taotluses märgitud isikukoodile",
    en="This personal code is not the one in the report or application",
)
ROLE_DOES_NOT_OPEN_KIND = define(
    "casework.role-does-not-open-kind",
    et="Teie roll ei luba seda liiki juhtumit avada",
    en="Your role does not open this kind of case",
)
ROLE_DOES_NOT_OPEN_CHILD_PROTECTION = define(
    "casework.role-does-not-open-child-protection",
    et="Teie roll ei luba lastekaitsejuhtumit avada",
    en="Your role does not open child-protection cases",
)
PARTY_IS_THE_CHILD = define(
    "casework.party-is-the-child",
    et="Isik on selles juhtumis juba lapsena märgitud",
    en="The child is already the case's child",
)
PARTY_ROLE_TAKEN = define(
    "casework.party-role-taken",
    et="Isik on juhtumisse selles rollis juba lisatud",
    en="This person already has this role in the case",
)
TRANSFER_TO_SAME_MUNICIPALITY = define(
    "casework.transfer-to-same-municipality",
    et="Juhtum on juba selles omavalitsuses",
    en="The case is already there",
)
CLOSING_WITH_CHILD_IN_CARE = define(
    "casework.closing-with-child-in-care",
    et="Laps on asendushooldusel; enne juhtumi sulgemist lõpetage asendushooldus",
    en="The child is in substitute care: end the placement first",
)
QUEUE_FOR_HEAD = define(
    "casework.queue-for-head",
    et="Uute tööde järjekorda näeb osakonnajuhataja",
    en="The queue is the department head's",
)
SEARCH_NEEDS_MUNICIPALITY = define(
    "casework.search-needs-municipality",
    et="Otsing eeldab, et kuulute omavalitsusse",
    en="Search needs a municipality",
)
FOR_SIGNED_IN_CITIZEN = define(
    "casework.for-signed-in-citizen",
    et="Nimekiri on sisseloginud kodanikule",
    en="This list is for a signed-in citizen",
)
ASSIGNEE_OF_MUNICIPALITY = define(
    "casework.assignee-of-municipality",
    et="Vastutaja peab olema sama omavalitsuse töötaja",
    en="The assignee must be a worker of the same municipality",
)

# --- preliminary assessments ---------------------------------------------------------------

ASSESSMENT_ALREADY_DECIDED = define(
    "casework.assessment-already-decided",
    et="Eelhindamise otsus on juba tehtud",
    en="The preliminary assessment is already decided",
)
NOT_OPENED_NEEDS_REASON = define(
    "casework.not-opened-needs-reason",
    et="Juhtumikorralduse alustamata jätmise otsuses tuleb märkida põhjus",
    en="A decision not to open case management needs its reason",
)
NOT_OPENED_NEEDS_ONE_OFF_MEASURE = define(
    "casework.not-opened-needs-one-off-measure",
    et="Juhtumikorralduse võib jätta alustamata ainult siis, kui abivajadus kaeti ühekordse "
    "meetmega; märkige see meede",
    en="Not opening is allowed only when a one-off measure met the need: name it",
)
FORWARDING_NEEDS_REASON = define(
    "casework.forwarding-needs-reason",
    et="Märkige, miks asi edastatakse",
    en="Say why the matter is forwarded",
)
FORWARD_TO_ONE = define(
    "casework.forward-to-one",
    et="Märkige täpselt üks: omavalitsus (forwarded_to_municipality) või ametnik "
    "(forwarded_to_official)",
    en="Forward to exactly one of forwarded_to_municipality or forwarded_to_official",
)
FORWARD_TO_ANOTHER_MUNICIPALITY = define(
    "casework.forward-to-another-municipality",
    et="Edastada saab ainult teisele omavalitsusele",
    en="Forwarding goes to another municipality",
)
OPENING_NEEDS_CHILD = define(
    "casework.opening-needs-child",
    et="Juhtumikorralduse alustamiseks on vaja lapse andmeid",
    en="Opening case management needs the child's details",
)

# --- needs assessments and case plans (revisions) ------------------------------------------

NEEDS_ASSESSMENT_DRAFT_OPEN = define(
    "casework.needs-assessment-draft-open",
    et="Juhtumil on abivajaduse hindamine juba koostamisel; jätkake seda",
    en="The case already has a draft needs assessment; continue that one",
)
CASE_PLAN_DRAFT_OPEN = define(
    "casework.case-plan-draft-open",
    et="Juhtumil on juhtumiplaan juba koostamisel; jätkake seda",
    en="The case already has a draft case plan; continue that one",
)
NEEDS_ASSESSMENT_NOT_A_DRAFT = define(
    "casework.needs-assessment-not-a-draft",
    et="Abivajaduse hindamine ei ole enam koostamisel; alustage uut versiooni",
    en="The needs assessment is no longer a draft; start a new revision",
)
CASE_PLAN_NOT_A_DRAFT = define(
    "casework.case-plan-not-a-draft",
    et="Juhtumiplaan ei ole enam koostamisel; alustage uut versiooni",
    en="The case plan is no longer a draft; start a new revision",
)
NEEDS_ASSESSMENT_INCOMPLETE = define(
    "casework.needs-assessment-incomplete",
    et="Abivajaduse hindamist ei saa lõpetada, sest puudu on: {missing}",
    en="The needs assessment cannot be completed without: {missing}",
)
CASE_PLAN_INCOMPLETE = define(
    "casework.case-plan-incomplete",
    et="Juhtumiplaani ei saa kinnitada, sest puudu on: {missing}",
    en="The case plan cannot be approved without: {missing}",
)
PLAN_APPROVED_BY_HEAD = define(
    "casework.plan-approved-by-head",
    et="Selle juhtumiplaani kinnitab osakonnajuhataja",
    en="This plan is approved by the department head",
)
ACTIVITY_IN_FUTURE = define(
    "casework.activity-in-future",
    et="Tegevuse saab kirja panna alles pärast selle toimumist",
    en="An activity is recorded after it happened",
)

# --- separation and substitute care --------------------------------------------------------

SEPARATION_IN_CHILD_PROTECTION_CASE = define(
    "casework.separation-in-child-protection-case",
    et="Perest eraldamise saab märkida ainult lastekaitsejuhtumis",
    en="Separation is recorded in a child-protection case",
)
SEPARATION_IN_FUTURE = define(
    "casework.separation-in-future",
    et="Perest eraldamine ei ole veel toimunud",
    en="The separation has not happened yet",
)
CONTACT_WITHIN_72_HOURS = define(
    "casework.contact-within-72-hours",
    et="Suhtluskord kehtib kuni 72 tundi perest eraldamisest",
    en="The contact arrangement lasts at most 72 hours from the separation",
)
CARE_NEEDS_BIRTH_DATE = define(
    "casework.care-needs-birth-date",
    et="Asendushoolduseks on vaja lapse sünniaega (või isikukoodi)",
    en="Substitute care needs the child's birth date (or personal code)",
)
NO_SUCH_PROVIDER = define(
    "casework.no-such-provider",
    et="Sellist teenuseosutajat registris pole",
    en="No such provider in the register",
)
PROVIDER_CODE_TAKEN = define(
    "casework.provider-code-taken",
    et="Selle koodiga teenuseosutaja on juba registris",
    en="The register already has this provider code",
)
CAPACITY_OVER_LEGAL_CAP = define(
    "casework.capacity-over-legal-cap",
    et="Mahutavus ületab selle hooldusvormi seadusjärgset piirarvu ({cap} last)",
    en="The capacity exceeds the legal cap of this form of care ({cap} children)",
)
OVER_CAPACITY_NEEDS_APPROVAL = define(
    "casework.over-capacity-needs-approval",
    et="Teenuseosutaja hooldab juba {in_care} last (piirarv {capacity}); piirarvu ületamiseks "
    "on vaja eestkostjate nõusolekut ja SKA kooskõlastust",
    en="The provider already cares for {in_care} children (cap {capacity}): exceeding the cap "
    "needs the guardians' consent and SKA's approval",
)
ALREADY_PLACED = define(
    "casework.already-placed",
    et="Laps on juba asendushooldusel; enne uut paigutamist lõpetage kehtiv asendushooldus",
    en="The child is already in substitute care: end that placement first",
)
CARE_AGE_LIMIT = define(
    "casework.care-age-limit",
    et="Asendushooldus lõpeb lapse täisealiseks saamisel (õppimise ajal 19-aastaseks saamisel)",
    en="Substitute care ends when the child comes of age (19 while in education)",
)
TEMPORARY_CARE_NEEDS_CONSENT = define(
    "casework.temporary-care-needs-consent",
    et="Ajutiseks asendushoolduseks on vaja hooldusõigusliku vanema nõusolekut",
    en="Temporary substitute care needs the custodian's consent",
)
TEMPORARY_CARE_90_DAYS = define(
    "casework.temporary-care-90-days",
    et="Ajutine asendushooldus kestab kuni 90 päeva",
    en="Temporary substitute care lasts at most 90 days",
)
CARE_ENDS_BEFORE_START = define(
    "casework.care-ends-before-start",
    et="Asendushooldus ei saa lõppeda enne selle algust",
    en="The placement cannot end before it starts",
)
PLACEMENT_ENDED = define(
    "casework.placement-ended",
    et="Asendushooldus on juba lõppenud",
    en="The placement has ended",
)

# --- applications and decisions ------------------------------------------------------------

APPLICATION_HAS_CASE = define(
    "casework.application-has-case",
    et="Taotluse kohta on juhtum juba avatud",
    en="The application already has a case",
)
APPLICATION_NOT_OF_CASE = define(
    "casework.application-not-of-case",
    et="Taotlus ei kuulu selle juhtumi juurde",
    en="The application is not this case's",
)
APPLICATION_ALREADY_DECIDED = define(
    "casework.application-already-decided",
    et="Taotluse kohta on otsus juba tehtud",
    en="The application is already decided",
)
NO_SUCH_SERVICE = define(
    "casework.no-such-service",
    et="Sellist teenust teenuste kataloogis pole",
    en="No such service in the catalogue",
)
ADDRESSEE_NOT_OF_CASE = define(
    "casework.addressee-not-of-case",
    et="Adressaat ei ole selle juhtumi osaline",
    en="The addressee is not a person of this case",
)
MINOR_NEEDS_REPRESENTATIVE = define(
    "casework.minor-needs-representative",
    et="Alaealise kohta tehtud otsus adresseeritakse seaduslikule esindajale: lisage see "
    "juhtumi osalisteks",
    en="A decision about a minor is addressed to their legal representative: add one to the case",
)
DELIVERED_BEFORE_ISSUED = define(
    "casework.delivered-before-issued",
    et="Otsust ei saa kätte toimetada enne selle tegemist",
    en="The decision cannot be delivered before it was issued",
)
REFUSED_HAS_NO_PROVISION = define(
    "casework.refused-has-no-provision",
    et="Taotlus jäeti rahuldamata, seega teenuse osutamist ei jälgita",
    en="A refused service has no provision to follow",
)
PROVISION_TRANSITION = define(
    "casework.provision-transition",
    et="Teenuse osutamise olek ei saa muutuda olekust {current} olekusse {to}",
    en="Provision cannot go from {current} to {to}",
)

# --- substitution and counselling ----------------------------------------------------------

ABSENCE_RECORDED_BY_HEAD = define(
    "casework.absence-recorded-by-head",
    et="Teise töötaja puudumise saab märkida ainult osakonnajuhataja",
    en="Only a department head records another worker's absence",
)
ABSENT_NOT_OF_MUNICIPALITY = define(
    "casework.absent-not-of-municipality",
    et="Puuduv töötaja ei ole teie omavalitsuse töötaja",
    en="The absent worker is not a worker of your municipality",
)
SUBSTITUTE_OF_MUNICIPALITY_AND_ROLE = define(
    "casework.substitute-of-municipality-and-role",
    et="Asendaja peab olema sama omavalitsuse ja sama rolliga töötaja",
    en="The substitute must be a worker of the same municipality and role",
)
NO_SELF_SUBSTITUTION = define(
    "casework.no-self-substitution",
    et="Töötaja ei saa iseennast asendada",
    en="Nobody substitutes themselves",
)
SUBSTITUTION_WINDOW = define(
    "casework.substitution-window",
    et="Asendamise lõpp peab olema pärast selle algust ja asendamine võib kesta kuni aasta",
    en="The window must end after it starts and last at most a year",
)
SUBSTITUTION_ENDED_BY = define(
    "casework.substitution-ended-by",
    et="Asendamise saab lõpetada puuduv töötaja või tema osakonnajuhataja",
    en="Only the absent worker or their department head ends a substitution",
)
SUBSTITUTION_ALREADY_ENDED = define(
    "casework.substitution-already-ended",
    et="Asendamine on juba lõppenud",
    en="The substitution has already ended",
)
COUNSELLOR_ANSWERS = define(
    "casework.counsellor-answers",
    et="Pöördumisele vastab SKA nõustaja",
    en="SKA's counsellor answers",
)
COUNSELLING_CLOSED = define(
    "casework.counselling-closed",
    et="Nõustamispöördumine on suletud",
    en="The counselling request is closed",
)

# --- request bodies refused by their own shape ---------------------------------------------

ENDS_BEFORE_START = define(
    "casework.ends-before-start",
    et="Lõppkuupäev ei saa olla varasem kui alguskuupäev",
    en="The end date cannot be before the start date",
)
REPRESENTATIVE_NEEDS_BASIS = define(
    "casework.representative-needs-basis",
    et="Seadusliku esindaja puhul märkige esindusõiguse alus",
    en="A legal representative needs the legal basis of the representation",
)
CHILD_RECORDED_AT_OPENING = define(
    "casework.child-recorded-at-opening",
    et="Juhtumi laps märgitakse juhtumi avamisel",
    en="The case's child is recorded when the case opens",
)
SEARCH_NEEDS_CODE_OR_NAME = define(
    "casework.search-needs-code-or-name",
    et="Otsige isikukoodi või perekonnanime järgi",
    en="Search by personal code or family name",
)
OTHER_REASON_NEEDS_NOTE = define(
    "casework.other-reason-needs-note",
    et="Põhjuse „muu“ korral lisage selgitus",
    en='The reason "other" needs a note',
)
BIRTH_DATE_NOT_OF_CODE = define(
    "casework.birth-date-not-of-code",
    et="Sünniaeg ei vasta isikukoodile",
    en="The birth date does not match the personal code",
)
GRANTED_NAMES_PROVIDER = define(
    "casework.granted-names-provider",
    et="Teenuse määramise otsuses märkige teenuseosutaja (kood ja nimi)",
    en="A granted service names its provider (provider_code and provider_name)",
)
