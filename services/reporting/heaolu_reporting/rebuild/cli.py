"""``python -m heaolu_reporting rebuild``: the read models from scratch, with a progress bar."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn
from rich.table import Table

from heaolu_reporting.rebuild.service import (
    Applier,
    Counts,
    Recorder,
    replay_archive,
    replay_topics,
    reset,
)
from heaolu_shared.db import Database
from heaolu_shared.settings import ServiceSettings
from heaolu_shared.topics import TOPICS, named


class Bar:
    """One task of a rich progress display."""

    def __init__(self, progress: Progress, description: str) -> None:
        self._progress = progress
        self._task: TaskID = progress.add_task(description, total=None)

    def total(self, n: int) -> None:
        self._progress.update(self._task, total=n)

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)


async def run(
    settings: ServiceSettings,
    *,
    key: str,
    topics: Sequence[str],
    handled: frozenset[str],
    record: Recorder,
    apply: Applier,
    use_kafka: bool = True,
    console: Console | None = None,
) -> Counts:
    """Empty the read models and fill them again; the counts of what was replayed."""
    console = console or Console(stderr=True)
    database = Database(settings.database_url, pool_size=2, application_name="heaolu-rebuild")
    counts = Counts()
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            await reset(database)
            await replay_archive(database, apply, Bar(progress, "archive"), counts)
            if use_kafka:
                await replay_topics(
                    database,
                    settings.kafka_bootstrap,
                    {
                        named(t.name, settings.kafka_topic_prefix): t.partitions
                        for t in TOPICS
                        if t.name in topics
                    },
                    handled,
                    record,
                    key,
                    Bar(progress, "topics"),
                    counts,
                )
    finally:
        await database.dispose()
    summary = Table(title="rebuild / taastamine")
    summary.add_column("what")
    summary.add_column("count", justify="right")
    for label, n in (
        ("replayed from the archive", counts.archived),
        ("read from the topics", counts.consumed),
        ("new from the topics", counts.added),
        ("skipped (other types, unreadable)", counts.skipped),
        *sorted(counts.by_type.items()),
    ):
        summary.add_row(label, str(n))
    console.print(summary)
    return counts


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="heaolu-reporting rebuild", description=__doc__)
    parser.add_argument(
        "--archive-only", action="store_true", help="replay reporting's archive, not the topics"
    )
    return parser.parse_args(argv)
