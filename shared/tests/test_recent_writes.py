"""Recent idempotent writes: fresh for a while after their commit, never before it."""

from __future__ import annotations

from heaolu_shared.db import RecentWrites


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_fresh_from_its_commit_until_the_ttl_has_passed() -> None:
    clock = Clock()
    recent = RecentWrites(60.0, clock=clock)
    assert not recent.fresh(("staff", "s-1"))

    recent.committed([("staff", "s-1")])
    clock.now += 59.9
    assert recent.fresh(("staff", "s-1"))
    assert not recent.fresh(("staff", "s-2"))
    clock.now += 0.1
    assert not recent.fresh(("staff", "s-1"))


def test_a_full_memory_drops_the_stale_keys_first_and_everything_if_none_is_stale() -> None:
    clock = Clock()
    recent = RecentWrites(60.0, clock=clock, capacity=3)
    recent.committed(["old-1", "old-2"])
    clock.now += 30
    recent.committed(["newer"])
    clock.now += 40  # the first two are stale, "newer" is not

    recent.committed(["newest"])
    assert [recent.fresh(k) for k in ("old-1", "old-2", "newer", "newest")] == [
        False,
        False,
        True,
        True,
    ]

    recent.committed(["a", "b"])  # four fresh keys would not fit: all are forgotten first
    assert [recent.fresh(k) for k in ("newer", "newest", "a", "b")] == [False, False, True, True]
