"""``python -m heaolu_ngts.youths.command``: the operator imports a round's list.

Progress is shown with ``rich``; the summary gives counts by refusal reason, never a name.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
from datetime import UTC, date, datetime

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from heaolu_ngts.common.participations import ParticipationRepository
from heaolu_ngts.settings import get_settings
from heaolu_ngts.youths import service
from heaolu_ngts.youths.register import SyntheticYouthRegister
from heaolu_shared.auth import Principal
from heaolu_shared.calendar import default_calendar
from heaolu_shared.db import Database
from heaolu_shared.errors import DomainError
from heaolu_shared.messages import render
from heaolu_shared.roles import Role


def operator() -> Principal:
    """The operator running the command, as the audit trail names them."""
    return Principal(subject=f"operator:{getpass.getuser()}"[:64], roles=frozenset({Role.SERVICE}))


async def run(municipality: str, query_date: date, size: int, failing_share: float) -> int:
    settings = get_settings()
    console = Console(stderr=True)
    database = Database(settings.database_url, pool_size=1, application_name="heaolu-ngts-import")
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as bar:
            task = bar.add_task("checking rows", total=size)
            async with database.transaction() as session:
                found = await ParticipationRepository(session).find(municipality, query_date)
                if found is None:
                    console.print("no participation of this municipality in this round")
                    return 2
                participation = await service.load_participation(session, found.id, for_update=True)
                stored, refused = await service.import_list(
                    session,
                    participation=participation,
                    register=SyntheticYouthRegister(size, failing_share),
                    actor=operator(),
                    pseudonym_key=settings.pseudonym_key,
                    retention_days=settings.list_retention_days,
                    now=datetime.now(UTC),
                    calendar=default_calendar(),
                    progress=lambda n: bar.advance(task, n),
                )
                bar.update(task, description="committing")
    except DomainError as exc:
        # The operator reads the command in English; the key names the rule.
        console.print(f"refused ({exc}): {render(exc.detail, 'en', **exc.params)}")
        return 1
    finally:
        await database.dispose()
    table = Table(title="import")
    table.add_column("result")
    table.add_column("rows", justify="right")
    table.add_row("stored", str(stored))
    for reason, count in refused.items():
        table.add_row(f"refused: {reason}", str(count))
    Console().print(table)
    return 0


def main() -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--municipality", required=True, help="EHAK code, e.g. 0897")
    parser.add_argument("--query-date", required=True, type=date.fromisoformat)
    parser.add_argument("--synthetic-size", type=int, default=settings.synthetic_list_size)
    parser.add_argument("--failing-share", type=float, default=settings.synthetic_failing_share)
    args = parser.parse_args()
    if settings.environment == "prod":
        parser.error("the synthetic register is not used in prod")
    raise SystemExit(
        asyncio.run(
            run(args.municipality, args.query_date, args.synthetic_size, args.failing_share)
        )
    )


if __name__ == "__main__":
    main()
