"""The record-level access policy every service uses: deny by default, one table of rules
(:data:`RULES`, ADR 0022).

The gateway cannot know who owns a record; each service loads the record's scope and asks
:func:`decide`, with the context it holds (active substitutions, open SKA counselling requests).
The rules, from the people in the domain handbook:

- a worker (child-protection, social services, NGTS) sees records of their own municipality and
  domain that are assigned to them, or assigned to a colleague they substitute during an active
  substitution window;
- a department head sees all of their municipality's case records (not the NGTS list);
- only NGTS specialists whom their municipality has designated (SHS §15¹, STAR regulation
  §8(11)-(13)) see the municipality's youth-guarantee list, and only while designated;
- an SKA counsellor reads a municipality's record only within an open counselling request from
  that municipality about that record, and handles the triage queue of reports whose
  municipality could not be determined;
- the SKA central authority sees Brussels IIb matters;
- an SKA counsellor answers the municipalities' requests for SKA's opinion on a closed child
  institution (the record is shown to SKA only once the municipality has sent the request);
- auditors see audit data, never case content; citizens see only their own access log;
- professional reporters create reports and see their own receipts;
- nobody exports personal records (exports are anonymised statistics, elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted
from heaolu_shared.messages import define
from heaolu_shared.roles import Role

NO_ACCESS = define(
    "access.no-access",
    et="Teil puudub juurdepääs sellele kirjele",
    en="You have no access to this record",
    ru="У вас нет доступа к этой записи",
)
ROLE_NOT_ALLOWED = define(
    "access.role-not-allowed",
    et="Teie roll seda toimingut ei luba",
    en="Your role does not allow this action",
    ru="Ваша роль не позволяет это действие",
)
NEEDS_MUNICIPALITY = define(
    "access.needs-municipality",
    et="Toiming eeldab, et kuulute omavalitsusse",
    en="This action needs a municipality",
    ru="Для этого действия нужно муниципальное самоуправление",
)


class Action(StrEnum):
    LIST = "list"
    READ = "read"
    CREATE = "create"
    UPDATE = "update"
    EXPORT = "export"


class Domain(StrEnum):
    """What kind of record: decides which roles may work with it at all."""

    CHILD_PROTECTION = "child_protection"
    SOCIAL_SERVICES = "social_services"
    NGTS = "ngts"
    BRUSSELS = "brussels"
    SKA_OPINION = "ska_opinion"
    """A request for SKA's opinion (closed child institution) that SKA's counsellors answer."""
    AUDIT = "audit"
    RECEIPT = "receipt"


WORKER_DOMAINS: dict[str, frozenset[Domain]] = {
    Role.CHILD_PROTECTION_WORKER: frozenset({Domain.CHILD_PROTECTION}),
    Role.SOCIAL_SERVICES_SPECIALIST: frozenset({Domain.SOCIAL_SERVICES, Domain.CHILD_PROTECTION}),
    Role.NGTS_CASE_MANAGER: frozenset({Domain.NGTS}),
}
HEAD_DOMAINS = frozenset({Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES})
CASE_DOMAINS = frozenset({Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES})
READS = frozenset({Action.LIST, Action.READ})


@dataclass(frozen=True)
class RecordScope:
    """What a decision needs to know about a record (never its content)."""

    domain: Domain
    municipality: str | None
    assignee: str | None = None
    """The subject of the worker the record is assigned to (for a receipt: its creator)."""
    subject_pseudonym: str | None = None
    """Whose data the record is (for a citizen's access log)."""
    record_id: str | None = None


@dataclass(frozen=True)
class Substitution:
    """An absence window in which ``substitute`` acts for ``absent``."""

    absent: str
    substitute: str
    municipality: str
    starts_at: datetime
    ends_at: datetime

    def active(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


@dataclass(frozen=True)
class AccessContext:
    """What the service knows beyond the record: time, substitutions, counselling requests."""

    now: datetime
    substitutions: Sequence[Substitution] = ()
    counselling_records: frozenset[str] = field(default_factory=frozenset)
    """Records under an open SKA counselling request from their municipality."""
    principal_pseudonym: str | None = None
    designated_domains: frozenset[Domain] = field(default_factory=frozenset)
    """Domains for which the principal's municipality has designated them, active at ``now``
    (the NGTS list is open only to designated specialists)."""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    on_behalf_of: str | None = None
    """The absent worker whose access a substitute used."""


DENY = Decision(False, "no rule allows this")


Relation = Callable[[Principal, RecordScope, AccessContext], bool]


def _anything(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return True


def _own_municipality(principal: Principal, record: RecordScope) -> bool:
    return principal.municipality is not None and principal.municipality == record.municipality


def _own_data(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return (
        ctx.principal_pseudonym is not None and record.subject_pseudonym == ctx.principal_pseudonym
    )


def _own_receipt(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return record.assignee == principal.subject


def _designated(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return _own_municipality(principal, record) and Domain.NGTS in ctx.designated_domains


def _head(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return _own_municipality(principal, record)


def _triage(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return record.municipality is None


def _counselling(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return record.record_id is not None and record.record_id in ctx.counselling_records


def _assigned(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return (
        _own_municipality(principal, record)
        and record.assignee is not None
        and record.assignee == principal.subject
    )


def _substituted(principal: Principal, record: RecordScope, ctx: AccessContext) -> str | None:
    """The absent worker whom ``principal`` substitutes now for this record, if any."""
    if not _own_municipality(principal, record):
        return None
    for sub in ctx.substitutions:
        if (
            sub.substitute == principal.subject
            and sub.absent == record.assignee
            and sub.municipality == record.municipality
            and sub.active(ctx.now)
        ):
            return sub.absent
    return None


def _substitute(principal: Principal, record: RecordScope, ctx: AccessContext) -> bool:
    return _substituted(principal, record, ctx) is not None


@dataclass(frozen=True)
class Rule:
    """One row of the access model: ``roles`` (None: any caller) may do ``actions`` on records
    of ``domains`` when ``relation`` holds between the caller and the record."""

    reason: str
    roles: frozenset[str] | None
    domains: frozenset[Domain]
    actions: frozenset[Action]
    relation: Relation
    acting_for: Callable[[Principal, RecordScope, AccessContext], str | None] | None = None
    """Whose access the caller uses (a substitute's absent colleague), for the audit record."""


def _rule(
    reason: str,
    roles: Role | Iterable[Role] | None,
    domains: Domain | Iterable[Domain],
    actions: Iterable[Action],
    relation: Relation,
    acting_for: Callable[[Principal, RecordScope, AccessContext], str | None] | None = None,
) -> Rule:
    return Rule(
        reason,
        None if roles is None else frozenset({roles} if isinstance(roles, Role) else roles),
        frozenset({domains} if isinstance(domains, Domain) else domains),
        frozenset(actions),
        relation,
        acting_for,
    )


NOT_EXPORT = frozenset(Action) - {Action.EXPORT}
WORK = frozenset({Action.LIST, Action.READ, Action.UPDATE})

RULES: tuple[Rule, ...] = (
    _rule(Role.AUDITOR, Role.AUDITOR, Domain.AUDIT, READS, _anything),
    _rule("own access log", Role.CITIZEN, Domain.AUDIT, READS, _own_data),
    _rule("own receipt", None, Domain.RECEIPT, {Action.READ}, _own_receipt),
    _rule("central authority", Role.SKA_CENTRAL_AUTHORITY, Domain.BRUSSELS, NOT_EXPORT, _anything),
    _rule(
        "SKA opinion on a liberty-restricting measure",
        Role.SKA_COUNSELLOR,
        Domain.SKA_OPINION,
        WORK,
        _anything,
    ),
    _rule(
        "designated NGTS specialist of the municipality",
        Role.NGTS_CASE_MANAGER,
        Domain.NGTS,
        NOT_EXPORT,
        _designated,
    ),
    _rule(
        "department head of the municipality",
        Role.DEPARTMENT_HEAD,
        HEAD_DOMAINS,
        NOT_EXPORT,
        _head,
    ),
    _rule(
        "SKA triage queue (no municipality could be determined)",
        Role.SKA_COUNSELLOR,
        CASE_DOMAINS,
        WORK,
        _triage,
    ),
    _rule("open counselling request", Role.SKA_COUNSELLOR, CASE_DOMAINS, READS, _counselling),
    *(
        _rule("assigned worker", Role(role), domains & CASE_DOMAINS, WORK, _assigned)
        for role, domains in WORKER_DOMAINS.items()
        if domains & CASE_DOMAINS
    ),
    *(
        _rule("substitute", Role(role), domains & CASE_DOMAINS, WORK, _substitute, _substituted)
        for role, domains in WORKER_DOMAINS.items()
        if domains & CASE_DOMAINS
    ),
)
"""The access model, one row per rule (ADR 0006, ADR 0022): deny unless a row allows.

Nobody exports personal records (no row names :attr:`Action.EXPORT`); professional reporters,
the SKA feed, Heaolu's own services and anonymous callers see no record but their own receipt.
What a rule needs to know about the caller's relation to a record that only one service knows
(designations, counselling requests, substitution windows, who created a receipt, a record's
several parties) reaches it through the :class:`AccessContext` and :class:`RecordScope` that
service builds; the rules themselves stay here, in one table tested as a unit
(``shared/tests/test_access_decide.py``).
"""


def decide(
    principal: Principal, action: Action, record: RecordScope, ctx: AccessContext
) -> Decision:
    """Whether ``principal`` may do ``action`` on ``record``: the first row of :data:`RULES`
    that allows it; deny when none does."""
    if action is Action.EXPORT:
        return Decision(False, "personal records are never exported")
    for rule in RULES:
        if (
            record.domain in rule.domains
            and action in rule.actions
            and (rule.roles is None or not principal.roles.isdisjoint(rule.roles))
            and rule.relation(principal, record, ctx)
        ):
            acting_for = rule.acting_for(principal, record, ctx) if rule.acting_for else None
            return Decision(True, rule.reason, on_behalf_of=acting_for)
    return DENY


def require(
    principal: Principal, action: Action, record: RecordScope, ctx: AccessContext
) -> Decision:
    """:func:`decide`, raising 403 when denied."""
    decision = decide(principal, action, record, ctx)
    if not decision.allowed:
        raise NotPermitted(NO_ACCESS)
    return decision


def refuse_export(principal: Principal, domain: Domain = Domain.CHILD_PROTECTION) -> None:
    """Raise 403: personal records are never exported, whoever asks (the policy's first rule)."""
    require(
        principal,
        Action.EXPORT,
        RecordScope(domain, principal.municipality),
        AccessContext(now=datetime.now(UTC)),
    )


def require_any_role(principal: Principal, roles: Iterable[str]) -> None:
    """Refuse with 403 unless the principal holds one of ``roles`` (route-level rule)."""
    if principal.roles.isdisjoint(roles):
        raise NotPermitted(ROLE_NOT_ALLOWED)


def require_municipality(principal: Principal) -> str:
    """The principal's municipality; 403 for users who belong to none."""
    if principal.municipality is None:
        raise NotPermitted(NEEDS_MUNICIPALITY)
    return principal.municipality
