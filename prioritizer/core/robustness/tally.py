"""Where each alternative lands in each scenario (ties chained as `rank_alternatives` does)
and the running SMAA-2 sums over the scenarios: rank counts, central weights, pairwise wins.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from prioritizer.core.robustness.common import FloatArray, IntArray
from prioritizer.core.robustness.values import winning_counts


class _Positions(NamedTuple):
    """Per scenario: alternatives best first, and each position's tie group (start, size).

    `order[s, p]` is the alternative at position p; `start[s, p]` the first position of its
    tie group (competition rank = start + 1) and `size[s, p]` the group's size; `tied` says
    whether any scenario of the block has a tie (else start = p and size = 1 everywhere, held
    as a broadcast array).
    """

    order: IntArray
    start: IntArray
    size: IntArray
    tied: bool


def _positions(merit: FloatArray, tolerance: float) -> _Positions:
    """Sort each scenario's merits (best first) and chain ties as `rank_alternatives` does.

    Consecutive sorted scores a >= b are tied when a - b <= tolerance * max(1, |a|, |b|)
    (absolute or relative to the larger). The sort is not stable: members of a tie group
    come in any order, which no result depends on (they share the group's ranks).
    """
    c, n = merit.shape
    order = np.argsort(merit, axis=1)[:, ::-1]
    ranked = np.take_along_axis(merit, order, axis=1)
    gap = ranked[:, :-1] - ranked[:, 1:]
    column = np.arange(n)
    # Quick exit: no gap within the loosest threshold of the block means no tie at all.
    largest = max(1.0, float(ranked[:, 0].max()), -float(ranked[:, -1].min()))
    if not gap.size or gap.min() > tolerance * largest:
        ones = np.broadcast_to(np.ones(1, dtype=np.int64), (c, n))
        return _Positions(order, np.broadcast_to(column, (c, n)), ones, False)
    scale = np.maximum(np.maximum(ranked[:, :-1], -ranked[:, 1:]), 1.0)
    tied = gap <= tolerance * scale
    opens = np.concatenate([np.ones((c, 1), dtype=bool), ~tied], axis=1)
    closes = np.concatenate([~tied, np.ones((c, 1), dtype=bool)], axis=1)
    start = np.maximum.accumulate(np.where(opens, column, 0), axis=1)
    end = np.minimum.accumulate(np.where(closes, column, n - 1)[:, ::-1], axis=1)[:, ::-1]
    return _Positions(order, start, end - start + 1, bool(tied.any()))


class _Tally:
    """Running SMAA sums that do not depend on how the scenarios are split into chunks.

    Untied positions are integer counts; tie shares (1/k) and central-weight sums are added
    with `np.add.at` in scenario order, so every cell receives the same additions in the same
    order whatever the chunk size.
    """

    __slots__ = (
        "count_first",
        "counts",
        "first_tied",
        "n",
        "sum_tied",
        "sum_untied",
        "tie_shares",
        "tied_rows",
        "wins",
    )

    def __init__(self, n: int, m: int) -> None:
        self.n = n
        self.counts = np.zeros(n * n, dtype=np.int64)
        self.tie_shares = np.zeros((n, n))
        self.count_first = np.zeros(n, dtype=np.int64)
        self.first_tied = np.zeros(n)
        self.sum_untied = np.zeros((n, m))
        self.sum_tied = np.zeros((n, m))
        self.tied_rows = 0
        self.wins = np.zeros((n, n), dtype=np.int64)

    def add(self, W: FloatArray, positions: _Positions) -> None:
        n = self.n
        order, start, size = positions.order, positions.start, positions.size
        self.wins += winning_counts(order, start)
        cells = order * n + np.arange(n)
        if not positions.tied:
            self.counts += np.bincount(cells.ravel(), minlength=n * n)
            self._add_first(order[:, 0], W)
            return
        single = size == 1
        self.counts += np.bincount(cells[single], minlength=n * n)
        alone = single[:, 0]
        self._add_first(order[alone, 0], W[alone])
        self.tied_rows += int((~single).any(axis=1).sum())
        rows, cols = np.nonzero(~single)  # row-major: scenario order
        members = order[rows, cols]
        k = size[rows, cols]
        # Each tied member gets 1/k of each rank of its group: expand to k entries per member.
        repeat = np.repeat(np.arange(len(members)), k)
        offset = np.arange(len(repeat)) - np.repeat(np.cumsum(k) - k, k)
        ranks = start[rows, cols][repeat] + offset
        np.add.at(self.tie_shares, (members[repeat], ranks), 1.0 / k[repeat])
        at_top = start[rows, cols] == 0
        top_rows, top_members, top_k = rows[at_top], members[at_top], k[at_top]
        np.add.at(self.first_tied, top_members, 1.0 / top_k)
        np.add.at(self.sum_tied, top_members, W[top_rows] / top_k[:, None])

    def _add_first(self, first: IntArray, W: FloatArray) -> None:
        self.count_first += np.bincount(first, minlength=self.n)
        np.add.at(self.sum_untied, first, W)

    def result(self, samples: int) -> tuple[FloatArray, FloatArray, int]:
        n = self.n
        shares = (self.counts.reshape(n, n) + self.tie_shares) / samples
        weight_sums = self.sum_untied + self.sum_tied
        first = self.count_first + self.first_tied
        central = np.divide(
            weight_sums, first[:, None], out=np.zeros_like(weight_sums), where=first[:, None] > 0
        )
        return shares, central, self.tied_rows
