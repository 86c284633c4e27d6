"""The secrets intake works with, set up once when the application starts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, FastAPI, Request

from heaolu_intake.settings import get_settings
from heaolu_shared.sealing import Sealer


@dataclass(frozen=True)
class Keys:
    pseudonym_key: str
    sealer: Sealer
    """Seals a reporter's identity (opened only for the assigned worker)."""


async def install_keys(app: FastAPI) -> None:
    settings = get_settings()
    app.state.intake_keys = Keys(settings.pseudonym_key, Sealer(settings.reporter_key))


async def keys(request: Request) -> Keys:
    found: Keys = request.app.state.intake_keys
    return found


IntakeKeys = Annotated[Keys, Depends(keys)]
