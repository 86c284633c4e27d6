"""Statutory and operational tables as JSON, the data behind their charts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class TableInfo(BaseModel):
    name: str
    title_en: str
    title_et: str
    columns: list[str]


class Row(BaseModel):
    municipality: str | None = Field(description="EHAK code; null in the totals row")
    name: str
    values: list[int | None] = Field(description="per column; null = withheld (1-4 or complement)")
    total: int | None


class ReportTable(BaseModel):
    name: str
    title_en: str
    title_et: str
    first: date
    last: date
    columns: list[str]
    rows: list[Row]
    totals: Row
    chart: str = Field(description="path of the SVG chart of this table")
