"""Uncertain criteria values, the weighted sum of raw values and pairwise winning counts:
what SMAA-2 needs beyond sampled weights, a block of scenarios at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from prioritizer.core.rank import rank_alternatives
from prioritizer.core.robustness.common import _MAX_CELLS, FloatArray, IntArray, Scorer
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.smaa import Distribution, UncertainValues

ValueScorer = Callable[[FloatArray, FloatArray], FloatArray]
"""(weight rows c x m, value blocks c x n x m) -> merit c x n, higher is better."""


class ValueStream:
    """Draws the decision matrix of successive scenarios: exact cells as given, uncertain
    cells from their distributions.

    Why: SMAA-2 samples values and weights together; a block of c scenarios is c x n x m, so
    memory stays bounded by the block. Uniform draws (intervals, triangulars by inverse CDF)
    and standard normal draws come from two generators seeded with [seed, 1] and [seed, 2]
    (the weights keep `default_rng(seed)`), each filled scenario by scenario, so the values
    of scenario s do not depend on how the scenarios are split into blocks.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Tervonen, T. (2014). JSMAA: open source software for SMAA computations. International
    Journal of Systems Science, 45(1), 69-81 (interval, Gaussian and other measurements).
    """

    def __init__(
        self,
        matrix: FloatArray,
        ids: Sequence[str],
        criteria: Sequence[str],
        values: UncertainValues,
    ) -> None:
        self.matrix = matrix
        cells = values.cells
        rows = [_index(ids, cell.alternative, "id") for cell in cells]
        cols = [_index(criteria, cell.criterion, "criterion") for cell in cells]
        kinds = [cell.distribution for cell in cells]
        normal = np.array([kind is Distribution.NORMAL for kind in kinds], dtype=bool)
        self.uniform_at = (np.array(rows)[~normal], np.array(cols)[~normal])
        self.normal_at = (np.array(rows)[normal], np.array(cols)[normal])
        a = np.array([cell.a for cell in cells])
        b = np.array([cell.b for cell in cells])
        # An interval is a triangular whose mode is irrelevant: handled apart below.
        c = np.array([cell.b if cell.c is None else cell.c for cell in cells])
        triangular = np.array([kind is Distribution.TRIANGULAR for kind in kinds], dtype=bool)
        self.low, self.mode, self.high = a[~normal], b[~normal], c[~normal]
        self.triangular = triangular[~normal]
        self.mean, self.sd = a[normal], b[normal]
        self.uniform = np.random.default_rng([values.seed, 1])
        self.normal = np.random.default_rng([values.seed, 2])

    def draw(self, count: int) -> FloatArray:
        """The next `count` scenarios' matrices (count x n x m)."""
        block = np.repeat(self.matrix[None, :, :], count, axis=0)
        u = self.uniform.random((count, len(self.low)))
        block[:, self.uniform_at[0], self.uniform_at[1]] = self._from_uniform(u)
        z = self.normal.standard_normal((count, len(self.mean)))
        block[:, self.normal_at[0], self.normal_at[1]] = self.mean + self.sd * z
        return block

    def _from_uniform(self, u: FloatArray) -> FloatArray:
        """Uniform draws u in [0, 1) as interval values, or triangular ones by inverse CDF."""
        low, mode, high = self.low, self.mode, self.high
        span = high - low
        interval = low + (self.mode - low) * u
        # Triangular: F(mode) = (mode - low) / span; below it low + sqrt(u span (mode - low)),
        # above it high - sqrt((1 - u) span (high - mode)).
        safe = np.where(span > 0, span, 1.0)
        split = np.where(span > 0, (mode - low) / safe, 0.0)
        below = low + np.sqrt(u * span * (mode - low))
        above = high - np.sqrt((1.0 - u) * span * (high - mode))
        triangle = np.where(u < split, below, above)
        return np.asarray(np.where(self.triangular, triangle, interval), dtype=np.float64)


def _index(labels: Sequence[str], label: str, field: str) -> int:
    if label not in labels:
        raise InvalidMatrix(
            field, expected=phrase("ids among {ids}", ids=", ".join(labels)), got=label
        )
    return list(labels).index(label)


def check_supports(values: UncertainValues, method: Method | str) -> None:
    """AHP takes non-negative values only: refuse a distribution that can draw below 0."""
    if method != Method.AHP:
        return
    for cell in values.cells:
        if cell.lowest < 0:
            raise InvalidMatrix(
                "uncertain",
                expected=phrase(
                    "distributions that stay >= 0 with AHP (no normal, no bound below 0)"
                ),
                got=f"{cell.alternative}, {cell.criterion}: {cell.distribution.value}",
            )


def weighted_sum(X: FloatArray, types: IntArray) -> tuple[Scorer, ValueScorer]:
    """Scorers of the additive value Σ_j w_j t_j x_ij on the raw values (t_j = -1 for a cost).

    Why: SMAA's textbook examples (Lahdelma & Salminen 2001; JSMAA's additive model) rank by
    a weighted sum of values already on value scales. Each column is centred on its mean in
    the given matrix first: that subtracts the same amount from every alternative of a
    scenario (ranks unchanged) and keeps a large constant column from inflating the
    relative tie tolerance. Returns (weights -> merit on the given matrix, (weights, value
    blocks) -> merit), both one matrix product per block.
    """
    centre = X.mean(axis=0)
    signed = np.asarray(types, dtype=np.float64)

    def exact(W: FloatArray) -> FloatArray:
        return np.asarray((W * signed) @ (X - centre).T, dtype=np.float64)

    def drawn(W: FloatArray, blocks: FloatArray) -> FloatArray:
        return np.asarray(np.einsum("snm,sm->sn", blocks - centre, W * signed), dtype=np.float64)

    return exact, drawn


def per_scenario(
    types: IntArray,
    ids: tuple[str, ...],
    criteria: tuple[str, ...],
    method: Method,
    normalization: Normalization,
    ahp_mode: AhpMode,
    tolerance: float,
) -> ValueScorer:
    """Each scenario's own matrix through `rank_alternatives` (slow, the same numbers as a
    single ranking): TOPSIS, AHP, VIKOR, PROMETHEE and SPOTIS with uncertain values."""

    def score(W: FloatArray, blocks: FloatArray) -> FloatArray:
        merit = np.empty((W.shape[0], len(ids)))
        for s in range(W.shape[0]):
            ranking = rank_alternatives(
                blocks[s],
                W[s],
                types,
                ids,
                criteria,
                method=method,
                normalization=normalization,
                ahp_mode=ahp_mode,
                tolerance=tolerance,
            )
            merit[s] = ranking.scores if ranking.higher_is_better else -ranking.scores
        return merit

    return score


def winning_counts(order: IntArray, start: IntArray) -> IntArray:
    """Per pair (a, b), the scenarios of a block in which a ranks strictly above b.

    `order[s, p]` is the alternative at position p and `start[s, p]` the first position of
    its tie group; members of one group beat nobody inside it. Scenarios go through in
    sub-blocks of at most `_MAX_CELLS` pair cells, so memory stays bounded for many
    alternatives.
    """
    c, n = order.shape
    rank = np.empty((c, n), dtype=np.int64)
    np.put_along_axis(rank, order, np.asarray(start, dtype=np.int64), axis=1)
    counts = np.zeros((n, n), dtype=np.int64)
    step = max(1, _MAX_CELLS // max(n * n, 1))
    for begin in range(0, c, step):
        part = rank[begin : begin + step]
        counts += (part[:, :, None] < part[:, None, :]).sum(axis=0)
    return counts
