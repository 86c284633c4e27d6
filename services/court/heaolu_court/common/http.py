"""Court's creation and update plumbing: the shared mechanism (:mod:`heaolu_shared.plumbing`)
with court's prefix and the dependency that admits a court user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from heaolu_court.common.access import court_user
from heaolu_shared.plumbing import (
    ERRORS_CREATE,
    ERRORS_READ,
    ERRORS_UPDATE,
    Creator,
    Plumbing,
    Updater,
    problems,
)
from heaolu_shared.plumbing import tag as tagged

API_PREFIX = "/api/court/v1"

PLUMBING = Plumbing(API_PREFIX, court_user)
Creation = Annotated[Creator, Depends(PLUMBING.creator)]
Update = Annotated[Updater, Depends(PLUMBING.updater)]

__all__ = [
    "API_PREFIX",
    "ERRORS_CREATE",
    "ERRORS_READ",
    "ERRORS_UPDATE",
    "Creation",
    "Update",
    "problems",
    "tagged",
]
