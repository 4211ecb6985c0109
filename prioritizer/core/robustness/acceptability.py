"""SMAA-2 rank acceptability: how often each alternative takes each rank over
the weight scenarios, scored a chunk at a time (vectorised TOPSIS or AHP).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank import ahp_local_priorities, rank_alternatives, topsis_closeness
from prioritizer.core.robustness.common import (
    _VECTORISED,
    DEFAULT_CHUNK,
    BoolArray,
    FloatArray,
    IntArray,
    Progress,
    Scorer,
    _positive_int,
    _weight_rows,
)
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import Acceptability

# ---------------------------------------------------------------------------------------------
# SMAA-2.
# ---------------------------------------------------------------------------------------------


def rank_acceptability(
    matrix: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    weights: npt.ArrayLike,
    *,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
) -> Acceptability:
    """SMAA-2 rank acceptability indices, central weights and confidence factors.

    Why: a planner should see how often each alternative is first (and second, third...)
    across plausible weights, not only under one weight vector. `weights` holds one scenario
    per row (from `sample_weights`). TOPSIS and AHP score `chunk_size` scenarios per matrix
    product; the other methods call `rank_alternatives` once per scenario. Criteria that do
    not separate the alternatives are left out as `rank_alternatives` does.

    The confidence factor p_i^c is, in SMAA-2, the probability that i is first when the
    weights are fixed at its central weight vector and the criteria values vary; here the
    values are fixed, so it is 1 when i is first at its central weights, 0 when not (1/k when
    it ties for first with k - 1 others). Alternatives never first have no central weights:
    a row of zeros, confidence 0 (`Acceptability.central_weight` returns None). `progress`
    is called after each chunk; an exception it raises (KeyboardInterrupt) stops the run and
    nothing is returned.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria acceptability
    analysis methods. Journal of Multi-Criteria Decision Analysis, 15(1-2), 1-14.
    """
    W = _weight_rows(weights)
    chunk = _positive_int(chunk_size, "chunk_size")
    setup = _Setup.build(
        matrix, types, ids, criteria, W[0], method, normalization, ahp_mode, tolerance
    )
    if W.shape[1] != len(setup.criteria):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} columns, one per criterion", count=len(setup.criteria)),
            got=W.shape,
        )
    S, n = W.shape[0], len(setup.ids)
    tally = _Tally(n, W.shape[1])
    for begin in range(0, S, chunk):
        block = W[begin : begin + chunk]
        tally.add(block, _positions(setup.score(block), setup.tolerance))
        if progress is not None:
            progress(min(begin + chunk, S), S)
    shares, central, tied = tally.result(S)
    confidence = _confidence(setup, central, shares[:, 0] > 0)
    return Acceptability(
        ids=setup.ids,
        criteria=setup.criteria,
        method=setup.method,
        variant=setup.variant,
        samples=S,
        shares=shares,
        central_weights=central,
        confidence=confidence,
        tied_samples=tied,
        chunk_size=chunk,
        vectorised=setup.method in _VECTORISED,
    )


class _Setup:
    """A validated problem and its scoring function: weight rows -> merit (higher is better)."""

    __slots__ = ("criteria", "ids", "method", "score", "tolerance", "variant")

    def __init__(
        self,
        ids: tuple[str, ...],
        criteria: tuple[str, ...],
        method: Method,
        variant: str | None,
        score: Scorer,
        tolerance: float,
    ) -> None:
        self.ids = ids
        self.criteria = criteria
        self.method = method
        self.variant = variant
        self.score = score
        self.tolerance = tolerance

    @classmethod
    def build(
        cls,
        matrix: npt.ArrayLike,
        types: npt.ArrayLike,
        ids: Sequence[str],
        criteria: Sequence[str],
        first: FloatArray,
        method: Method | str,
        normalization: Normalization | str,
        ahp_mode: AhpMode | str,
        tolerance: float,
    ) -> _Setup:
        # One ranking validates everything (InvalidMatrix naming row and column) the way a
        # single run would, and parses the options.
        reference = rank_alternatives(
            matrix,
            first,
            types,
            ids,
            criteria,
            method=method,
            normalization=normalization,
            ahp_mode=ahp_mode,
            tolerance=tolerance,
        )
        X = np.asarray(matrix, dtype=np.float64)
        t = np.asarray(types, dtype=np.int64)
        keep = ~np.array([_constant(X[:, j], tolerance) for j in range(X.shape[1])], dtype=bool)
        chosen = reference.method
        score: Scorer
        if chosen is Method.TOPSIS:
            norm = reference.normalization or Normalization.VECTOR
            score = _topsis_scorer(X, t, keep, norm)
        elif chosen is Method.AHP:
            score = _ahp_scorer(X, t, keep, reference.ahp_mode or AhpMode.DISTRIBUTIVE)
        else:
            score = _per_sample_scorer(X, t, reference.ids, reference.criteria, chosen, tolerance)
        return cls(reference.ids, reference.criteria, chosen, reference.variant, score, tolerance)


def _topsis_scorer(
    X: FloatArray, types: IntArray, keep: BoolArray, normalization: Normalization
) -> Scorer:
    def score(W: FloatArray) -> FloatArray:
        return topsis_closeness(X, _informative_weights(W, keep), types, normalization)

    return score


def _ahp_scorer(X: FloatArray, types: IntArray, keep: BoolArray, mode: AhpMode) -> Scorer:
    local = ahp_local_priorities(X, types, mode)

    def score(W: FloatArray) -> FloatArray:
        return np.asarray(_informative_weights(W, keep) @ local.T, dtype=np.float64)

    return score


def _per_sample_scorer(
    X: FloatArray,
    types: IntArray,
    ids: tuple[str, ...],
    criteria: tuple[str, ...],
    method: Method,
    tolerance: float,
) -> Scorer:
    def score(W: FloatArray) -> FloatArray:
        merit = np.empty((W.shape[0], X.shape[0]))
        for s, row in enumerate(W):
            ranking = rank_alternatives(
                X, row, types, ids, criteria, method=method, tolerance=tolerance
            )
            merit[s] = ranking.scores if ranking.higher_is_better else -ranking.scores
        return merit

    return score


def _informative_weights(W: FloatArray, keep: BoolArray) -> FloatArray:
    """Weights with the non-separating criteria set to 0 and each row rescaled to sum 1."""
    kept = np.where(keep, W, 0.0)
    total = kept.sum(axis=1, keepdims=True)
    return np.asarray(
        np.divide(kept, total, out=np.zeros_like(kept), where=total > 0), dtype=np.float64
    )


def _constant(column: FloatArray, tolerance: float) -> bool:
    """The rule of `rank_alternatives`: relative spread within the tolerance."""
    return float(column.max() - column.min()) <= tolerance * float(np.abs(column).max())


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

    def add(self, W: FloatArray, positions: _Positions) -> None:
        n = self.n
        order, start, size = positions.order, positions.start, positions.size
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


def _confidence(setup: _Setup, central: FloatArray, ever_first: BoolArray) -> FloatArray:
    confidence = np.zeros(len(setup.ids))
    chosen = np.flatnonzero(ever_first)
    if not len(chosen):
        return confidence
    placed = _positions(setup.score(central[chosen]), setup.tolerance)
    for row, i in enumerate(chosen):
        p = int(np.flatnonzero(placed.order[row] == i)[0])
        if placed.start[row, p] == 0:
            confidence[i] = 1.0 / float(placed.size[row, p])
    return confidence
