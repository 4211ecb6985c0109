"""Leave-one-out scores and the pairs they reorder: the kernels of the rank-reversal check.

Why: the check asks, for each of the n alternatives, which pairs of the others swap places
once it is removed. Re-ranking n times through the validating adapter and comparing all pairs
costs O(n³); here the reduced problems are scored together with numpy (a removal changes only
column sums, norms, extremes or one row of a pairwise matrix) and the flips are found by
comparing tie-group indices along the full order, so only the pairs that flip are listed.

Pure numpy, no validation, no pymcdm. `prioritizer.core.rank.rank_reversal_check` validates,
sends the few removals that change which criteria separate the alternatives to an exact
re-ranking, and uses these kernels and those of `extremes` for the others. Each scorer takes
the removed rows (k,) and returns (k, n) scores of all alternatives in the problem without
that row; the removed one's own entry is meaningless. Notation as in rank.py: X the matrix,
w the weights used, types ±1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = [
    "Extremes",
    "Scorer",
    "ahp_distributive_scorer",
    "leave_one_out_sums",
    "promethee_scorer",
    "reversed_pairs",
    "topsis_vector_scorer",
    "unique_extreme_rows",
    "vikor_scorer",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
Scorer = Callable[[IntArray], FloatArray]
Extremes = tuple[FloatArray, FloatArray]
"""Each column's minimum and maximum once each row is left out, (n, m) each."""


def unique_extreme_rows(X: FloatArray, extremes: Extremes | None = None) -> IntArray:
    """Rows that alone hold some column's minimum or maximum, ascending: those whose removal
    raises a minimum or lowers a maximum (`extremes`: `_extremes_without(X)`, if known).

    Why: removing any other row leaves every column's minimum, maximum and largest |x|
    unchanged, hence which columns are constant, the ideal points, min-max normalisation,
    SPOTIS bounds and AHP's ideal-mode divisors; those removals need no exact re-ranking.
    """
    low, high = _extremes_without(X) if extremes is None else extremes
    moved = (low > X.min(axis=0)) | (high < X.max(axis=0))
    return np.asarray(np.flatnonzero(moved.any(axis=1)), dtype=np.int64)


def leave_one_out_sums(values: FloatArray) -> FloatArray:
    """Column sums over all rows but row r, for every r: (n, m) from (n, m).

    Prefix plus suffix sums, so a large removed value does not cancel against the total.
    """
    zero = np.zeros((1, values.shape[1]))
    before = np.concatenate((zero, np.cumsum(values, axis=0)[:-1]))
    after = np.concatenate((np.cumsum(values[::-1], axis=0)[::-1][1:], zero))
    return np.asarray(before + after, dtype=np.float64)


def topsis_vector_scorer(X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64]) -> Scorer:
    """TOPSIS closeness with vector normalisation after removing one row whose absence keeps
    every column's minimum and maximum (so the ideal and anti-ideal rows stay the same).

    Only the column norms change: D±²(r, i) = Σ_j (w_j / ||x_j without r||)² (x_ij - x±_j)²,
    one matrix product per block of removals. Give only columns with w > 0.

    References
    ----------
    García-Cascales, M. S., & Lamata, M. T. (2012). On rank reversal and TOPSIS method.
    Mathematical and Computer Modelling, 56(5-6), 123-132.
    """
    benefit = types > 0
    best = np.where(benefit, X.max(axis=0), X.min(axis=0))
    worst = np.where(benefit, X.min(axis=0), X.max(axis=0))
    gaps_best = np.square(X - best).T
    gaps_worst = np.square(X - worst).T
    squares = leave_one_out_sums(np.square(X))

    def score(removed: IntArray) -> FloatArray:
        factors = np.square(w) / squares[removed]
        d_best = np.sqrt(factors @ gaps_best)
        d_worst = np.sqrt(factors @ gaps_worst)
        d_best += d_worst
        return np.asarray(np.divide(d_worst, d_best, out=d_best), dtype=np.float64)

    return score


def ahp_distributive_scorer(X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64]) -> Scorer:
    """AHP distributive synthesis after removing one row that holds no column's unique
    minimum or maximum (so each column keeps its kind of local priority).

    Each column's priorities are numerators over their sum: x (benefit), 1/x (cost), the
    zero-cost indicator (a cost column with zeros) or 1 (an all-zero benefit column). Removing
    row r only changes the sums, so scores are (w / sums without r) @ numeratorsᵀ.

    References
    ----------
    Belton, V., & Gear, T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega, 11(3), 228-230.
    """
    numerators = np.empty_like(X)
    for j in range(X.shape[1]):
        column = X[:, j]
        if types[j] > 0:
            numerators[:, j] = column if column.sum() > 0 else 1.0
        elif (column == 0).any():
            numerators[:, j] = column == 0
        else:
            numerators[:, j] = 1.0 / column
    sums = leave_one_out_sums(numerators)
    transposed = numerators.T

    def score(removed: IntArray) -> FloatArray:
        return np.asarray((w / sums[removed]) @ transposed, dtype=np.float64)

    return score


def promethee_scorer(X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64]) -> Scorer:
    """PROMETHEE II net flows (usual preference function) after removing any one row, when
    the informative criteria stay the same.

    With P(a, b) = Σ_j w_j sign(types_j (x_aj - x_bj)) the net preference of a over b,
    φ(a) = Σ_b P(a, b) / (n - 1); without r it is (Σ_b P(a, b) - P(a, r)) / (n - 2).

    References
    ----------
    Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method: the
    PROMETHEE method for MCDM. Management Science, 31(6), 647-656.
    """
    n = X.shape[0]
    net = np.zeros((n, n))
    for j in range(X.shape[1]):
        column = X[:, j] * types[j]
        net += w[j] * np.sign(column[:, None] - column[None, :])
    totals = net.sum(axis=1)

    def score(removed: IntArray) -> FloatArray:
        # P(a, r) = -P(r, a) exactly (each term changes sign), so read rows, not columns.
        return np.asarray((totals + net[removed]) / (n - 2), dtype=np.float64)

    return score


def vikor_scorer(S: FloatArray, R: FloatArray, tolerance: float, v: float = 0.5) -> Scorer:
    """VIKOR Q after removing one row that holds no column's unique minimum or maximum.

    Each alternative keeps its group utility S and regret R; only the extremes of S and R
    over the others change, and with them the two min-max rescalings of Q. A flat S or R
    (max and min tied) contributes 0, as in rank.py.

    References
    ----------
    Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research, 156(2), 445-455.
    """
    s_low, s_high = _extremes_without(S)
    r_low, r_high = _extremes_without(R)

    def score(removed: IntArray) -> FloatArray:
        return np.asarray(
            v * _rescaled(S, s_low[removed], s_high[removed], tolerance)
            + (1 - v) * _rescaled(R, r_low[removed], r_high[removed], tolerance),
            dtype=np.float64,
        )

    return score


def _rescaled(
    values: FloatArray, low: FloatArray, high: FloatArray, tolerance: float
) -> FloatArray:
    """(values - low) / (high - low), one row per pair of bounds; 0 where they tie (flat)."""
    flat = _tied(high, low, tolerance)
    spread = np.where(flat, 1.0, high - low)[:, None]
    return np.asarray(np.where(flat[:, None], 0.0, (values - low[:, None]) / spread))


def _extremes_without(values: FloatArray) -> Extremes:
    """For every r, the minimum and maximum of `values` without row r, column by column for a
    matrix (needs n ≥ 2): the runner-up where r holds the extreme, the extreme elsewhere.
    A tied extreme is held by its first row (minimum) or last row (maximum), and the runner-up
    is then the same value. Partitions, not a sort: linear in n."""
    n = values.shape[0]
    part = np.partition(values, (1, n - 2), axis=0)
    first_lowest = np.expand_dims(np.argmin(values, axis=0), 0)
    last_highest = np.expand_dims(n - 1 - np.argmax(values[::-1], axis=0), 0)
    low = np.broadcast_to(part[0], values.shape).copy()
    np.put_along_axis(low, first_lowest, part[1:2], axis=0)
    high = np.broadcast_to(part[-1], values.shape).copy()
    np.put_along_axis(high, last_highest, part[-2:-1], axis=0)
    return low, high


def _tied(a: FloatArray, b: FloatArray, tolerance: float) -> npt.NDArray[np.bool_]:
    """rank._tied elementwise: |a - b| within `tolerance`, absolutely or relatively."""
    gap = np.abs(a - b)
    return np.asarray(
        (gap <= tolerance) | (gap <= tolerance * np.maximum(np.abs(a), np.abs(b))),
        dtype=np.bool_,
    )


def reversed_pairs(
    full_ranks: IntArray,
    removed: IntArray,
    scores: FloatArray,
    *,
    higher_is_better: bool,
    tolerance: float,
) -> list[tuple[int, IntArray]]:
    """For each removed row with flips, the (a, b) row pairs ordered a above b in the full
    ranking and b strictly above a once that row is gone, sorted by a, then b.

    Why: the reduced ranks are tie groups chained along the sorted scores, exactly as
    rank._competition_ranks forms them; a pair flips iff a's full group comes first and its
    reduced group comes later. Along the full order, the running maximum of the reduced group
    indices is non-decreasing, so for each b the candidates a form one stretch ending where
    b's full group starts (found by binary search); only those stretches are compared, which
    keeps the work near the number of flips. `scores` is (k, n), row q scoring the problem
    without `removed[q]`.
    """
    n = full_ranks.shape[0]
    k = removed.shape[0]
    if k == 0:
        return []
    order = np.argsort(full_ranks, kind="stable")
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    groups = full_ranks[order]
    starts = np.searchsorted(groups, groups, side="left")
    rows = np.arange(k)
    gone = position[removed]

    # Sort keys in the full order (nearly sorted already, which timsort exploits); the removed
    # one becomes NaN, sorts last and ties with nothing. |key| and key gaps equal the scores'.
    keys = scores[:, order]
    keys[rows, gone] = np.nan
    if higher_is_better:
        np.negative(keys, out=keys)
    ascending = np.argsort(keys, axis=1, kind="stable")
    ordered = np.take_along_axis(keys, ascending, axis=1)
    labels = np.zeros((k, n), dtype=np.int64)
    np.cumsum(~_tied_neighbours(ordered, tolerance), axis=1, out=labels[:, 1:])
    reduced = np.empty((k, n), dtype=np.int64)
    np.put_along_axis(reduced, ascending, labels, axis=1)
    reduced[rows, gone] = -1

    # b is reversed with someone iff an earlier full group holds a larger reduced index.
    highest = np.maximum.accumulate(reduced, axis=1)
    before = np.where(starts > 0, highest[:, np.maximum(starts - 1, 0)], -1)
    sinks = reduced < before
    sinks[rows, gone] = False
    sink_row, sink = np.nonzero(sinks)
    if sink.size == 0:
        return []
    stride = n + 2  # row q's running maxima lie in [-1, n - 1]: offsets keep them sorted
    ladder = (highest + rows[:, None] * stride).ravel()
    level = reduced[sink_row, sink] + sink_row * stride
    first = np.searchsorted(ladder, level, side="right") - sink_row * n
    span = starts[sink] - first
    owner = np.repeat(np.arange(sink.size), span)
    a = first[owner] + np.arange(owner.size) - np.repeat(np.cumsum(span) - span, span)
    row, b = sink_row[owner], sink[owner]
    flips = reduced[row, a] > reduced[row, b]
    row, a, b = row[flips], order[a[flips]], order[b[flips]]
    by_pair = np.argsort((row * n + a) * n + b, kind="stable")  # below k * n^2, far from 2^63
    row, pairs = row[by_pair], np.column_stack((a[by_pair], b[by_pair]))
    cuts = np.flatnonzero(np.diff(row)) + 1
    return [
        (int(removed[chunk_rows[0]]), chunk)
        for chunk_rows, chunk in zip(np.split(row, cuts), np.split(pairs, cuts), strict=True)
    ]


def _tied_neighbours(ordered: FloatArray, tolerance: float) -> npt.NDArray[np.bool_]:
    """rank._tied between neighbours of each row: gap <= tolerance * max(1, |a|, |b|), which
    is (gap <= tolerance) or (gap <= tolerance * max(|a|, |b|)) exactly (rounding is
    monotone). A NaN ties with nothing."""
    gap = np.abs(ordered[:, 1:] - ordered[:, :-1])
    magnitude = np.abs(ordered)
    bound = np.maximum(magnitude[:, 1:], magnitude[:, :-1])
    np.maximum(bound, 1.0, out=bound)
    bound *= tolerance
    return np.asarray(gap <= bound, dtype=np.bool_)
