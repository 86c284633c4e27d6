"""Small-cell suppression of aggregate tables, with complementary suppression.

A published table has inner counts, row totals, column totals and a grand total. A count of 1-4
anywhere (inner cell or total) is suppressed (primary). Then further cells are suppressed
(complementary) until no suppressed value can be worked out from what is published:

Write the table with its margins as an (R+1) x (C+1) grid. Flip the sign of the row and column
totals (not of the grand total) and every line of the grid sums to zero. A change of +1/-1
alternating around a cycle of suppressed cells (two in each line it passes) keeps every
published number as it was, so a suppressed cell on such a cycle can take more than one value
while a suppressed cell on no cycle is determined. In graph terms (rows and columns are nodes,
suppressed cells are edges) every suppressed cell must lie on a cycle, i.e. be no bridge.

1. Lines with exactly one suppressed cell get a second one: the smallest non-zero published
   cell of the line, preferring one whose crossing line already has a suppressed cell.
2. A suppressed cell that is still a bridge splits the graph in two parts; suppressing a cell
   whose row lies in one part and column in the other closes a cycle through it.

Non-zero complements are chosen, so the cycle can move either way without a negative count.
Zeros are published (a structural nothing is not a small group of people).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5

Cell = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """An aggregate table: inner counts with their margins, and which cells are withheld."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    grid: tuple[tuple[int, ...], ...]
    """(R+1) x (C+1): the inner counts, the row totals in the last column, the column totals in
    the last row, the grand total in the corner."""
    suppressed: frozenset[Cell]

    def shown(self, row: int, column: int) -> int | None:
        """The published value of a cell; ``None`` when it is withheld."""
        return None if (row, column) in self.suppressed else self.grid[row][column]


def with_margins(
    counts: Sequence[Sequence[int]], width: int | None = None
) -> tuple[tuple[int, ...], ...]:
    """The grid of ``counts`` (``width`` columns, needed when there are no rows) with row
    totals, column totals and the grand total."""
    rows = [[*row, sum(row)] for row in counts]
    columns = len(rows[0]) if rows else (width or 0) + 1
    rows.append([sum(row[c] for row in rows) for c in range(columns)])
    return tuple(tuple(row) for row in rows)


def _bridges(cells: frozenset[Cell]) -> list[Cell]:
    """Suppressed cells that lie on no cycle (Tarjan's bridge search on rows x columns)."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for r, c in cells:
        adjacency.setdefault(("r", r), []).append((("c", c), (r, c)))
        adjacency.setdefault(("c", c), []).append((("r", r), (r, c)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: list[Cell] = []
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack: list[tuple[tuple[str, int], Cell | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack.pop()
            edges = adjacency[node]
            if index < len(edges):
                stack.append((node, via, index + 1))
                neighbour, edge = edges[index]
                if edge == via:
                    continue
                if neighbour in order:
                    low[node] = min(low[node], order[neighbour])
                else:
                    order[neighbour] = low[neighbour] = len(order)
                    stack.append((neighbour, edge, 0))
            elif via is not None:
                parent = ("c", via[1]) if node[0] == "r" else ("r", via[0])
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return sorted(found)


def _component(cells: frozenset[Cell], start: tuple[str, int]) -> set[tuple[str, int]]:
    seen = {start}
    todo = [start]
    while todo:
        kind, index = todo.pop()
        for r, c in cells:
            if kind == "r" and r == index and ("c", c) not in seen:
                seen.add(("c", c))
                todo.append(("c", c))
            elif kind == "c" and c == index and ("r", r) not in seen:
                seen.add(("r", r))
                todo.append(("r", r))
    return seen


def suppress(
    row_labels: Sequence[str], column_labels: Sequence[str], counts: Sequence[Sequence[int]]
) -> Table:
    """The table of ``counts`` with its margins, small cells and their complements withheld."""
    grid = with_margins(counts, len(column_labels))
    height, width = len(grid), len(grid[0])
    cells = {(r, c) for r in range(height) for c in range(width)}
    hidden = {(r, c) for r, c in cells if 0 < grid[r][c] < THRESHOLD}

    def candidates(pool: set[Cell]) -> list[Cell]:
        return sorted(pool - hidden, key=lambda rc: (grid[rc[0]][rc[1]] == 0, grid[rc[0]][rc[1]]))

    while True:
        changed = False
        for axis in (0, 1):
            for line in range(height if axis == 0 else width):
                members = {rc for rc in cells if rc[axis] == line}
                if len(members & hidden) != 1:
                    continue
                ranked = candidates(members)
                if not ranked:
                    continue
                crossing = [
                    rc
                    for rc in ranked
                    if any(h[1 - axis] == rc[1 - axis] for h in hidden) and grid[rc[0]][rc[1]] != 0
                ]
                hidden.add((crossing or ranked)[0])
                changed = True
        if changed:
            continue
        bridges = _bridges(frozenset(hidden))
        if not bridges:
            break
        r, c = bridges[0]
        rest = frozenset(hidden - {(r, c)})
        row_side = _component(rest, ("r", r))
        column_side = _component(rest, ("c", c))
        pool = {
            (rr, cc)
            for kind_r, rr in column_side
            if kind_r == "r"
            for kind_c, cc in row_side
            if kind_c == "c"
        }
        if not pool:
            pool = {(rr, cc) for rr in range(height) for cc in range(width) if rr != r and cc != c}
        choice = candidates(pool)
        if not choice:
            break
        hidden.add(choice[0])
    return Table(tuple(row_labels), tuple(column_labels), grid, frozenset(hidden))
