"""Small-cell suppression: a municipality with a count of 3 cannot be recovered from the totals."""

from __future__ import annotations

import itertools

import numpy as np

from heaolu_reporting.common.suppression import Table, suppress
from heaolu_reporting.common.tables import TABLES
from heaolu_reporting.exports.service import to_csv, to_xlsx

ROWS = ("0663 Rakvere linn", "0321 Kohtla-Järve linn", "0897 Viljandi linn")
COLUMNS = ("in_need", "in_danger")
COUNTS = ((3, 9), (12, 8), (20, 11))


def completions(table: Table) -> set[tuple[int, ...]]:
    """Every assignment of non-negative integers to the withheld cells that agrees with every
    published number (inner cells and totals); found by brute force, independent of how the
    suppression chose its cells."""
    hidden = sorted(table.suppressed)
    height, width = len(table.grid), len(table.grid[0])

    def bound(r: int, c: int) -> int:
        # A count is at most its published row or column total (a total: the grand total).
        limits = [table.grid[-1][-1]]
        if r < height - 1 and (r, width - 1) not in table.suppressed:
            limits.append(table.grid[r][width - 1])
        if c < width - 1 and (height - 1, c) not in table.suppressed:
            limits.append(table.grid[height - 1][c])
        return min(limits)

    ranges = [np.arange(bound(r, c) + 1) for r, c in hidden]
    candidates = np.array(np.meshgrid(*ranges, indexing="ij")).reshape(len(hidden), -1)
    ok = np.ones(candidates.shape[1], dtype=bool)
    lines = [[(r, c) for c in range(width - 1)] + [(r, width - 1)] for r in range(height)]
    lines += [[(r, c) for r in range(height - 1)] + [(height - 1, c)] for c in range(width)]
    for line in lines:
        *parts, total = line
        value = np.zeros(candidates.shape[1], dtype=np.int64)
        for cell in parts:
            value = value + _cell(table, hidden, candidates, cell)
        ok &= value == _cell(table, hidden, candidates, total)
    return {tuple(int(v) for v in column) for column in candidates[:, ok].T}


def _cell(
    table: Table, hidden: list[tuple[int, int]], candidates: np.ndarray, cell: tuple[int, int]
) -> np.ndarray | int:
    if cell in table.suppressed:
        return np.asarray(candidates[hidden.index(cell)])
    return table.grid[cell[0]][cell[1]]


def test_a_count_of_three_and_its_complements_are_withheld() -> None:
    table = suppress(ROWS, COLUMNS, COUNTS)

    assert table.shown(0, 0) is None
    # A complement in the same row and in the same column, or the 3 would be a subtraction away.
    assert any((0, c) in table.suppressed for c in range(1, 3))
    assert any((r, 0) in table.suppressed for r in range(1, 4))
    # The published cells are the true counts.
    for r, c in set(itertools.product(range(4), range(3))) - table.suppressed:
        assert table.shown(r, c) == table.grid[r][c]


def test_the_totals_cannot_give_the_withheld_count_back() -> None:
    table = suppress(ROWS, COLUMNS, COUNTS)
    position = sorted(table.suppressed).index((0, 0))

    possible = {values[position] for values in completions(table)}

    assert 3 in possible
    assert len(possible) > 1


def test_a_small_total_is_withheld_too_and_still_not_recoverable() -> None:
    # Viljandi has 2 reports in all: its row total is a small cell as well.
    counts = ((0, 2), (12, 8), (20, 11))
    table = suppress(ROWS, COLUMNS, counts)

    assert table.shown(0, 1) is None and table.shown(0, 2) is None
    possible = completions(table)
    for index, (r, c) in enumerate(sorted(table.suppressed)):
        assert len({v[index] for v in possible}) > 1, (r, c)


def test_a_table_without_small_cells_is_published_whole() -> None:
    table = suppress(ROWS, COLUMNS, ((5, 9), (12, 8), (20, 0)))

    assert table.suppressed == frozenset()


def test_exports_show_the_withheld_cells_as_marked() -> None:
    table = suppress(ROWS, COLUMNS, COUNTS)

    text = to_csv(table, TABLES["reports-by-need-level"]).decode("utf-8-sig")

    first = text.splitlines()[1].split(",")
    assert first[0] == "0663 Rakvere linn" and first[1] == "<5"
    assert ",3," not in text and not text.splitlines()[1].endswith(",3")
    assert to_xlsx(table, TABLES["reports-by-need-level"])[:2] == b"PK"
