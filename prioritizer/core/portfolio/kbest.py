"""Portfolios in order of value, best first, from the dynamic programme over the budget.

Why: the k best portfolios by integer programming cost one full solve each, and each solve
is harder than the last (every cut is a weak constraint). Where the recursion holds the
problem (`knapsack.plan`), one backward pass keeps the best value of the last classes within
every budget, and Lawler's partition of the remaining portfolios turns that table into the
next best portfolio with a few array operations each.

A subproblem fixes the options of classes before m to those of a portfolio found, allows
class m every option but some excluded ones, and leaves the classes after m free; its best
value is read from the table. When its best portfolio y is taken, what remains of it splits
into: class m without y's option as well, and for each later class m', y's options before m'
fixed and class m' without y's option. The parts are disjoint, so every portfolio comes out
once, in order of value.

What it holds is what the recursion holds: the budget, mandatory projects, requires and
excludes. Group minimums and the project cap are checked by the caller on each portfolio.

References
----------
Lawler, E. L. (1972). A procedure for computing the K best solutions to discrete optimization
problems and its application to the shortest path problem. Management Science 18(7), 401-405.
Murty, K. G. (1968). An algorithm for ranking all the assignments in order of increasing cost.
Operations Research 16(3), 682-687 (the same partition, for assignments).
"""

from __future__ import annotations

import heapq

import numpy as np

from prioritizer.core.portfolio.knapsack import FloatArray, Plan, _step, trace_back
from prioritizer.results.arrays import IntArray

KBEST_CELLS = 20_000_000
"""Largest table (classes x budget units) kept whole for the ranking: 8 bytes a cell for the
values and 2 for the option picks (200 MB at most)."""

_NEG = -np.inf
_Entry = tuple[float, int, IntArray, int, frozenset[int]]
"""A subproblem on the heap: minus its best value, an arrival number (ties: first come), the
portfolio whose options fix the classes before `m` (as option numbers), `m`, and the options
of class m excluded."""


class Ranked:
    """The portfolios of a plan within a budget, one by one in order of value (`pop`)."""

    def __init__(self, layout: Plan, budget_pen: int) -> None:
        self.plan = layout
        top = budget_pen // layout.unit
        size = layout.size
        rows = np.zeros((size + 1, top + 1))
        picks = np.zeros((size, top + 1), dtype=np.uint16)
        for k in range(size - 1, -1, -1):
            rows[k], picks[k] = _step(rows[k + 1], layout.costs[k], layout.values[k])
        self.rows, self.picks, self.top = rows, picks, top
        counts = [len(c) for c in layout.costs]
        self.starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
        self.klass = np.repeat(np.arange(size), counts)
        self.local = np.arange(len(self.klass)) - self.starts[self.klass]
        self.cost = np.concatenate(layout.costs).astype(np.int64)
        self.value = np.concatenate(layout.values).astype(np.float64)
        root = np.zeros(0, dtype=np.int64)
        self.heap: list[_Entry] = []
        if size and np.isfinite(rows[0][top]):
            self.heap.append((-float(rows[0][top]), 0, root, 0, frozenset()))
        self.arrivals = 1

    def pop(self) -> tuple[IntArray, float] | None:
        """The next best portfolio (0/1 per project) and its value; None when none is left."""
        if not self.heap:
            return None
        worth, _, parent, m, excluded = heapq.heappop(self.heap)
        layout = self.plan
        prefix = [int(o) for o in parent[:m]]
        left = self.top - sum(int(layout.costs[k][o]) for k, o in enumerate(prefix))
        option = self._best_option(m, left, excluded)
        rest = trace_back(layout, self.picks, m + 1, left - int(layout.costs[m][option]))
        found = np.array([*prefix, option, *rest], dtype=np.int64)
        self._split(found, m, excluded | {option})
        return layout.selection([int(o) for o in found]), -worth

    def _best_option(self, m: int, left: int, excluded: frozenset[int]) -> int:
        """Class m's best option (not excluded) with `left` units for it and the later classes."""
        costs = self.plan.costs[m]
        room = left - costs
        scores = np.where(
            room >= 0, self.plan.values[m] + self.rows[m + 1][np.maximum(room, 0)], _NEG
        )
        scores[list(excluded)] = _NEG
        return int(np.argmax(scores))

    def _split(self, found: IntArray, m: int, excluded: frozenset[int]) -> None:
        """Push the parts of a subproblem left when its best portfolio `found` is taken."""
        size = self.plan.size
        chosen = self.starts + found
        spent = np.concatenate([[0], np.cumsum(self.cost[chosen])[:-1]])
        gained = np.concatenate([[0.0], np.cumsum(self.value[chosen])[:-1]])
        klass = self.klass
        room = self.top - spent[klass] - self.cost
        scores: FloatArray = gained[klass] + self.value + self.rows[klass + 1, np.maximum(room, 0)]
        banned = (room < 0) | (self.local == found[klass]) | (klass < m)
        banned[self.starts[m] + np.array(sorted(excluded), dtype=np.int64)] = True
        scores[banned] = _NEG
        best = np.maximum.reduceat(scores, self.starts)
        for k in range(m, size):
            if np.isfinite(best[k]):
                part = excluded if k == m else frozenset({int(found[k])})
                heapq.heappush(self.heap, (-float(best[k]), self.arrivals, found, k, part))
                self.arrivals += 1
