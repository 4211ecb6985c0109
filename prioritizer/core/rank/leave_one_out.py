"""Rank reversal: does removing one alternative change the order of the others?"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank._checks import (
    _finite,
    _informative,
    _method_weights,
    _validate,
)
from prioritizer.core.rank._methods import _score
from prioritizer.core.rank.alternatives import rank_alternatives
from prioritizer.core.rank.reversal import (
    Scorer,
    ahp_distributive_scorer,
    promethee_scorer,
    reversed_pairs,
    topsis_vector_scorer,
    unique_extreme_rows,
    vikor_scorer,
)
from prioritizer.errors import choice
from prioritizer.results.arrays import FloatArray
from prioritizer.results.promethee import Preference, PreferenceShape
from prioritizer.results.ranking import (
    AhpMode,
    Method,
    Normalization,
    Ranking,
    RankReversal,
)


def rank_reversal_check(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    *,
    method: Method | str = Method.TOPSIS,
    normalization: Normalization | str = Normalization.VECTOR,
    ahp_mode: AhpMode | str = AhpMode.DISTRIBUTIVE,
    tolerance: float = 1e-9,
    vikor_v: float = 0.5,
    preferences: Sequence[Preference] | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[RankReversal, ...]:
    """Remove each alternative in turn and report the pairs of the others whose order flips.

    Why: TOPSIS, AHP in distributive mode and PROMETHEE can reorder two alternatives when a
    third one is dropped; a planner should know before cutting a candidate list. Only strict
    flips count (a tie that appears or breaks is not a reversal). The result is what ranking
    each reduced problem with `rank_alternatives` gives, without n validated re-rankings: the
    few removals that change a column's minimum or maximum are ranked again exactly; the
    others are scored together by the vectorised kernels of `prioritizer.core.rank.reversal` (TOPSIS
    with vector normalisation, AHP distributive, PROMETHEE II, and VIKOR when the removed one
    holds an extreme S or R), or skipped where they cannot change any other score (TOPSIS
    min-max, AHP ideal, SPOTIS, the rest of VIKOR); PROMETHEE with a preference function other
    than the usual one is re-ranked for every removal. `reversed_pairs` lists (a, b) in the
    order of the input rows, and the reversals follow the order of the removed alternatives.
    `progress` (stage "reversals", removals done, alternatives) is told after each block.

    References
    ----------
    Belton, V., & Gear, T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega, 11(3), 228-230.
    García-Cascales, M. S., & Lamata, M. T. (2012). On rank reversal and TOPSIS method.
    Mathematical and Computer Modelling, 56(5-6), 123-132.
    """
    full = rank_alternatives(
        matrix,
        weights,
        types,
        ids,
        criteria,
        method=method,
        normalization=normalization,
        ahp_mode=ahp_mode,
        tolerance=tolerance,
        vikor_v=vikor_v,
        preferences=preferences,
    )
    if len(full.ids) < 3:
        return ()
    X, w, t, _, _ = _validate(matrix, weights, types, ids, criteria, tolerance)
    norm = choice(Normalization, normalization, "normalization")
    mode = choice(AhpMode, ahp_mode, "ahp_mode")
    found: dict[int, npt.NDArray[np.int64]] = {}
    done, total = 0, len(full.ids)
    if progress is not None:
        progress("reversals", 0, total)
    for removed, scores in _leave_one_out(full, X, w, t, norm, mode, tolerance):
        if progress is not None:  # `removed` is a block; the skipped removals come at the end
            done = min(total, done + len(removed))
            progress("reversals", done, total)
        flips = reversed_pairs(
            full.ranks,
            removed,
            scores,
            higher_is_better=full.higher_is_better,
            tolerance=tolerance,
        )
        found.update(flips)
    if progress is not None:
        progress("reversals", total, total)
    names = np.array(full.ids, dtype=object)
    return tuple(
        RankReversal(
            removed=full.ids[row],
            reversed_pairs=tuple(
                zip(names[found[row][:, 0]], names[found[row][:, 1]], strict=True)
            ),
        )
        for row in sorted(found)
    )


_BLOCK = 2_000_000
"""Scores held at once by the reversal check (removals x alternatives): 16 MB per array."""


_KERNEL_TOLERANCE = 1e-10
"""Smallest tie tolerance at which the reversal check trusts its vectorised kernels. They
round differently from a re-ranking (about 1e-13 relative); with a tighter tolerance the
order of two mathematically equal scores is rounding noise, so each removal is re-ranked."""


def _leave_one_out(
    full: Ranking,
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    normalization: Normalization,
    mode: AhpMode,
    tolerance: float,
) -> Iterator[tuple[npt.NDArray[np.int64], FloatArray]]:
    """Blocks of (removed rows, scores of every alternative without that row), skipping the
    removals that provably leave every other score unchanged (see `rank_reversal_check`)."""
    n = X.shape[0]
    method = full.method
    v = 0.5 if full.vikor is None else full.vikor.v
    prefs = None if full.promethee is None else full.promethee.preferences
    if prefs is not None and any(p.shape is not PreferenceShape.USUAL for p in prefs):
        for row in range(n):
            reduced = _scores_without(
                row, X, w, types, method, normalization, mode, tolerance, v, prefs
            )
            if reduced is not None:
                yield np.array([row]), np.insert(reduced, row, 0.0)[None, :]
        return
    exact = unique_extreme_rows(X)
    if method is Method.PROMETHEE:  # net flows are vectorised whatever the extremes
        informative = _informative(X, tolerance)
        exact = np.array(
            [
                r
                for r in exact
                if not np.array_equal(_informative(np.delete(X, r, axis=0), tolerance), informative)
            ],
            dtype=np.int64,
        )
    for row in exact.tolist():
        reduced = _scores_without(row, X, w, types, method, normalization, mode, tolerance, v)
        if reduced is not None:
            yield np.array([row]), np.insert(reduced, row, 0.0)[None, :]
    regular = _regular_scorer(full, X, types, normalization, mode, tolerance)
    if regular is None:
        return
    scorer, rows = regular
    rows = np.setdiff1d(rows, exact)
    if tolerance < _KERNEL_TOLERANCE:
        for row in rows.tolist():
            reduced = _scores_without(row, X, w, types, method, normalization, mode, tolerance, v)
            if reduced is not None:
                yield np.array([row]), np.insert(reduced, row, 0.0)[None, :]
        return
    step = max(1, _BLOCK // n)
    for first in range(0, rows.shape[0], step):
        block = rows[first : first + step]
        yield block, _finite(scorer(block), method.value)


def _regular_scorer(
    full: Ranking,
    X: FloatArray,
    types: npt.NDArray[np.int64],
    normalization: Normalization,
    mode: AhpMode,
    tolerance: float,
) -> tuple[Scorer, npt.NDArray[np.int64]] | None:
    """The kernel scoring removals that keep every column's extremes, and the rows it needs.

    Those removals keep the informative columns and the weights of the full ranking. TOPSIS
    min-max, AHP ideal and SPOTIS depend on the other rows only through the extremes, VIKOR
    through them and the extremes of S and R, so the others' scores stay as they were and no
    order can flip: None, no removal needs scoring. Likewise when no criterion separates the
    alternatives: without a row that holds no extreme, none does either.
    """
    if not full.weights.any():
        return None
    every = np.arange(X.shape[0], dtype=np.int64)
    used = np.asarray(full.weights)
    columns = used > 0
    method = full.method
    if method is Method.TOPSIS and normalization is Normalization.VECTOR:
        return topsis_vector_scorer(X[:, columns], used[columns], types[columns]), every
    if method is Method.AHP and mode is AhpMode.DISTRIBUTIVE:
        return ahp_distributive_scorer(X, used, types), every
    if method is Method.PROMETHEE:
        return promethee_scorer(X[:, columns], used[columns], types[columns]), every
    if method is Method.VIKOR:
        S = np.asarray(full.intermediates["group_utility"])
        R = np.asarray(full.intermediates["individual_regret"])
        v = 0.5 if full.vikor is None else full.vikor.v
        rows = np.flatnonzero(_near_extreme(S) | _near_extreme(R))
        return vikor_scorer(S, R, tolerance, v), rows
    return None


def _near_extreme(values: FloatArray) -> npt.NDArray[np.bool_]:
    """Entries within rounding noise of the minimum or maximum (pymcdm computes its own S and
    R in another order of operations, so "holds the extreme" is decided with some slack)."""
    slack = 1e-12 * max(1.0, float(np.abs(values).max()))
    return np.asarray(
        (values <= values.min() + slack) | (values >= values.max() - slack), dtype=np.bool_
    )


def _scores_without(
    row: int,
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    method: Method,
    normalization: Normalization,
    mode: AhpMode,
    tolerance: float,
    vikor_v: float = 0.5,
    preferences: Sequence[Preference] | None = None,
) -> FloatArray | None:
    """Scores without alternative `row`, as `rank_alternatives` computes them (None when no
    criterion separates the others, so they all tie)."""
    rest = np.delete(X, row, axis=0)
    chosen = _method_weights(method, w, _informative(rest, tolerance))
    if chosen is None:
        return None
    keep, used = chosen
    labels = ("",) * X.shape[1]
    scores, _ = _score(
        method,
        normalization,
        mode,
        rest,
        used,
        types,
        keep,
        labels,
        tolerance,
        [],
        vikor_v=vikor_v,
        preferences=preferences,
    )
    return scores
