"""An export through the fact store: a municipality with 3 reports in a category is withheld
with its complements, exactly as the suppression the unit tests prove unrecoverable."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from heaolu_reporting.common.access import Area, Level
from heaolu_reporting.common.suppression import suppress
from heaolu_reporting.common.tables import TABLES, counts
from heaolu_reporting.exports.service import protected, to_csv, to_xlsx
from heaolu_shared.contracts import intake
from heaolu_shared.db import Database
from heaolu_shared.events import CloudEvent, registry

from .flow import at
from .test_facts_and_kpis import MARCH, consume

pytestmark = pytest.mark.integration

REPORTS = {"0663": (3, 9), "0321": (12, 8), "0897": (20, 11)}
"""Reports in need and in danger per municipality: Rakvere's 3 is the small cell."""
LABELS = ("0321 Kohtla-Järve linn", "0663 Rakvere linn", "0897 Viljandi linn")


def reports() -> list[CloudEvent]:
    payloads = [
        intake.ReportReceivedV2(
            report_id=uuid.uuid4(),
            municipality=municipality,
            received_at=at(1 + i % 27),
            need_level=level,
            child_pseudonym=uuid.uuid4().hex,
            urgent=level == "in_danger",
        )
        for municipality, by_level in REPORTS.items()
        for level, n in zip(("in_need", "in_danger"), by_level, strict=True)
        for i in range(n)
    ]
    return [registry.envelope(p, subject=str(p.report_id)) for p in payloads]


async def test_an_export_withholds_a_count_of_three_and_its_complements(db: Database) -> None:
    await consume(db, reports())
    spec = TABLES["reports-by-need-level"]

    async with db.transaction() as session:
        found = await counts(session, spec, Area(Level.NATIONAL, None, None), MARCH)
    table = protected(found, spec)
    rows = list(csv.reader(io.StringIO(to_csv(table, spec).decode("utf-8-sig"))))

    # The fact store counted what was sent, and the export is the proven suppression of it.
    expected = suppress(LABELS, ("in_need", "in_danger"), [REPORTS[c] for c in sorted(REPORTS)])
    assert table == expected
    header, *body, totals = rows
    assert header == ["municipality / omavalitsus", "in_need", "in_danger", "total / kokku"]
    rakvere = next(r for r in body if r[0].startswith("0663"))
    assert rakvere[1] == "<5"
    # A complement in Rakvere's row and in the in_need column, or a subtraction gives 3 back.
    assert "<5" in rakvere[2:]
    assert sum(r[1] == "<5" for r in [*body, totals]) >= 2
    assert "3" not in [cell for row in rows[1:] for cell in row[1:]]
    assert to_xlsx(table, spec)[:2] == b"PK"
