"""``access.decide`` against the access model, row by row (ADR 0006, ADR 0022).

The model is written here a second time, as a table: each row says which role may do which
actions on which kind of record, given the caller's relation to it. A case is allowed exactly
when a row matches. Every realm role (and the anonymous caller) is checked against every kind of
record, every action, and every combination of the relations the policy knows: own or other
municipality or none, assigned to the caller or to a colleague (absent, or not) or to
nobody, a substitution active or ended or elsewhere, an open counselling request or not, a
designation or not, the caller's own data or not. A rule added to ``decide`` without a row here,
or a row the policy does not keep, fails with the cases that differ.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest

from heaolu_shared.access import (
    AccessContext,
    Action,
    Domain,
    RecordScope,
    Substitution,
    decide,
)
from heaolu_shared.auth import Principal
from heaolu_shared.roles import Role

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
OWN, OTHER = "0663", "0919"
ME, ABSENT = "me-subject", "absent-subject"
RECORD_ID = "record-1"
PSEUDONYM = "p" * 32


@dataclass(frozen=True)
class Case:
    """One combination of the relations between a caller and a record."""

    roles: frozenset[Role]
    domain: Domain
    action: Action
    caller_municipality: str | None
    record_municipality: str | None
    assignee: str | None
    substitution: str
    """none, active (for the absent assignee, in the record's municipality), ended, elsewhere"""
    counselling: bool
    designated: bool
    own_data: bool

    @property
    def own_municipality(self) -> bool:
        return (
            self.caller_municipality is not None
            and self.caller_municipality == self.record_municipality
        )

    @property
    def assigned_to_me(self) -> bool:
        return self.assignee == ME

    @property
    def substituting(self) -> bool:
        return self.substitution == "active" and self.assignee == ABSENT

    def principal(self) -> Principal:
        return _principal(self.roles, self.caller_municipality)

    def record(self) -> RecordScope:
        return _record(self.domain, self.record_municipality, self.assignee)

    def context(self) -> AccessContext:
        return _context(
            self.record_municipality,
            self.substitution,
            self.counselling,
            self.own_data,
            self.designated,
        )


@cache
def _record(domain: Domain, municipality: str | None, assignee: str | None) -> RecordScope:
    return RecordScope(
        domain, municipality, assignee=assignee, subject_pseudonym=PSEUDONYM, record_id=RECORD_ID
    )


@cache
def _context(
    record_municipality: str | None,
    substitution: str,
    counselling: bool,
    own_data: bool,
    designated: bool,
) -> AccessContext:
    windows = {
        "none": [],
        "active": [(record_municipality or OWN, 1)],
        "ended": [(record_municipality or OWN, -1)],
        "elsewhere": [(OTHER if record_municipality != OTHER else OWN, 1)],
    }[substitution]
    return AccessContext(
        now=NOW,
        substitutions=[
            Substitution(
                absent=ABSENT,
                substitute=ME,
                municipality=municipality,
                starts_at=NOW - timedelta(days=2),
                ends_at=NOW + timedelta(days=ends),
            )
            for municipality, ends in windows
        ],
        counselling_records=frozenset({RECORD_ID}) if counselling else frozenset(),
        principal_pseudonym=PSEUDONYM if own_data else "q" * 32,
        designated_domains=frozenset({Domain.NGTS}) if designated else frozenset(),
    )


@cache
def _principal(roles: frozenset[Role], municipality: str | None) -> Principal:
    return Principal(subject=ME, roles=roles, municipality=municipality)


Relation = Callable[[Case], bool]


def anything(case: Case) -> bool:
    return True


def own_municipality(case: Case) -> bool:
    return case.own_municipality


def own_data(case: Case) -> bool:
    return case.own_data


def own_receipt(case: Case) -> bool:
    return case.assigned_to_me  # a receipt's "assignee" is the account that reported


def designated_in_own_municipality(case: Case) -> bool:
    return case.own_municipality and case.designated


def no_municipality(case: Case) -> bool:
    return case.record_municipality is None


def counselling(case: Case) -> bool:
    return case.counselling


def handles_it(case: Case) -> bool:
    """Assigned to the caller, or to a colleague they substitute now, in their municipality."""
    return case.own_municipality and (case.assigned_to_me or case.substituting)


NOT_EXPORT = frozenset(Action) - {Action.EXPORT}
READS = frozenset({Action.LIST, Action.READ})
WORK = frozenset({Action.LIST, Action.READ, Action.UPDATE})
CASES = frozenset({Domain.CHILD_PROTECTION, Domain.SOCIAL_SERVICES})


@dataclass(frozen=True)
class Row:
    roles: frozenset[Role] | None
    """None: any caller, with whatever roles (or none)."""
    domains: frozenset[Domain]
    actions: frozenset[Action]
    relation: Relation
    why: str


def row(
    roles: Role | frozenset[Role] | None,
    domains: Domain | frozenset[Domain],
    actions: frozenset[Action],
    relation: Relation,
    why: str,
) -> Row:
    return Row(
        roles if roles is None or isinstance(roles, frozenset) else frozenset({roles}),
        domains if isinstance(domains, frozenset) else frozenset({domains}),
        actions,
        relation,
        why,
    )


MODEL = (
    row(Role.AUDITOR, Domain.AUDIT, READS, anything, "auditors see audit data"),
    row(Role.CITIZEN, Domain.AUDIT, READS, own_data, "a citizen sees their own access log"),
    row(None, Domain.RECEIPT, frozenset({Action.READ}), own_receipt, "own receipt"),
    row(Role.SKA_CENTRAL_AUTHORITY, Domain.BRUSSELS, NOT_EXPORT, anything, "Brussels IIb"),
    row(Role.SKA_COUNSELLOR, Domain.SKA_OPINION, WORK, anything, "SKA's opinion"),
    row(
        Role.NGTS_CASE_MANAGER,
        Domain.NGTS,
        NOT_EXPORT,
        designated_in_own_municipality,
        "designated NGTS specialist",
    ),
    row(Role.DEPARTMENT_HEAD, CASES, NOT_EXPORT, own_municipality, "head of the municipality"),
    row(Role.SKA_COUNSELLOR, CASES, WORK, no_municipality, "SKA triage queue"),
    row(Role.SKA_COUNSELLOR, CASES, READS, counselling, "open counselling request"),
    row(
        Role.CHILD_PROTECTION_WORKER,
        Domain.CHILD_PROTECTION,
        WORK,
        handles_it,
        "assigned child-protection worker or their substitute",
    ),
    row(
        Role.SOCIAL_SERVICES_SPECIALIST,
        CASES,
        WORK,
        handles_it,
        "assigned social-services specialist or their substitute",
    ),
)
"""The access model: a case is allowed when any row matches; nothing else is allowed (nobody
exports personal records; professional reporters, the SKA feed, Heaolu's own services and the
anonymous caller see no record but their own receipt)."""


def matches(r: Row, case: Case) -> bool:
    return (
        case.domain in r.domains
        and case.action in r.actions
        and (r.roles is None or not case.roles.isdisjoint(r.roles))
        and r.relation(case)
    )


def expected(case: Case) -> bool:
    return any(matches(r, case) for r in MODEL)


def cases(roles: frozenset[Role]) -> Iterator[Case]:
    for values in itertools.product(
        Domain,
        Action,
        (OWN, None),  # the caller's municipality
        (OWN, OTHER, None),  # the record's
        (ME, ABSENT, None),  # ABSENT without a substitution is "a colleague"
        ("none", "active", "ended", "elsewhere"),
        (False, True),
        (False, True),
        (False, True),
    ):
        yield Case(roles, *values)


ROLE_SETS = [frozenset({role}) for role in Role] + [
    frozenset({Role.DEPARTMENT_HEAD, Role.CHILD_PROTECTION_WORKER}),
    frozenset({Role.SOCIAL_SERVICES_SPECIALIST, Role.NGTS_CASE_MANAGER}),
    frozenset({Role.SKA_COUNSELLOR, Role.SKA_CENTRAL_AUTHORITY}),
    frozenset(),
]


@cache
def outcomes(roles: frozenset[Role]) -> tuple[tuple[Case, bool, str | None], ...]:
    """Every case of ``roles`` with the policy's answer and on whose behalf (computed once)."""
    found = []
    for case in cases(roles):
        decision = decide(case.principal(), case.action, case.record(), case.context())
        found.append((case, decision.allowed, decision.on_behalf_of))
    return tuple(found)


@pytest.mark.parametrize("roles", ROLE_SETS, ids=lambda r: "+".join(sorted(r)) or "no-role")
def test_decide_follows_the_access_model_for_every_relation(roles: frozenset[Role]) -> None:
    differing = [case for case, allowed, _ in outcomes(roles) if allowed != expected(case)]
    assert differing == [], f"{len(differing)} cases differ, e.g. {differing[:3]}"


def test_every_row_of_the_model_allows_something() -> None:
    """No row is dead: the policy allows some case that the row describes."""
    used: set[str] = set()
    for roles in ROLE_SETS:
        for case, allowed, _ in outcomes(roles):
            if allowed:
                used |= {r.why for r in MODEL if r.why not in used and matches(r, case)}
    assert used == {r.why for r in MODEL}


def test_a_substitute_acts_on_behalf_of_the_absent_worker_only_while_the_window_is_open() -> None:
    worker = frozenset({Role.CHILD_PROTECTION_WORKER})
    base = Case(
        worker, Domain.CHILD_PROTECTION, Action.READ, OWN, OWN, ABSENT, "active",
        False, False, False,
    )  # fmt: skip
    decision = decide(base.principal(), base.action, base.record(), base.context())
    assert decision.allowed and decision.on_behalf_of == ABSENT
    for window in ("ended", "elsewhere", "none"):
        case = replace(base, substitution=window)
        assert not decide(case.principal(), case.action, case.record(), case.context()).allowed


def test_nobody_exports_whatever_their_relation() -> None:
    for roles in ROLE_SETS:
        assert not any(
            allowed for case, allowed, _ in outcomes(roles) if case.action is Action.EXPORT
        )
