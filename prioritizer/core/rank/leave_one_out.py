"""Rank reversal: does removing one alternative change the order of the others?"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Unpack

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank._checks import (
    _finite,
    _informative,
    _method_weights,
    _validate,
)
from prioritizer.core.rank._methods import _score
from prioritizer.core.rank.alternatives import TIE_TOLERANCE, RankOptions, rank_alternatives
from prioritizer.core.rank.extremes import (
    ahp_ideal_scorer,
    spotis_scorer,
    topsis_minmax_scorer,
    vikor_bounds_scorer,
)
from prioritizer.core.rank.reversal import (
    Extremes,
    Scorer,
    _extremes_without,
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
    ranking: Ranking | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    **options: Unpack[RankOptions],
) -> tuple[RankReversal, ...]:
    """Remove each alternative in turn and report the pairs of the others whose order flips.

    Why: TOPSIS, AHP in distributive mode and PROMETHEE can reorder two alternatives when a
    third one is dropped; a planner should know before cutting a candidate list. Only strict
    flips count (a tie that appears or breaks is not a reversal). The result is what ranking
    each reduced problem with `rank_alternatives` gives, without n validated re-rankings: the
    few removals that change which criteria separate the alternatives are ranked again
    exactly; the others are scored together by the vectorised kernels of
    `prioritizer.core.rank.reversal` (TOPSIS with vector normalisation, AHP distributive,
    PROMETHEE II, VIKOR when the removed one holds an extreme S or R) and
    `prioritizer.core.rank.extremes` (TOPSIS min-max, AHP ideal, SPOTIS and VIKOR when it holds
    a column's unique minimum or maximum), or skipped where they cannot change any other score
    (the rest of those four; TOPSIS vector and AHP distributive re-rank the holders of a unique
    extreme exactly). With a tolerance below 1e-10 every scored removal is re-ranked, and
    PROMETHEE with a preference function other than the usual one re-ranks every removal.
    `reversed_pairs` lists (a, b) in the order of the input rows, and the reversals follow the
    order of the removed alternatives.
    `progress` (stage "reversals", removals done, alternatives) is told after each block.
    `options` are those of `rank_alternatives`; a caller that has already ranked the problem
    with them passes that `ranking` (ValueError if its alternatives, criteria, weights or
    options differ; a `Ranking` does not record its tolerance: give the same), so the
    check does not rank it again.

    References
    ----------
    Belton, V., & Gear, T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega, 11(3), 228-230.
    García-Cascales, M. S., & Lamata, M. T. (2012). On rank reversal and TOPSIS method.
    Mathematical and Computer Modelling, 56(5-6), 123-132.
    """
    full = (
        ranking
        if ranking is not None
        else rank_alternatives(matrix, weights, types, ids, criteria, **options)
    )
    tolerance = options.get("tolerance", TIE_TOLERANCE)
    X, w, t, id_tuple, criteria_tuple = _validate(matrix, weights, types, ids, criteria, tolerance)
    if (
        (id_tuple, criteria_tuple) != (full.ids, full.criteria)
        or _other_options(full, options)
        or not _same_weights(full, X, w, tolerance)
    ):
        raise ValueError("`ranking` must rank this problem with these options")
    if len(full.ids) < 3:
        return ()
    found: dict[int, npt.NDArray[np.int64]] = {}
    done, total = 0, len(full.ids)
    if progress is not None:
        progress("reversals", 0, total)
    for removed, scores in _leave_one_out(full, X, w, t, tolerance):
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


def _other_options(full: Ranking, options: RankOptions) -> bool:
    """Whether `options` ask for another ranking than `full` (what it does not record, the
    preference functions, is taken as given); TypeError for a keyword `rank_alternatives` lacks."""
    unknown = sorted(set(options) - RankOptions.__optional_keys__)
    if unknown:
        raise TypeError(f"rank_reversal_check() got unexpected keyword arguments {unknown}")
    asked = {
        "method": (Method, full.method),
        "normalization": (Normalization, full.normalization),
        "ahp_mode": (AhpMode, full.ahp_mode),
    }
    for key, (kind, used) in asked.items():
        given = options.get(key)
        if given is not None and used is not None and choice(kind, given, key) is not used:
            return True
    given_v = options.get("vikor_v")
    return given_v is not None and full.vikor is not None and given_v != full.vikor.v


def _same_weights(full: Ranking, X: FloatArray, w: FloatArray, tolerance: float) -> bool:
    """Whether `full` used the weights these criteria weights give on X (`rank_alternatives`
    keeps the informative columns and rescales them; a ranking made at another tolerance may
    have kept others)."""
    chosen = _method_weights(full.method, w, _informative(X, tolerance))
    used = np.zeros_like(w) if chosen is None else chosen[1]
    return bool(np.allclose(used, full.weights, rtol=1e-12, atol=0.0))


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
    tolerance: float,
) -> Iterator[tuple[npt.NDArray[np.int64], FloatArray]]:
    """Blocks of (removed rows, scores of every alternative without that row), skipping the
    removals that provably leave every other score unchanged (see `rank_reversal_check`)."""
    n = X.shape[0]
    prefs = None if full.promethee is None else full.promethee.preferences
    if prefs is not None and any(p.shape is not PreferenceShape.USUAL for p in prefs):
        for row in range(n):
            yield from _exact(row, X, w, types, full, tolerance, prefs)
        return
    extremes = _extremes_without(X)
    exact = unique_extreme_rows(X, extremes)
    moving = _moving(X, exact, tolerance, extremes)
    kernels = _kernels(full, X, types, tolerance, exact, moving, extremes)
    scored = np.concatenate([np.empty(0, dtype=np.int64), *(rows for _, rows in kernels)])
    again = np.setdiff1d(exact, scored)
    if tolerance < _KERNEL_TOLERANCE:
        again, kernels = np.union1d(again, scored), []
    for row in again.tolist():
        yield from _exact(row, X, w, types, full, tolerance)
    yield from _blocks(kernels, n, full.method.value)


def _blocks(
    kernels: list[tuple[Scorer, npt.NDArray[np.int64]]], n: int, label: str
) -> Iterator[tuple[npt.NDArray[np.int64], FloatArray]]:
    """The kernels' removals and scores in blocks of about `_BLOCK` scores, the small ones of
    several kernels together (each block costs `reversed_pairs` a sort of the full order)."""
    step = max(1, _BLOCK // n)
    rows: list[npt.NDArray[np.int64]] = []
    scores: list[FloatArray] = []
    for scorer, chosen in kernels:
        for first in range(0, chosen.shape[0], step):
            rows.append(chosen[first : first + step])
            scores.append(_finite(scorer(rows[-1]), label))
            if sum(block.shape[0] for block in rows) >= step:
                yield np.concatenate(rows), np.concatenate(scores)
                rows, scores = [], []
    if rows:
        yield np.concatenate(rows), np.concatenate(scores)


def _moving(
    X: FloatArray, rows: npt.NDArray[np.int64], tolerance: float, extremes: Extremes
) -> npt.NDArray[np.int64]:
    """The `rows` whose removal changes which columns are informative (so the weights used):
    `_informative` of the matrix without each, from the columns' `extremes` without it."""
    low, high = extremes[0][rows], extremes[1][rows]
    constant = high - low <= tolerance * np.maximum(np.abs(low), np.abs(high))
    return np.asarray(rows[(constant == _informative(X, tolerance)).any(axis=1)], dtype=np.int64)


def _kernels(
    full: Ranking,
    X: FloatArray,
    types: npt.NDArray[np.int64],
    tolerance: float,
    exact: npt.NDArray[np.int64],
    moving: npt.NDArray[np.int64],
    extremes: Extremes,
) -> list[tuple[Scorer, npt.NDArray[np.int64]]]:
    """The kernels scoring the removals that need no exact re-ranking, each with its rows.

    `exact` are the rows that alone hold some column's minimum or maximum, `moving` those of
    them whose removal changes which columns are informative (hence the weights used): those
    are always re-ranked. Any other removal keeps the informative columns and the weights.
    TOPSIS min-max, AHP ideal and SPOTIS depend on the other rows only through the columns'
    extremes, VIKOR through them and the extremes of S and R, so only `exact` removals and
    (VIKOR) those of an extreme S or R can change anyone's score; the rest are skipped. No
    kernel when no criterion separates the alternatives: without one row, none does either.
    A method without a branch gets none: its `exact` removals are re-ranked and the others
    skipped, which claims that its scores depend on the other rows only through the columns'
    extremes (docs/architecture.md, recipe 1).
    """
    if not full.weights.any():
        return []
    every = np.arange(X.shape[0], dtype=np.int64)
    settled = np.setdiff1d(exact, moving)
    used = np.asarray(full.weights)
    columns = used > 0
    Xu, wu, tu = X[:, columns], used[columns], types[columns]
    bounds = (extremes[0][:, columns], extremes[1][:, columns])
    method = full.method
    if method is Method.TOPSIS and full.normalization is Normalization.VECTOR:
        return [(topsis_vector_scorer(Xu, wu, tu), np.setdiff1d(every, exact))]
    if method is Method.TOPSIS:
        return [(topsis_minmax_scorer(Xu, wu, tu, bounds), settled)]
    if method is Method.AHP and full.ahp_mode is AhpMode.DISTRIBUTIVE:
        return [(ahp_distributive_scorer(X, used, types), np.setdiff1d(every, exact))]
    if method is Method.AHP:
        return [(ahp_ideal_scorer(Xu, wu, tu, bounds), settled)]
    if method is Method.PROMETHEE:
        return [(promethee_scorer(Xu, wu, tu), np.setdiff1d(every, moving))]
    if method is Method.SPOTIS:
        return [(spotis_scorer(Xu, wu, tu, bounds), settled)]
    if method is Method.VIKOR:
        S = np.asarray(full.intermediates["group_utility"])
        R = np.asarray(full.intermediates["individual_regret"])
        v = 0.5 if full.vikor is None else full.vikor.v
        rows = np.flatnonzero(_near_extreme(S) | _near_extreme(R))
        return [
            (vikor_scorer(S, R, tolerance, v), np.setdiff1d(rows, exact)),
            (vikor_bounds_scorer(Xu, wu, tu, bounds, tolerance, v), settled),
        ]
    return []


def _near_extreme(values: FloatArray) -> npt.NDArray[np.bool_]:
    """Entries within rounding noise of the minimum or maximum (pymcdm computes its own S and
    R in another order of operations, so "holds the extreme" is decided with some slack)."""
    slack = 1e-12 * max(1.0, float(np.abs(values).max()))
    return np.asarray(
        (values <= values.min() + slack) | (values >= values.max() - slack), dtype=np.bool_
    )


def _exact(
    row: int,
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    full: Ranking,
    tolerance: float,
    preferences: Sequence[Preference] | None = None,
) -> Iterator[tuple[npt.NDArray[np.int64], FloatArray]]:
    """The scores without alternative `row` as `rank_alternatives` computes them, as a block of
    one (none when no criterion separates the others, so they all tie and nothing flips)."""
    rest = np.delete(X, row, axis=0)
    chosen = _method_weights(full.method, w, _informative(rest, tolerance))
    if chosen is None:
        return
    keep, used = chosen
    scores, _ = _score(
        full.method,
        full.normalization or Normalization.VECTOR,  # read by TOPSIS only
        full.ahp_mode or AhpMode.DISTRIBUTIVE,  # read by AHP only
        rest,
        used,
        types,
        keep,
        ("",) * X.shape[1],
        tolerance,
        [],
        vikor_v=0.5 if full.vikor is None else full.vikor.v,
        preferences=preferences,
    )
    yield np.array([row]), np.insert(scores, row, 0.0)[None, :]
