"""Intake's creation and update plumbing: the shared mechanism (:mod:`heaolu_shared.plumbing`)
with intake's prefix and caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from heaolu_intake.common.access import caller
from heaolu_shared.plumbing import Creator, Plumbing, Updater, problems, tag

API_PREFIX = "/api/intake/v1"

PLUMBING = Plumbing(API_PREFIX, caller)
Creation = Annotated[Creator, Depends(PLUMBING.creator)]
PublicCreation = Annotated[Creator, Depends(PLUMBING.public_creator)]
Update = Annotated[Updater, Depends(PLUMBING.updater)]

__all__ = ["API_PREFIX", "Creation", "PublicCreation", "Update", "problems", "tag"]
