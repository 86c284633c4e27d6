"""What NGTS's routers share: the prefix, the shared creation and update plumbing
(:mod:`heaolu_shared.plumbing`) with NGTS's caller, error documentation, page sizes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from heaolu_ngts.common.access import ngts_user
from heaolu_ngts.settings import get_settings
from heaolu_shared.plumbing import Creator, Plumbing, Updater, problems
from heaolu_shared.plumbing import tag as tagged

API_PREFIX = "/api/ngts/v1"

PLUMBING = Plumbing(API_PREFIX, ngts_user)
Creation = Annotated[Creator, Depends(PLUMBING.creator)]
Update = Annotated[Updater, Depends(PLUMBING.updater)]


async def page_limit(limit: Annotated[int, Query(ge=1, le=50)] = 20) -> int:
    """A page of the list: small, never the whole list (``le`` matches the gateway's limit)."""
    return min(limit, get_settings().page_limit)


__all__ = ["API_PREFIX", "Creation", "Update", "page_limit", "problems", "tagged"]
