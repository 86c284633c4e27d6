"""The record-level access policy every service uses: deny by default.

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

from collections.abc import Iterable, Sequence
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


def decide(
    principal: Principal, action: Action, record: RecordScope, ctx: AccessContext
) -> Decision:
    """Whether ``principal`` may do ``action`` on ``record``; deny unless a rule allows."""
    if action is Action.EXPORT:
        return Decision(False, "personal records are never exported")
    roles = principal.roles
    if record.domain is Domain.AUDIT:
        if Role.AUDITOR in roles and action in READS:
            return Decision(True, Role.AUDITOR)
        if (
            Role.CITIZEN in roles
            and action in READS
            and ctx.principal_pseudonym is not None
            and record.subject_pseudonym == ctx.principal_pseudonym
        ):
            return Decision(True, "own access log")
        return DENY
    if record.domain is Domain.RECEIPT:
        if action is Action.READ and record.assignee == principal.subject:
            return Decision(True, "own receipt")
        return DENY
    if record.domain is Domain.BRUSSELS:
        if Role.SKA_CENTRAL_AUTHORITY in roles:
            return Decision(True, "central authority")
        return DENY
    if record.domain is Domain.SKA_OPINION:
        if Role.SKA_COUNSELLOR in roles and action in (Action.LIST, Action.READ, Action.UPDATE):
            return Decision(True, "SKA opinion on a liberty-restricting measure")
        return DENY
    own = principal.municipality is not None and principal.municipality == record.municipality
    if record.domain is Domain.NGTS:
        if own and Role.NGTS_CASE_MANAGER in roles and Domain.NGTS in ctx.designated_domains:
            return Decision(True, "designated NGTS specialist of the municipality")
        return DENY
    if Role.DEPARTMENT_HEAD in roles and own and record.domain in HEAD_DOMAINS:
        return Decision(True, "department head of the municipality")
    if (
        Role.SKA_COUNSELLOR in roles
        and record.municipality is None
        and record.domain in CASE_DOMAINS
        and action in (Action.LIST, Action.READ, Action.UPDATE)
    ):
        return Decision(True, "SKA triage queue (no municipality could be determined)")
    if (
        Role.SKA_COUNSELLOR in roles
        and action in READS
        and record.domain in CASE_DOMAINS
        and record.record_id is not None
        and record.record_id in ctx.counselling_records
    ):
        return Decision(True, "open counselling request")
    worker_domains = frozenset().union(*(WORKER_DOMAINS.get(r, frozenset()) for r in roles))
    if own and record.domain in worker_domains and action is not Action.CREATE:
        if record.assignee is not None and record.assignee == principal.subject:
            return Decision(True, "assigned worker")
        for sub in ctx.substitutions:
            if (
                sub.substitute == principal.subject
                and sub.absent == record.assignee
                and sub.municipality == record.municipality
                and sub.active(ctx.now)
            ):
                return Decision(True, "substitute", on_behalf_of=sub.absent)
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
