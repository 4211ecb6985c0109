"""Leave-one-out scores when the removed alternative may hold a column's minimum or maximum.

Why: TOPSIS with min-max normalisation, AHP in ideal mode, SPOTIS (bounds from the data) and
VIKOR see the other alternatives only through each column's minimum and maximum (VIKOR also
through the extremes of S and R). A removal that moves a column's extreme changes everyone's
score, so the rank-reversal check once re-ranked each of those (at most two per column) through
pymcdm; here they are scored together, one pass per column over (removals x alternatives), with
the bounds of the others: the runner-up where the removed row holds the extreme.

Same contract as `prioritizer.core.rank.reversal`: pure numpy, no validation; each scorer takes
the removed rows (k,) and returns (k, n) scores of all alternatives without that row, the
removed one's own entry meaningless (but finite). Give the columns with w > 0 and only
removals that keep the informative columns as they are (the caller checks). AHP also gets the
constant columns it keeps, which is safe: it divides by a column's best value, never by its
range. The arithmetic follows pymcdm's (TOPSIS, SPOTIS) and the project's (AHP, VIKOR's
S and R) in the same order of operations; sums over columns may round differently, about 1e-16
relative.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank.reversal import (
    Extremes,
    FloatArray,
    IntArray,
    Scorer,
    _rescaled,
)

__all__ = ["ahp_ideal_scorer", "spotis_scorer", "topsis_minmax_scorer", "vikor_bounds_scorer"]


def topsis_minmax_scorer(
    X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64], extremes: Extremes
) -> Scorer:
    """TOPSIS closeness with min-max normalisation, the bounds taken without the removed row.

    r = (x - min) / (max - min), or (max - x) / (max - min) for a cost (pymcdm's
    `minmax_normalization`), weighted by w; the ideal row is w and the anti-ideal 0 exactly.
    """
    low, high = extremes

    def score(removed: IntArray) -> FloatArray:
        d_best = np.zeros((removed.shape[0], X.shape[0]))
        d_worst = np.zeros_like(d_best)
        for j, column in enumerate(X.T):
            lo, hi = low[removed, j, None], high[removed, j, None]
            weighted = ((column - lo) if types[j] > 0 else (hi - column)) / (hi - lo) * w[j]
            d_best += np.square(weighted - w[j])
            d_worst += np.square(weighted)
        np.sqrt(d_best, out=d_best)
        np.sqrt(d_worst, out=d_worst)
        return np.asarray(d_worst / (d_worst + d_best), dtype=np.float64)

    return score


def ahp_ideal_scorer(
    X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64], extremes: Extremes
) -> Scorer:
    """AHP ideal-mode synthesis, each column's best value taken without the removed row.

    Local priorities as `ahp_local_priorities` gives them: x / max for a benefit (1 for all
    when the max is 0), min / x for a cost, or the zero-cost indicator when a cost's min is 0.
    """
    low, high = extremes

    def score(removed: IntArray) -> FloatArray:
        shape = (removed.shape[0], X.shape[0])
        total = np.zeros(shape)
        for j, column in enumerate(X.T):
            if types[j] > 0:
                hi = high[removed, j, None]
                local = np.divide(column, hi, out=np.ones(shape), where=hi > 0)
            else:
                lo = low[removed, j, None]
                zero = np.broadcast_to(column == 0, shape).astype(np.float64)
                local = np.divide(lo, column, out=zero, where=(lo > 0) & (column > 0))
            total += local * w[j]
        return total

    return score


def spotis_scorer(
    X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64], extremes: Extremes
) -> Scorer:
    """SPOTIS distances with the bounds taken without the removed row.

    Σ_j w_j |x_ij - ideal_j| / (max_j - min_j), the ideal the best bound (pymcdm's SPOTIS with
    bounds = each column's min and max, as `rank_alternatives` calls it).
    """
    low, high = extremes

    def score(removed: IntArray) -> FloatArray:
        total = np.zeros((removed.shape[0], X.shape[0]))
        for j, column in enumerate(X.T):
            lo, hi = low[removed, j, None], high[removed, j, None]
            ideal = hi if types[j] > 0 else lo
            total += np.abs((column - ideal) / (lo - hi)) * w[j]
        return total

    return score


def vikor_bounds_scorer(
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    extremes: Extremes,
    tolerance: float,
    v: float = 0.5,
) -> Scorer:
    """VIKOR Q with each column's best and worst value taken without the removed row.

    Regrets w_j (best_j - x_ij) / (best_j - worst_j), S their sum and R their maximum; Q
    rescales S and R by their extremes over the others, a flat one (max and min tied)
    contributing 0, as `rank_alternatives` scores VIKOR.
    """
    low, high = extremes

    def score(removed: IntArray) -> FloatArray:
        k, n = removed.shape[0], X.shape[0]
        S = np.zeros((k, n))
        R = np.full((k, n), -np.inf)
        for j, column in enumerate(X.T):
            lo, hi = low[removed, j, None], high[removed, j, None]
            best, worst = (hi, lo) if types[j] > 0 else (lo, hi)
            regret = w[j] * (best - column) / (best - worst)
            S += regret
            np.maximum(R, regret, out=R)
        others = np.ones((k, n), dtype=np.bool_)
        others[np.arange(k), removed] = False

        def bounds(values: FloatArray) -> tuple[FloatArray, FloatArray]:
            return (
                values.min(axis=1, where=others, initial=np.inf),
                values.max(axis=1, where=others, initial=-np.inf),
            )

        return np.asarray(
            v * _rescaled(S, *bounds(S), tolerance) + (1 - v) * _rescaled(R, *bounds(R), tolerance),
            dtype=np.float64,
        )

    return score
