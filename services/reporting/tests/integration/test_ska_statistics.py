"""SKA's counselling and central-authority statistics, from casework's and court's events:
KPIs, the tables behind reports, charts and exports, and who may see the national tables."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa

from heaolu_reporting.common.access import Area, Level, UnknownArea, area_for
from heaolu_reporting.common.models import ArchivedEvent
from heaolu_reporting.common.regions import municipalities_of
from heaolu_reporting.common.tables import TABLES, counts
from heaolu_reporting.exports.service import protected, to_csv
from heaolu_reporting.facts import service as facts
from heaolu_reporting.messages import NATIONAL_ONLY
from heaolu_reporting.rebuild.service import reset
from heaolu_reporting.reports import service as reports
from heaolu_reporting.reports.charts import bar_chart
from heaolu_shared.auth import Principal
from heaolu_shared.db import Database
from heaolu_shared.errors import NotPermitted
from heaolu_shared.events import registry
from heaolu_shared.roles import Role

from .flow import NATIONAL_BRUSSELS, NATIONAL_COUNSELLING, RAKVERE, flow
from .test_facts_and_kpis import MARCH, NATION, RAKVERE_AREA, consume, values

pytestmark = pytest.mark.integration

LÄÄNE_VIRU = Area(Level.COUNTY, "0060", tuple(municipalities_of("0060")))


async def table(db: Database, name: str, area: Area) -> dict[str, tuple[int, ...]]:
    async with db.transaction() as session:
        found = await counts(session, TABLES[name], area, MARCH)
    return dict(zip(found.rows, found.counts, strict=True))


async def test_counselling_and_central_authority_figures_match_the_hand_count(
    db: Database,
) -> None:
    await consume(db, flow())

    rakvere = await values(db, RAKVERE_AREA)
    assert rakvere["ska_counselling"] == RAKVERE["ska_counselling"]
    assert rakvere["central_authority"] == RAKVERE["central_authority"]
    national = await values(db, NATION)
    counselling = national["ska_counselling"]
    assert {k: counselling[k] for k in NATIONAL_COUNSELLING} == NATIONAL_COUNSELLING
    assert national["central_authority"]["requests"] == NATIONAL_BRUSSELS
    # A county sums its municipalities' requests; Brussels requests stay national.
    county = await values(db, LÄÄNE_VIRU)
    assert county["ska_counselling"]["requested"] == 2
    assert county["central_authority"]["requests"] is None


async def test_the_tables_partition_what_they_count(db: Database) -> None:
    await consume(db, flow())

    assert await table(db, "ska-counselling-by-status", NATION) == {
        "0321": (0, 0, 1),
        "0663": (1, 1, 0),
    }
    assert await table(db, "ska-counselling-by-record", NATION) == {
        "0321": (0, 1),
        "0663": (1, 1),
    }
    assert await table(db, "central-authority-requests-by-direction", NATION) == {
        "art79": (0, 0),
        "art80": (1, 0),
        "art82": (0, 1),
    }
    assert await table(db, "central-authority-requests-by-answer", NATION) == {
        "art79": (0, 0, 0),
        "art80": (1, 0, 0),
        "art82": (0, 0, 1),
    }
    tasks = await table(db, "central-authority-municipal-tasks", LÄÄNE_VIRU)
    assert len(tasks) == 8 and tasks["0663"] == (1, 0, 0)  # every municipality of the county
    assert sum(map(sum, tasks.values())) == 1


async def test_a_national_table_is_suppressed_charted_and_exported_like_the_others(
    db: Database,
) -> None:
    await consume(db, flow())
    spec = TABLES["central-authority-requests-by-answer"]

    async with db.transaction() as session:
        data, codes = await reports.table(session, spec, NATION, MARCH)
        found = await counts(session, spec, NATION, MARCH)
    answer = reports.as_json(spec, data, codes, MARCH, "chart.svg")
    exported = list(
        csv.reader(io.StringIO(to_csv(protected(found, spec), spec).decode("utf-8-sig")))
    )

    # Every count is 1: nothing but zeros may be published.
    assert [r.code for r in answer.rows] == ["art79", "art80", "art82"]
    assert all(r.municipality is None for r in answer.rows)
    shown = [v for r in [*answer.rows, answer.totals] for v in [*r.values, r.total]]
    assert set(shown) <= {0, None} and None in shown
    assert exported[0][0] == "article / artikkel"
    assert "1" not in [cell for row in exported[1:] for cell in row[1:]]
    svg = bar_chart(data, spec.title_en).decode()
    assert svg.startswith("<?xml") and "withheld" in svg


def who(*roles: str, municipality: str | None = None) -> Principal:
    return Principal(subject="s-1", roles=frozenset(roles), municipality=municipality)


def test_the_central_authoritys_national_tables_are_skas_alone() -> None:
    assert area_for(who(Role.SKA_CENTRAL_AUTHORITY), None, None, national_only=True) == NATION
    with pytest.raises(NotPermitted):
        area_for(who(Role.DEPARTMENT_HEAD, municipality="0663"), None, None, national_only=True)
    with pytest.raises(UnknownArea) as narrowed:
        area_for(who(Role.SKA_COUNSELLOR), "0663", None, national_only=True)
    assert narrowed.value.detail is NATIONAL_ONLY
    assert "whole country" in (NATIONAL_ONLY.render("en") or "")
    assert TABLES["central-authority-municipal-tasks"].national is False


async def test_events_in_any_order_give_the_same_figures(db: Database) -> None:
    # Events of one request reach reporting from different partitions and topics, and a second
    # answer may come after the closing: the first answer's time and the closing stay.
    await consume(db, flow())
    forward = await values(db, NATION)

    await reset(db)
    async with db.transaction() as session:
        archived = (
            await session.scalars(sa.select(ArchivedEvent).order_by(ArchivedEvent.seq.desc()))
        ).all()
        for row in archived:
            payload = registry.spec(row.event_type).model.model_validate(row.data)
            await facts.apply(session, row.event_type, payload)

    assert await values(db, NATION) == forward
