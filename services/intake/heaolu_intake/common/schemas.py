"""What intake's API models share."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

EHAK = r"^[0-9]{4}$"
"""A municipality's code in the Estonian administrative classification."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
