"""When the inbox commits offsets: after the effects, once per interval under load, at once when
idle, and on stop, each commit with one log line of what happened since the last (no I/O: a
scripted consumer stands in for Kafka's)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import pytest
from aiokafka import ConsumerRecord, TopicPartition

from heaolu_shared.db import Database
from heaolu_shared.inbox import InboxConsumer, ProcessResult
from heaolu_shared.testing import consumer_record

A, B = TopicPartition("t", 0), TopicPartition("t", 1)


def _record(tp: TopicPartition, offset: int) -> ConsumerRecord[bytes, bytes]:
    return consumer_record(tp.topic, offset, b"{}", partition=tp.partition)


class ScriptedConsumer:
    """Answers ``getmany`` from a script (``None``: an empty poll) and records commits."""

    def __init__(self, polls: list[dict[TopicPartition, list[int]] | None], stop: asyncio.Event):
        self.polls = polls
        self.stop = stop
        self.commits: list[dict[TopicPartition, int]] = []

    async def getmany(self, **_: Any) -> dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]]:
        if not self.polls:
            self.stop.set()
            return {}
        poll = self.polls.pop(0)
        if not self.polls:
            self.stop.set()  # the consumer is told to stop while it holds this poll
        return {tp: [_record(tp, o) for o in offsets] for tp, offsets in (poll or {}).items()}

    async def commit(self, offsets: dict[TopicPartition, int]) -> None:
        self.commits.append(dict(offsets))


async def _run(
    polls: list[dict[TopicPartition, list[int]] | None],
    interval: float,
    outcomes: Sequence[str] = (),
) -> tuple[list[dict[TopicPartition, int]], list[int]]:
    stop = asyncio.Event()
    scripted = ScriptedConsumer(polls, stop)
    processed: list[int] = []
    inbox = InboxConsumer(
        name="test",
        database=Database("postgresql+asyncpg://nobody@127.0.0.1:1/none"),
        bootstrap="127.0.0.1:1",
        topics=["t"],
        handlers={},
        dead_letter_topic="t.dlt",
        commit_interval=interval,
    )

    async def process_batch(records: Sequence[ConsumerRecord[bytes, bytes]]) -> list[ProcessResult]:
        # Every commit so far names offsets below what is being processed now.
        processed.extend(r.offset for r in records)
        return [ProcessResult(outcome) for outcome in outcomes[: len(records)]]

    inbox.process_batch = process_batch  # type: ignore[method-assign]
    inbox._consumer = scripted  # type: ignore[assignment]
    try:
        await inbox.run(stop)
    finally:
        await inbox.close()
    return scripted.commits, processed


async def test_under_load_offsets_wait_for_the_interval_then_go_in_one_commit() -> None:
    commits, processed = await _run([{A: [0, 1]}, {B: [0]}, {A: [2]}, None], interval=3600)
    assert processed == [0, 1, 0, 2]
    assert commits == [{A: 3, B: 1}]  # at the empty poll, after every effect


async def test_with_no_interval_every_poll_commits_its_offsets() -> None:
    commits, _ = await _run([{A: [0, 1]}, {B: [0]}, None], interval=0)
    assert commits == [{A: 2}, {B: 1}]


async def test_a_consumer_stopped_in_the_middle_of_the_interval_commits_what_it_processed() -> None:
    commits, _ = await _run([{A: [0]}, {A: [1]}], interval=3600)
    assert commits == [{A: 2}]


async def test_each_commit_logs_the_outcomes_since_the_last_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    outcome = ("processed", "duplicate", "processed")
    with caplog.at_level(logging.INFO, logger="heaolu_shared.inbox"):
        await _run([{A: [0, 1, 2]}, None, {A: [3, 4]}, None], interval=3600, outcomes=outcome)
    lines = [r for r in caplog.records if r.getMessage() == "events consumed"]
    # One line per commit, not per event: three outcomes, then the first two again.
    assert [(r.__dict__.get("processed"), r.__dict__.get("duplicate")) for r in lines] == [
        (2, 1),
        (1, 1),
    ]
    assert all(r.__dict__["consumer"] == "test" for r in lines)
