"""API models of the clock lists (one clock, :class:`DeadlineOut`, is in the case view too)."""

from __future__ import annotations

from heaolu_casework.common.schemas import DeadlineOut
from heaolu_shared.pagination import Page


class DeadlinePage(Page[DeadlineOut]):
    pass
