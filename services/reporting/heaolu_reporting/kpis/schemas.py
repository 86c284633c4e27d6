"""The KPI answers: each figure with how it is computed, in English and Estonian."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field


class Definition(BaseModel):
    en: str
    et: str


class Figure(BaseModel):
    values: dict[str, Any]
    definition: Definition


class AreaOut(BaseModel):
    level: str = Field(description="municipality, county or national")
    code: str | None = Field(description="EHAK code of the municipality or county")


class PeriodOut(BaseModel):
    first: date
    last: date


class Kpis(BaseModel):
    area: AreaOut
    period: PeriodOut
    figures: dict[str, Figure]
    pending: dict[str, Definition] = Field(
        description="figures that need events another service does not publish yet"
    )


class Caseload(BaseModel):
    period: PeriodOut
    figures: dict[str, Figure]
