"""Who sees which intake queue, without I/O.

A municipality's queue shows its incoming reports: all of them to the department head, to a
worker only those assigned to them. SKA's triage queue holds the reports whose municipality
could not be determined (ADR 0007); only SKA's counsellors work it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from heaolu_intake.common import messages
from heaolu_shared.access import AccessContext, Action, Domain, RecordScope, decide
from heaolu_shared.auth import Principal
from heaolu_shared.errors import NotPermitted


@dataclass(frozen=True)
class QueueView:
    """What part of a queue the caller sees."""

    municipality: str | None
    """The municipality whose queue it is; None: SKA's triage queue."""
    assignee: str | None
    """Only reports assigned to this worker; None: the whole queue."""


def queue_view(principal: Principal, *, ska_triage: bool, now: datetime) -> QueueView:
    """The queue ``principal`` may see; 403 for a queue that is not theirs."""
    municipality = None if ska_triage else principal.municipality
    if not ska_triage and municipality is None:
        raise NotPermitted(messages.QUEUE_FOR_MUNICIPALITY)
    whole = decide(
        principal,
        Action.LIST,
        RecordScope(Domain.CHILD_PROTECTION, municipality),
        AccessContext(now=now),
    ).allowed
    if not whole and ska_triage:
        raise NotPermitted(messages.TRIAGE_FOR_SKA)
    return QueueView(municipality, None if whole else principal.subject)
