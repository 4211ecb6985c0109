"""SMAA-2 rank acceptability: how often each alternative takes each rank over
the weight (and value) scenarios, scored a chunk at a time (vectorised TOPSIS, AHP or
weighted sum), with pairwise winning indices, central weights and confidence factors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
from prioritizer.core.robustness.tally import _positions, _Tally
from prioritizer.core.robustness.values import (
    ValueScorer,
    ValueStream,
    check_supports,
    per_scenario,
    weighted_sum,
)
from prioritizer.errors import choice
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.robustness import Acceptability
from prioritizer.results.smaa import MetaWeights, SmaaMethod, SmaaSubject, UncertainValues

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
    method: Method | SmaaMethod | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
    values: UncertainValues | None = None,
    meta_weights: MetaWeights | str = MetaWeights.LINEAR,
) -> Acceptability:
    """SMAA-2 rank acceptability indices, central weights and confidence factors.

    Why: a planner should see how often each alternative is first (and second, third...)
    across plausible weights, not only under one weight vector. `weights` holds one scenario
    per row (from `sample_weights`). TOPSIS and AHP score `chunk_size` scenarios per matrix
    product; the other methods call `rank_alternatives` once per scenario. Criteria that do
    not separate the alternatives are left out as `rank_alternatives` does.

    `method` `weighted-sum` scores Σ_j w_j x_ij on the raw values (a cost counted negative).
    With `values`, scenario s also draws its own matrix (`ValueStream`: the listed cells from
    their distributions, the others exact), so weights and values vary together; TOPSIS,
    AHP, VIKOR, PROMETHEE and SPOTIS then rank each scenario's matrix through
    `rank_alternatives` (slow), the weighted sum stays one product per chunk.

    The confidence factor p_i^c is, in SMAA-2, the probability that i is first when the
    weights are fixed at its central weight vector and the criteria values vary: with
    `values` it is the share of the same value scenarios (the same streams, drawn again) in
    which i is first at its central weights (a k-way tie for first counts 1/k); with exact
    values it is 1 when i is first at its central weights, 0 when not (1/k in a tie).
    Alternatives never first have no central weights: a row of zeros, confidence 0
    (`Acceptability.central_weight` returns None). The pairwise winning index of (a, b) is
    the share of scenarios in which a ranks strictly above b (Leskinen et al. 2006; the R
    package smaa's `smaa.pwi`). `meta_weights` set the holistic acceptability
    (`Acceptability.holistic`). `progress` is called after each chunk of the first pass; an
    exception it raises (KeyboardInterrupt) stops the run and nothing is returned.

    References
    ----------
    Lahdelma, R., & Salminen, P. (2001). SMAA-2: Stochastic multicriteria acceptability
    analysis for group decision making. Operations Research, 49(3), 444-454.
    Tervonen, T., & Figueira, J. R. (2008). A survey on stochastic multicriteria acceptability
    analysis methods. Journal of Multi-Criteria Decision Analysis, 15(1-2), 1-14.
    Leskinen, P., Viitanen, J., Kangas, A., & Kangas, J. (2006). Alternatives to incorporate
    uncertainty and risk attitude in multicriteria evaluation of forest plans. Forest
    Science, 52(3), 304-312 (pairwise winning indices).
    """
    W = _weight_rows(weights)
    meta = choice(MetaWeights, meta_weights, "meta_weights")
    chunk = _positive_int(chunk_size, "chunk_size")
    setup = _Setup.build(
        matrix, types, ids, criteria, W[0], method, normalization, ahp_mode, tolerance
    )
    S, n = W.shape[0], len(setup.ids)
    stream = None
    if values is not None:
        check_supports(values, setup.method)
        stream = ValueStream(setup.matrix, setup.ids, setup.criteria, values)
    tally = _Tally(n, W.shape[1])
    for begin in range(0, S, chunk):
        block = W[begin : begin + chunk]
        merit = (
            setup.score(block)
            if stream is None
            else setup.score_drawn(block, stream.draw(block.shape[0]))
        )
        tally.add(block, _positions(merit, setup.tolerance))
        if progress is not None:
            progress(min(begin + chunk, S), S)
    shares, central, tied = tally.result(S)
    ever_first = shares[:, 0] > 0
    confidence = (
        _confidence(setup, central, ever_first)
        if values is None
        else _drawn_confidence(setup, central, ever_first, values, S, chunk)
    )
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
        vectorised=setup.method is SmaaMethod.WEIGHTED_SUM
        or (values is None and setup.method in _VECTORISED),
        winning=tally.wins / S,
        meta_weights=meta,
        uncertain=values,
    )


@dataclass(frozen=True, slots=True, eq=False)
class _Setup(SmaaSubject):
    """A validated problem and its scoring functions: weight rows -> merit (higher is better)
    on the given matrix (`score`), or on each scenario's drawn matrix (`score_drawn`)."""

    score: Scorer
    tolerance: float
    matrix: FloatArray
    score_drawn: ValueScorer

    @classmethod
    def build(
        cls,
        matrix: npt.ArrayLike,
        types: npt.ArrayLike,
        ids: Sequence[str],
        criteria: Sequence[str],
        first: FloatArray,
        method: Method | SmaaMethod | str,
        normalization: Normalization | str,
        ahp_mode: AhpMode | str,
        tolerance: float,
    ) -> _Setup:
        # One ranking validates everything (InvalidMatrix naming row and column) the way a
        # single run would, and parses the options (TOPSIS's checks for the weighted sum).
        wanted = choice(SmaaMethod, method, "method")
        additive = wanted is SmaaMethod.WEIGHTED_SUM
        reference = rank_alternatives(
            matrix,
            first,
            types,
            ids,
            criteria,
            method=Method.TOPSIS if additive else Method(wanted.value),
            normalization=normalization,
            ahp_mode=ahp_mode,
            tolerance=tolerance,
        )
        X = np.asarray(matrix, dtype=np.float64)
        t = np.asarray(types, dtype=np.int64)
        keep = ~np.array([_constant(X[:, j], tolerance) for j in range(X.shape[1])], dtype=bool)
        chosen = reference.method
        norm = reference.normalization or Normalization.VECTOR
        mode = reference.ahp_mode or AhpMode.DISTRIBUTIVE
        score: Scorer
        drawn = per_scenario(t, reference.ids, reference.criteria, chosen, norm, mode, tolerance)
        if additive:
            score, drawn = weighted_sum(X, t)
            return cls(reference.ids, reference.criteria, wanted, None, score, tolerance, X, drawn)
        if chosen is Method.TOPSIS:
            score = _topsis_scorer(X, t, keep, norm)
        elif chosen is Method.AHP:
            score = _ahp_scorer(X, t, keep, mode)
        else:
            score = _per_sample_scorer(X, t, reference.ids, reference.criteria, chosen, tolerance)
        return cls(
            reference.ids, reference.criteria, chosen, reference.variant, score, tolerance, X, drawn
        )


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


def _drawn_confidence(
    setup: _Setup,
    central: FloatArray,
    ever_first: BoolArray,
    values: UncertainValues,
    samples: int,
    chunk: int,
) -> FloatArray:
    """SMAA-2's confidence factors: each alternative's share of first places when the weights
    are its central weights and the values are drawn (the same scenarios as the first pass)."""
    n = len(setup.ids)
    hits = np.zeros(n)
    chosen = np.flatnonzero(ever_first)
    if not len(chosen):
        return hits
    stream = ValueStream(setup.matrix, setup.ids, setup.criteria, values)
    for begin in range(0, samples, chunk):
        count = min(chunk, samples - begin)
        blocks = stream.draw(count)
        rows = np.arange(count)
        for i in chosen:
            W = np.repeat(central[i][None, :], count, axis=0)
            placed = _positions(setup.score_drawn(W, blocks), setup.tolerance)
            at = np.argmax(placed.order == i, axis=1)
            start = np.broadcast_to(placed.start, placed.order.shape)[rows, at]
            size = np.broadcast_to(placed.size, placed.order.shape)[rows, at]
            hits[i] += float(np.where(start == 0, 1.0 / size, 0.0).sum())
    return hits / samples
