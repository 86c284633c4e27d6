"""``python -m heaolu_ngts.retention.command``: purge the lists whose retention ended now.

The worker runs the same purge daily; this is for the operator (and for a given day outside
production, to rehearse a purge).
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime

from heaolu_ngts.retention.service import purge_ended_lists
from heaolu_ngts.settings import get_settings
from heaolu_shared.calendar import default_calendar
from heaolu_shared.db import Database


async def run(now: datetime) -> None:
    settings = get_settings()
    database = Database(settings.database_url, pool_size=1, application_name="heaolu-ngts-purge")
    try:
        async with database.transaction() as session:
            purged = await purge_ended_lists(session, now=now, calendar=default_calendar())
    finally:
        await database.dispose()
    print(f"lists purged: {purged.lists}; youths deleted: {purged.deleted}; kept: {purged.kept}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--as-of", type=datetime.fromisoformat, default=None)
    args = parser.parse_args()
    if args.as_of is not None and get_settings().environment == "prod":
        parser.error("--as-of is for rehearsals outside production")
    now = args.as_of.astimezone(UTC) if args.as_of else datetime.now(UTC)
    asyncio.run(run(now))


if __name__ == "__main__":
    main()
