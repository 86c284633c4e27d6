"""Service applications and administrative decisions (haldusakt): granting or refusing a
service with its legal basis, reasoning and appeal notice, the PDF delivered to the addressee,
the referral to the provider and the follow-up of the provider's delivery."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from heaolu_casework import deadlines as clocks
from heaolu_casework.cases import (
    _check_same_child,
    audit,
    case_rows,
    load_case,
    open_case,
    publish,
    require_open,
)
from heaolu_casework.models import (
    AdministrativeDecision,
    Case,
    Person,
    ServiceApplication,
)
from heaolu_casework.repository import ApplicationRepository, CaseRepository
from heaolu_casework.schemas import DecisionIn, Delivery, PersonIn, Provision
from heaolu_casework.service import SERVICE, access_context, assign
from heaolu_casework.settings import get_settings
from heaolu_shared.access import Action, Decision, Domain, RecordScope, require
from heaolu_shared.audit_trail import record_access
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.concurrency import check_version, flush_versioned
from heaolu_shared.contracts.casework import DecisionIssuedV1, ReferralSentV1
from heaolu_shared.contracts.intake import ApplicationReceivedV1
from heaolu_shared.contracts.services import SERVICE_CATALOGUE, service_label
from heaolu_shared.documents import Document, Section, render_pdf
from heaolu_shared.errors import Conflict, ResourceNotFound, RuleViolation
from heaolu_shared.pagination import Keyset
from heaolu_shared.pseudonym import birth_date_of

ADULT_AGE = 18


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- applications ----------------------------------------------------------------------------


async def receive_application(session: AsyncSession, event: ApplicationReceivedV1) -> None:
    """An application from intake joins the municipality's queue, with its decision term."""
    inserted = await ApplicationRepository(session).add_pending_once(
        application_id=event.application_id,
        municipality=event.municipality,
        service_code=event.service_code,
        applicant_pseudonym=event.applicant_pseudonym,
        received_at=event.received_at,
    )
    if not inserted:
        return
    await clocks.open_clock(
        session,
        kind="application_decision",
        record_type="service_application",
        record_id=event.application_id,
        # Intake sets the term when the application arrives (the applicant sees it there).
        due_at=event.decision_due_at
        or default_calendar().add_working_days_deadline(
            event.received_at, get_settings().application_decision_working_days
        ),
        municipality=event.municipality,
        assignee=None,
        subject_pseudonym=event.applicant_pseudonym,
    )


def application_scope(application: ServiceApplication) -> RecordScope:
    return RecordScope(
        domain=Domain.SOCIAL_SERVICES,
        municipality=application.municipality,
        assignee=application.assignee,
        subject_pseudonym=application.applicant_pseudonym,
        record_id=str(application.id),
    )


async def _application(session: AsyncSession, application_id: uuid.UUID) -> ServiceApplication:
    application = await session.get(ServiceApplication, application_id)
    if application is None:
        raise ResourceNotFound("no such application / sellist taotlust pole")
    return application


async def _audit_application(
    session: AsyncSession,
    principal: Principal,
    application: ServiceApplication,
    action: str,
    purpose: str,
    decision: Decision,
) -> None:
    await record_access(
        session,
        principal,
        service=SERVICE,
        action=action,
        record_type="service_application",
        record_id=str(application.id),
        subject_pseudonym=application.applicant_pseudonym,
        purpose=purpose,
        decision=decision,
    )


async def read_application(
    session: AsyncSession, principal: Principal, application_id: uuid.UUID
) -> ServiceApplication:
    application = await _application(session, application_id)
    decision = require(
        principal,
        Action.READ,
        application_scope(application),
        await access_context(session, principal),
    )
    await _audit_application(
        session, principal, application, "read", "service application", decision
    )
    return application


async def assign_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    username: str,
    if_match: str | None,
) -> ServiceApplication:
    application = await _application(session, application_id)
    decision = await assign(
        session, principal, application, application_scope(application), username, if_match
    )
    await _audit_application(session, principal, application, "update", "assignment", decision)
    return application


async def open_case_for_application(
    session: AsyncSession,
    principal: Principal,
    application_id: uuid.UUID,
    applicant: PersonIn,
    if_match: str | None,
) -> Case:
    """The specialist takes up the application as a social-services case."""
    application = await _application(session, application_id)
    require(
        principal,
        Action.UPDATE,
        application_scope(application),
        await access_context(session, principal),
    )
    check_version(application.version, if_match)
    if application.case_id is not None:
        raise Conflict("the application already has a case")
    _check_same_child(application.applicant_pseudonym, applicant, "applicant")
    case = await open_case(
        session,
        principal,
        municipality=application.municipality,
        kind="social_services",
        child=applicant,
        origin="application",
        assignee=application.assignee or principal.subject,
        application_id=application.id,
    )
    application.case_id, application.status = case.id, "in_case"
    await flush_versioned(session)
    await clocks.follow(
        session, municipality=case.municipality, assignee=case.assignee, record_id=application.id
    )
    return case


# --- decisions -------------------------------------------------------------------------------


AUTHORITIES = {
    "0663": "Rakvere Linnavalitsus",
    "0321": "Kohtla-Järve Linnavalitsus",
    "0899": "Viljandi Linnavalitsus",
    "0919": "Võru Linnavalitsus",
}
"""The administrative body of each municipality (EHAK code), as a decision names it."""

DOCUMENT_TEXT: dict[str, dict[str, str]] = {
    "et": {
        "title": "Haldusakt: otsus sotsiaalteenuse kohta",
        "authority": "Haldusorgan",
        "official": "Otsuse tegija",
        "addressees": "Adressaadid",
        "decision": "Otsus",
        "granted": "Taotlus teenusele „{service}” rahuldada.",
        "refused": "Taotlus teenusele „{service}” jätta rahuldamata.",
        "from": "Alates {start}",
        "until": " kuni {end}",
        "legal_basis": "Õiguslik alus",
        "reasoning": "Põhjendus",
        "provider": "Teenuse osutaja",
        "challenge": "Vaidlustamise viis ja tähtaeg",
        "challenge_text": (
            "Otsust saab vaidlustada 30 päeva jooksul, arvates päevast, mil isik otsusest teada "
            "sai või oleks pidanud teada saama: esitades vaide otsuse teinud haldusorganile "
            "({authority}) haldusmenetluse seaduse § 75 alusel või kaebuse halduskohtule "
            "halduskohtumenetluse seadustiku § 46 alusel."
        ),
        "case": "Juhtum",
        "case_line": "{number}, {authority}",
        "personal_code": "isikukood",
        "representative": "seaduslik esindaja",
    },
    "en": {
        "title": "Administrative act: decision on a social service",
        "authority": "Administrative authority",
        "official": "Official who made the decision",
        "addressees": "Addressees",
        "decision": "Decision",
        "granted": "The application for “{service}” is granted.",
        "refused": "The application for “{service}” is refused.",
        "from": "From {start}",
        "until": " until {end}",
        "legal_basis": "Legal basis",
        "reasoning": "Reasons",
        "provider": "Service provider",
        "challenge": "How and when to challenge this decision",
        "challenge_text": (
            "This decision may be challenged within 30 days of the day on which the person "
            "learned or should have learned of it: by a challenge (vaie) to the authority that "
            "made it ({authority}) under § 75 of the Administrative Procedure Act, or by an "
            "appeal to the administrative court under § 46 of the Code of Administrative Court "
            "Procedure."
        ),
        "case": "Case",
        "case_line": "{number}, {authority}",
        "personal_code": "personal identification code",
        "representative": "legal representative",
    },
}
"""A decision's fixed wording in each language it can be issued in."""


def authority_of(municipality: str) -> str:
    return AUTHORITIES.get(municipality, f"{municipality} (EHAK)")


def challenge_text(language: str, municipality: str) -> str:
    """How and within what term the decision can be challenged (HMS § 75, HKMS § 46)."""
    return DOCUMENT_TEXT[language]["challenge_text"].format(authority=authority_of(municipality))


@dataclass(frozen=True)
class Addressee:
    person: Person
    representative: bool


def _addressee_line(addressee: Addressee, text: dict[str, str]) -> str:
    person = addressee.person
    line = f"{person.given_name} {person.family_name}"
    if addressee.representative:
        line += f" ({text['representative']})"
    if person.personal_code:
        line += f", {text['personal_code']} {person.personal_code}"
    if person.address:
        line += f", {person.address}"
    return line


def decision_document(
    decision: AdministrativeDecision,
    case: Case,
    addressees: Sequence[Addressee],
    *,
    official: str,
    language: str,
) -> Document:
    """The document of an administrative act (HMS §§ 55-57): authority, official, addressees,
    the decision in words, legal basis, reasons and the way and term of challenge."""
    text = DOCUMENT_TEXT[language]
    service = service_label(decision.service_code, language)
    ruling = text[decision.outcome].format(service=service)
    if decision.starts_on:
        ruling += "\n" + text["from"].format(start=f"{decision.starts_on:%d.%m.%Y}")
        if decision.ends_on:
            ruling += text["until"].format(end=f"{decision.ends_on:%d.%m.%Y}")
    authority = authority_of(case.municipality)
    sections = [
        Section(text["authority"], authority),
        Section(text["official"], official),
        Section(text["addressees"], "\n".join(_addressee_line(a, text) for a in addressees)),
        Section(text["decision"], ruling),
        Section(text["legal_basis"], decision.legal_basis),
        Section(text["reasoning"], decision.reasoning),
    ]
    if decision.outcome == "granted":
        sections.append(
            Section(text["provider"], f"{decision.provider_name} ({decision.provider_code})")
        )
    sections += [
        Section(text["challenge"], decision.appeal_notice),
        Section(text["case"], text["case_line"].format(number=case.number, authority=authority)),
    ]
    return Document(
        title=text["title"],
        reference=decision.number,
        issued_at=decision.issued_at.astimezone(default_calendar().tz),
        sections=sections,
        language=language,
        author=authority,
    )


def _is_minor(person: Person, on: date) -> bool:
    birth = person.birth_date or (
        birth_date_of(person.personal_code) if person.personal_code else None
    )
    return birth is not None and age_on(birth, on) < ADULT_AGE


async def _addressees(
    repository: CaseRepository, case: Case, requested: Sequence[uuid.UUID], on: date
) -> list[Addressee]:
    """Whom the decision is addressed to: the persons named (each a person of the case), by
    default the client; a minor's decision goes to their legal representatives as well."""
    client = await repository.session.get(Person, case.child_id)
    assert client is not None
    wanted = list(dict.fromkeys(requested)) or [case.child_id]
    people: list[Addressee] = []
    for person_id in wanted:
        person = await repository.session.get(Person, person_id)
        if person is None or not await repository.takes_part(case.id, person_id):
            raise RuleViolation(
                "the addressee is not a person of this case",
                extra={"field": "addressee_person_ids"},
            )
        people.append(Addressee(person, representative=False))
    if any(a.person.id == client.id for a in people) and _is_minor(client, on):
        representatives = await repository.representatives(case.id)
        if not representatives:
            raise RuleViolation(
                "a decision about a minor is addressed to their legal representative: add one "
                "to the case / alaealise kohta tehtud otsus adresseeritakse seaduslikule "
                "esindajale: lisage see juhtumi osalisteks",
                extra={"field": "addressee_person_ids"},
            )
        people = [a for a in people if a.person.id != client.id]
        known = {a.person.id for a in people}
        people += [Addressee(p, True) for p in representatives if p.id not in known]
    return people


async def issue_decision(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, body: DecisionIn
) -> AdministrativeDecision:
    """Issue the decision, render its document, announce it, and refer a granted service to
    its provider."""
    case, access = await load_case(session, principal, case_id, Action.UPDATE, for_update=True)
    require_open(case)
    if body.service_code not in SERVICE_CATALOGUE:
        raise RuleViolation(
            "no such service in the catalogue / sellist teenust pole",
            extra={"field": "service_code", "allowed": sorted(SERVICE_CATALOGUE)},
        )
    repository = CaseRepository(session)
    now = datetime.now(UTC)
    requested = body.addressee_person_ids or (
        [body.addressee_person_id] if body.addressee_person_id else []
    )
    addressees = await _addressees(
        repository, case, requested, now.astimezone(default_calendar().tz).date()
    )
    application: ServiceApplication | None = None
    if body.application_id:
        application = await session.get(
            ServiceApplication, body.application_id, with_for_update=True
        )
        if application is None or application.case_id != case.id:
            raise RuleViolation(
                "the application is not this case's", extra={"field": "application_id"}
            )
        if application.status == "decided":
            raise Conflict("the application is already decided")
    count = await repository.count(AdministrativeDecision, case.id)
    decision = AdministrativeDecision(
        id=uuid.uuid4(),
        number=f"{case.number}/O{count + 1}",
        case_id=case.id,
        application_id=body.application_id,
        addressee_id=addressees[0].person.id,
        service_code=body.service_code,
        outcome=body.outcome,
        legal_basis=body.legal_basis,
        reasoning=body.reasoning,
        appeal_notice=body.appeal_notice or challenge_text(body.language, case.municipality),
        provider_code=body.provider_code if body.outcome == "granted" else None,
        provider_name=body.provider_name if body.outcome == "granted" else None,
        starts_on=body.starts_on,
        ends_on=body.ends_on,
        issued_at=now,
        issued_by=principal.subject,
        provision_status="pending" if body.outcome == "granted" else None,
    )
    decision.document = render_pdf(
        decision_document(
            decision,
            case,
            addressees,
            official=principal.name or principal.username or principal.subject,
            language=body.language,
        )
    )
    session.add(decision)
    if application is not None:
        application.status = "decided"
        await clocks.meet(session, application.id)
    await session.flush()
    await publish(
        session,
        DecisionIssuedV1(
            decision_id=decision.id,
            case_id=case.id,
            municipality=case.municipality,
            service_code=body.service_code,
            outcome=body.outcome,
            issued_at=now,
            application_id=body.application_id,
            subject_pseudonym=case.subject_pseudonym,
        ),
        case.id,
    )
    if body.outcome == "granted":
        assert body.provider_code is not None
        await publish(
            session,
            ReferralSentV1(
                referral_id=decision.id,
                municipality=case.municipality,
                provider_code=body.provider_code,
                service_code=body.service_code,
                starts_on=body.starts_on,
                subject_pseudonym=case.subject_pseudonym,
            ),
            decision.id,
        )
    await audit(
        session,
        principal,
        case,
        "create",
        "administrative_decision",
        decision.id,
        f"decision: {body.outcome}",
        access,
    )
    return decision


async def _load_decision(
    session: AsyncSession, principal: Principal, decision_id: uuid.UUID, action: Action
) -> tuple[AdministrativeDecision, Case, Decision]:
    decision = await session.get(AdministrativeDecision, decision_id)
    if decision is None:
        raise ResourceNotFound("no such decision / sellist otsust pole")
    case, access = await load_case(session, principal, decision.case_id, action)
    return decision, case, access


async def read_decision(
    session: AsyncSession, principal: Principal, decision_id: uuid.UUID, *, document: bool = False
) -> AdministrativeDecision:
    decision, case, access = await _load_decision(session, principal, decision_id, Action.READ)
    await audit(
        session,
        principal,
        case,
        "read",
        "administrative_decision",
        decision.id,
        "decision document" if document else "decision",
        access,
    )
    return decision


DECISION_ORDER: Keyset[AdministrativeDecision] = Keyset(
    columns=(AdministrativeDecision.issued_at, AdministrativeDecision.id),
    types=(datetime, uuid.UUID),
    key=lambda d: (d.issued_at, d.id),
)


async def case_decisions(
    session: AsyncSession, principal: Principal, case_id: uuid.UUID, **page: Any
) -> tuple[list[AdministrativeDecision], str | None]:
    return await case_rows(
        session, principal, case_id, AdministrativeDecision, DECISION_ORDER, "decisions", **page
    )


async def record_delivery(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Delivery,
    if_match: str | None,
) -> AdministrativeDecision:
    """The decision reached its addressee (the appeal term runs from here)."""
    decision, case, access = await _load_decision(session, principal, decision_id, Action.UPDATE)
    check_version(decision.version, if_match)
    if body.delivered_at < decision.issued_at:
        raise RuleViolation("delivered before it was issued", extra={"field": "delivered_at"})
    decision.delivered_at, decision.delivery_channel = body.delivered_at, body.channel
    await flush_versioned(session)
    await audit(
        session,
        principal,
        case,
        "update",
        "administrative_decision",
        decision.id,
        "delivery",
        access,
    )
    return decision


PROVISION_FLOW = {
    "pending": {"started", "not_started"},
    "started": {"delivered", "ended"},
    "delivered": {"ended"},
    "not_started": {"started"},
}


async def record_provision(
    session: AsyncSession,
    principal: Principal,
    decision_id: uuid.UUID,
    body: Provision,
    if_match: str | None,
) -> AdministrativeDecision:
    """Follow-up of a granted service: the provider started, delivered, ended or did not start."""
    decision, case, access = await _load_decision(session, principal, decision_id, Action.UPDATE)
    check_version(decision.version, if_match)
    if decision.outcome != "granted":
        raise Conflict("a refused service has no provision to follow")
    allowed = PROVISION_FLOW.get(decision.provision_status or "", set())
    if body.status not in allowed:
        raise RuleViolation(
            f"provision cannot go from {decision.provision_status} to {body.status}",
            extra={"field": "status", "allowed": sorted(allowed)},
        )
    decision.provision_status, decision.provision_note = body.status, body.note
    decision.provision_updated_at = datetime.now(UTC)
    await flush_versioned(session)
    await audit(
        session,
        principal,
        case,
        "update",
        "administrative_decision",
        decision.id,
        f"provision: {body.status}",
        access,
    )
    return decision
