"""Statutory and operational tables as JSON, the data behind their charts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class TableInfo(BaseModel):
    name: str
    title_en: str
    title_et: str
    columns: list[str]
    national: bool = Field(
        default=False,
        description="rows are not municipalities (Brussels IIb articles): whole country, SKA only",
    )


class Row(BaseModel):
    municipality: str | None = Field(
        description="EHAK code; null in the totals row and in a national table's rows"
    )
    code: str | None = Field(
        default=None,
        description="the row's code: the EHAK code, or the article (art79, art80, art82) of a "
        "national table; null in the totals row",
    )
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
