"""Rank alternatives: TOPSIS through pymcdm, AHP synthesis, and VIKOR/PROMETHEE II/SPOTIS.

The only module that imports pymcdm. `rank_alternatives` validates the problem first (raising
InvalidMatrix), leaves out criteria that do not separate the alternatives, calls pymcdm with
`validation=False`, turns anything pymcdm warns into a sentence in `Ranking.diagnostics`, and
returns a Ranking with tolerance-based ties and explanations. `topsis_closeness` is the bare,
vectorised TOPSIS kernel for callers that score thousands of weight vectors (SMAA).

Notation (DESIGN.md): X is the decision matrix (alternatives x criteria), w the criteria
weights, types +1 for a benefit criterion and -1 for a cost criterion.

Criteria that carry no information. A column whose values are all equal (relative spread
max - min <= tolerance * max |x|, so an all-zero column too) cannot separate the alternatives.
A diagnostic names it. Except in AHP, it is left out before the method runs, its weight set to
0 and the others rescaled to sum 1. TOPSIS closeness and VIKOR Q are the same as if the column
were kept with no effect (both ignore a common scale of the weights, and the column adds no
distance or regret); vector normalisation is spared the 0/0 of an all-zero column, and VIKOR
and SPOTIS a zero range they cannot divide by; PROMETHEE and SPOTIS scores are rescaled but
keep their order. AHP keeps the column with its weight: it adds the same local priority to
everyone, and rescaling would let a higher cost raise a score (an alternative whose other
scores are low gains when the column stops being constant). When no
criterion with positive weight is left, every alternative ties at rank 1 with the method's
neutral score (TOPSIS 0.5, AHP 1/n distributive or 1 ideal, VIKOR 0, PROMETHEE 0, SPOTIS 0).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from pymcdm import correlations, normalizations
from pymcdm.methods import PROMETHEE_II, SPOTIS, TOPSIS, VIKOR

from prioritizer.core.reversal import (
    Scorer,
    ahp_distributive_scorer,
    promethee_scorer,
    reversed_pairs,
    topsis_vector_scorer,
    unique_extreme_rows,
    vikor_scorer,
)
from prioritizer.errors import InvalidMatrix, SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.ranking import (
    AhpMode,
    Method,
    Normalization,
    Ranking,
    RankReversal,
    VikorCompromise,
)

__all__ = [
    "AhpMode",
    "Method",
    "Normalization",
    "ahp_local_priorities",
    "objective_weights",
    "rank_alternatives",
    "rank_reversal_check",
    "rank_similarity",
    "topsis_closeness",
    "vikor_compromise",
    "weighted_spearman",
]

FloatArray = npt.NDArray[np.float64]
_LOWER_IS_BETTER = frozenset({Method.VIKOR, Method.SPOTIS})
_E = TypeVar("_E", Method, Normalization, AhpMode)


# ---------------------------------------------------------------------------------------------
# Kernels: no validation, no pymcdm.
# ---------------------------------------------------------------------------------------------


def topsis_closeness(
    X: FloatArray,
    W: FloatArray,
    types: npt.NDArray[Any],
    normalization: Normalization = Normalization.VECTOR,
) -> FloatArray:
    """TOPSIS relative closeness D⁻ / (D⁺ + D⁻) for one weight vector or many at once.

    Why: SMAA scores 10,000 weight samples; the weighted step is one matrix product
    (W² @ gaps²ᵀ), not a loop. No validation: X (n x m) finite, W (m,) or (S, m) non-negative,
    types ±1. Returns (n,) or (S, n). A constant or all-zero column adds no distance; where
    D⁺ + D⁻ = 0 (nothing separates the alternatives) the closeness is 0.5.

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer (TOPSIS).
    """
    gaps_ideal, gaps_anti = _topsis_gaps(X, types, normalization)
    squared = np.square(np.asarray(W, dtype=np.float64))
    d_ideal = np.sqrt(squared @ gaps_ideal.T)
    d_anti = np.sqrt(squared @ gaps_anti.T)
    return _closeness(d_ideal, d_anti)


def ahp_local_priorities(
    X: FloatArray, types: npt.NDArray[Any], mode: AhpMode = AhpMode.DISTRIBUTIVE
) -> FloatArray:
    """Local priorities of the alternatives under each criterion, from the matrix columns.

    Why: AHP "ratings" synthesis needs each column turned into priorities on a ratio scale.
    Distributive mode divides a benefit column by its sum and a cost column's reciprocals 1/x
    by their sum (a cost twice as high gets half the priority); ideal mode divides by the best
    value (x / max x for a benefit, min x / x for a cost). A cost of 0 is the limit x → 0: the
    zero-cost alternatives share the whole priority (distributive) or get 1 (ideal) and the
    others 0. A column with no positive benefit gives every alternative 1/n (or 1 in ideal
    mode). No validation: X must be finite and non-negative.

    References
    ----------
    Saaty, T. L. (1994). Fundamentals of Decision Making and Priority Theory with the Analytic
    Hierarchy Process. RWS Publications (distributive and ideal modes).
    Belton, V., & Gear, T. (1983). On a short-coming of Saaty's method of analytic
    hierarchies. Omega, 11(3), 228-230 (the ideal mode's origin).
    Millet, I., & Saaty, T. L. (2000). On the relativity of relative measures: accommodating
    both rank preservation and rank reversals in the AHP. European Journal of Operational
    Research, 121(1), 205-212.
    """
    n, m = X.shape
    local = np.empty((n, m), dtype=np.float64)
    for j in range(m):
        local[:, j] = _local_priority(X[:, j], bool(types[j] > 0), AhpMode(mode))
    return local


def _local_priority(column: FloatArray, benefit: bool, mode: AhpMode) -> FloatArray:
    n = column.shape[0]
    neutral = np.full(n, 1.0 / n if mode is AhpMode.DISTRIBUTIVE else 1.0)
    if benefit:
        base = float(column.sum() if mode is AhpMode.DISTRIBUTIVE else column.max())
        return column / base if base > 0 else neutral
    zero = column == 0
    if zero.any():
        limit = zero.astype(np.float64)
        return np.asarray(limit / limit.sum() if mode is AhpMode.DISTRIBUTIVE else limit)
    if mode is AhpMode.DISTRIBUTIVE:
        inverse = 1.0 / column
        return np.asarray(inverse / inverse.sum(), dtype=np.float64)
    return np.asarray(column.min() / column, dtype=np.float64)


def _topsis_normalize(
    X: FloatArray, types: npt.NDArray[Any], normalization: Normalization
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Normalised matrix R (direction of the raw data kept) with its ideal and anti-ideal rows.

    Vector: x / ||x||; min-max: (x - min) / (max - min). The ideal is the column max for a
    benefit and the min for a cost (Hwang & Yoon's convention), so distances equal pymcdm's,
    which flips cost columns instead. An all-zero (vector) or constant (min-max) column
    normalises to 0.
    """
    if normalization is Normalization.VECTOR:
        scale = np.sqrt(np.square(X).sum(axis=0))
        shifted = X
    else:
        low = X.min(axis=0)
        scale = X.max(axis=0) - low
        shifted = X - low
    R = np.divide(shifted, scale, out=np.zeros_like(X, dtype=np.float64), where=scale > 0)
    benefit = np.asarray(types) > 0
    ideal = np.where(benefit, R.max(axis=0), R.min(axis=0))
    anti = np.where(benefit, R.min(axis=0), R.max(axis=0))
    return R, ideal, anti


def _topsis_gaps(
    X: FloatArray, types: npt.NDArray[Any], normalization: Normalization
) -> tuple[FloatArray, FloatArray]:
    """Squared unweighted gaps (r_ij - r⁺_j)² and (r_ij - r⁻_j)²; w ≥ 0 scales them by w_j²."""
    R, ideal, anti = _topsis_normalize(X, types, normalization)
    return np.square(R - ideal), np.square(R - anti)


def _closeness(d_ideal: FloatArray, d_anti: FloatArray) -> FloatArray:
    total = d_ideal + d_anti
    return np.divide(d_anti, total, out=np.full_like(total, 0.5), where=total > 0)


def _topsis_explanation(
    X: FloatArray, w: FloatArray, types: npt.NDArray[Any], normalization: Normalization
) -> dict[str, FloatArray]:
    """TOPSIS intermediates: the same gaps as the kernel, kept per criterion."""
    R, ideal, anti = _topsis_normalize(X, types, normalization)
    squared = np.square(w)
    terms_ideal = squared * np.square(R - ideal)
    terms_anti = squared * np.square(R - anti)
    sq_ideal = terms_ideal.sum(axis=1)
    sq_anti = terms_anti.sum(axis=1)
    return {
        "normalized": R,
        "weighted_normalized": R * w,
        "ideal": ideal * w,
        "anti_ideal": anti * w,
        "distance_ideal": np.sqrt(sq_ideal),
        "distance_anti_ideal": np.sqrt(sq_anti),
        "share_ideal": _row_shares(terms_ideal, sq_ideal),
        "share_anti_ideal": _row_shares(terms_anti, sq_anti),
        "contributions": terms_anti - terms_ideal,
    }


def _row_shares(terms: FloatArray, totals: FloatArray) -> FloatArray:
    column = totals[:, None]
    return np.divide(terms, column, out=np.zeros_like(terms), where=column > 0)


# ---------------------------------------------------------------------------------------------
# Public adapter.
# ---------------------------------------------------------------------------------------------


def rank_alternatives(
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
) -> Ranking:
    """Score and rank the alternatives (rows of `matrix`) with one method; rank 1 is best.

    Why: the one entry point the analysis uses; it validates (InvalidMatrix names the field,
    row and column), drops uninformative criteria (see the module docstring), keeps pymcdm's
    quirks and warnings away from the user and reports ties: scores within `tolerance`
    (absolute, or relative to the larger score) share a rank, chained along the sorted order.
    `normalization` applies to TOPSIS only, `ahp_mode` to AHP only and `vikor_v` (the weight
    of the majority's strategy, 0..1) to VIKOR only, which also reports its acceptance
    conditions and compromise set (`Ranking.vikor`). VIKOR (linear normalisation), PROMETHEE
    II (usual preference function) and SPOTIS (bounds = each criterion's observed min and max,
    ideal point = the best bound) use pymcdm's defaults.
    Bounds taken from the data depend on which alternatives are present, so SPOTIS here is
    not rank-reversal free as it is with fixed, externally given bounds.

    References
    ----------
    Hwang, C.-L., & Yoon, K. (1981). Multiple Attribute Decision Making: Methods and
    Applications. Springer (TOPSIS).
    Saaty, T. L. (1994). Fundamentals of Decision Making and Priority Theory with the Analytic
    Hierarchy Process. RWS Publications (AHP synthesis, distributive and ideal modes).
    Opricovic, S., & Tzeng, G.-H. (2004). Compromise solution by MCDM methods: a comparative
    analysis of VIKOR and TOPSIS. European Journal of Operational Research, 156(2), 445-455.
    Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method: the
    PROMETHEE method for MCDM. Management Science, 31(6), 647-656.
    Dezert, J., Tchamova, A., Han, D., & Tacnet, J.-M. (2020). The SPOTIS rank reversal free
    method for multi-criteria decision-making support. FUSION 2020, IEEE, 1-8.
    Shekhovtsov, A. (2023). pymcdm: the universal library for solving multi-criteria
    decision-making problems. SoftwareX, 22, 101368.
    """
    chosen = _parse_enum(Method, method, "method")
    norm = _parse_enum(Normalization, normalization, "normalization")
    mode = _parse_enum(AhpMode, ahp_mode, "ahp_mode")
    v = _vikor_v(vikor_v)
    X, w, t, id_tuple, criteria_tuple = _validate(matrix, weights, types, ids, criteria, tolerance)
    if chosen is Method.AHP:
        _require_non_negative(X)

    n, m = X.shape
    informative = _informative(X, tolerance)
    notes: list[Phrase] = [
        _constant_note(criteria_tuple[j], X[:, j], chosen)
        for j in range(m)
        if n > 1 and not informative[j]
    ]
    chosen_weights = _method_weights(chosen, w, informative)
    higher_is_better = chosen not in _LOWER_IS_BETTER

    if chosen_weights is None:
        notes.append(
            phrase("There is only one alternative, so it ranks 1.")
            if n == 1
            else phrase(
                "No criterion with a positive weight separates the alternatives, "
                "so all of them share rank 1."
            )
        )
        used = np.zeros(m)
        scores = np.full(n, _neutral_score(chosen, mode, n))
        intermediates = _neutral_intermediates(chosen, norm, mode, X, t)
    else:
        keep, used = chosen_weights
        scores, intermediates = _score(
            chosen, norm, mode, X, used, t, keep, criteria_tuple, tolerance, notes, vikor_v=v
        )

    ranks, tie_rows = _competition_ranks(scores, higher_is_better, tolerance)
    compromise = None
    if chosen is Method.VIKOR and n > 1:
        compromise = vikor_compromise(id_tuple, scores, ranks, intermediates, v, tolerance)
    return Ranking(
        method=chosen,
        normalization=norm if chosen is Method.TOPSIS else None,
        ahp_mode=mode if chosen is Method.AHP else None,
        ids=id_tuple,
        criteria=criteria_tuple,
        weights=used,
        scores=scores,
        ranks=ranks,
        higher_is_better=higher_is_better,
        ties=tuple(tuple(id_tuple[i] for i in group) for group in tie_rows),
        intermediates=intermediates,
        diagnostics=tuple(notes),
        vikor=compromise,
    )


def vikor_compromise(
    ids: Sequence[str],
    Q: FloatArray,
    ranks: npt.NDArray[np.int64],
    intermediates: Mapping[str, FloatArray],
    v: float,
    tolerance: float,
) -> VikorCompromise:
    """VIKOR's acceptable advantage and acceptable stability for the alternative of least Q,
    and the compromise set (see `VikorCompromise`; ties keep the ranking's order)."""
    order = np.lexsort((np.arange(len(Q)), ranks))
    first, second = int(order[0]), int(order[1])
    dq = 1.0 / (len(Q) - 1)
    S = np.asarray(intermediates.get("group_utility", Q))
    R = np.asarray(intermediates.get("individual_regret", Q))
    advantage = float(Q[second] - Q[first]) >= dq - tolerance
    stability = bool(
        S[first] <= S.min() + tolerance * max(1.0, abs(float(S.min())))
        or R[first] <= R.min() + tolerance * max(1.0, abs(float(R.min())))
    )
    if not advantage:
        chosen = [int(i) for i in order if float(Q[i] - Q[first]) < dq - tolerance]
    elif not stability:
        chosen = [first, second]
    else:
        chosen = [first]
    return VikorCompromise(v, dq, advantage, stability, tuple(ids[i] for i in chosen))


def _vikor_v(value: float) -> float:
    """The weight of VIKOR's majority strategy, checked to lie in 0..1."""
    v = float(value)
    if not 0.0 <= v <= 1.0:
        raise InvalidMatrix("vikor_v", expected=phrase("a number from 0 to 1"), got=value)
    return v


def objective_weights(matrix: npt.ArrayLike, kind: str) -> FloatArray:
    """Weights from the data alone: ``entropy``, ``critic`` or ``std`` (pymcdm's
    `entropy_weights`, `critic_weights`, `standard_deviation_weights`), for a matrix of
    alternatives x criteria; InvalidMatrix when the data cannot give them (no criterion varies;
    entropy of a negative value).

    References
    ----------
    Shannon, C. E. (1948), as used for criteria weights by Zeleny, M. (1982). Multiple
    Criteria Decision Making. McGraw-Hill (entropy).
    Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective weights in
    multiple criteria problems: the CRITIC method. Computers & Operations Research, 22(7),
    763-770.
    """
    from pymcdm import weights as methods

    X = np.asarray(matrix, dtype=np.float64)
    functions = {
        "entropy": methods.entropy_weights,
        "critic": methods.critic_weights,
        "std": methods.standard_deviation_weights,
    }
    if kind not in functions:
        raise InvalidMatrix("weights", expected=phrase("entropy, critic or std"), got=kind)
    if kind == "entropy" and np.any(X < 0):
        raise InvalidMatrix(
            "weights", expected=phrase("values >= 0 for entropy weights"), got=float(X.min())
        )
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = np.asarray(functions[kind](X), dtype=np.float64)
    if X.shape[0] < 2 or not np.all(np.isfinite(found)) or found.sum() <= 0:
        raise InvalidMatrix(
            "weights",
            expected=phrase("criteria whose values vary across two or more alternatives"),
            got=kind,
        )
    return np.asarray(found / found.sum(), dtype=np.float64)


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
) -> tuple[RankReversal, ...]:
    """Remove each alternative in turn and report the pairs of the others whose order flips.

    Why: TOPSIS, AHP in distributive mode and PROMETHEE can reorder two alternatives when a
    third one is dropped; a planner should know before cutting a candidate list. Only strict
    flips count (a tie that appears or breaks is not a reversal). The result is what ranking
    each reduced problem with `rank_alternatives` gives, without n validated re-rankings: the
    few removals that change a column's minimum or maximum are ranked again exactly; the
    others are scored together by the vectorised kernels of `prioritizer.core.reversal` (TOPSIS
    with vector normalisation, AHP distributive, PROMETHEE II, and VIKOR when the removed one
    holds an extreme S or R), or skipped where they cannot change any other score (TOPSIS
    min-max, AHP ideal, SPOTIS, the rest of VIKOR). `reversed_pairs` lists (a, b) in the
    order of the input rows, and the reversals follow the order of the removed alternatives.

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
    )
    if len(full.ids) < 3:
        return ()
    X, w, t, _, _ = _validate(matrix, weights, types, ids, criteria, tolerance)
    norm = _parse_enum(Normalization, normalization, "normalization")
    mode = _parse_enum(AhpMode, ahp_mode, "ahp_mode")
    found: dict[int, npt.NDArray[np.int64]] = {}
    for removed, scores in _leave_one_out(full, X, w, t, norm, mode, tolerance):
        flips = reversed_pairs(
            full.ranks,
            removed,
            scores,
            higher_is_better=full.higher_is_better,
            tolerance=tolerance,
        )
        found.update(flips)
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
        method, normalization, mode, rest, used, types, keep, labels, tolerance, [], vikor_v=vikor_v
    )
    return scores


def weighted_spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """Weighted Spearman r_w between two rank vectors (1 for a single alternative).

    References
    ----------
    Pinto da Costa, J., & Soares, C. (2005). A weighted rank measure of correlation.
    Australian & New Zealand Journal of Statistics, 47(4), 515-529.
    """
    return _correlation(correlations.weighted_spearman, x, y)


def rank_similarity(reference: npt.ArrayLike, other: npt.ArrayLike) -> float:
    """WS rank similarity of `other` to `reference` (1 for a single alternative).

    References
    ----------
    Sałabun, W., & Urbaniak, K. (2020). A new coefficient of rankings similarity in
    decision-making problems. In Computational Science - ICCS 2020, Springer, 632-645.
    """
    return _correlation(correlations.rank_similarity_coef, reference, other)


def _correlation(
    function: Callable[[FloatArray, FloatArray], Any], x: npt.ArrayLike, y: npt.ArrayLike
) -> float:
    first = np.asarray(x, dtype=np.float64)
    second = np.asarray(y, dtype=np.float64)
    if first.shape[0] < 2:
        return 1.0
    value, warned = _run_pymcdm(lambda: function(first, second))
    if warned:
        raise SolverFailure(
            phrase("pymcdm could not compare the rankings: {reason}", reason="; ".join(warned))
        )
    if not np.isfinite(value):
        raise SolverFailure(
            phrase("pymcdm could not compare the rankings: the coefficient is not a number")
        )
    return float(value)


# ---------------------------------------------------------------------------------------------
# Methods (reduced to the informative criteria where pymcdm needs it).
# ---------------------------------------------------------------------------------------------


def _score(
    method: Method,
    normalization: Normalization,
    mode: AhpMode,
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    criteria: tuple[str, ...],
    tolerance: float,
    notes: list[Phrase],
    *,
    vikor_v: float = 0.5,
) -> tuple[FloatArray, dict[str, FloatArray]]:
    if method is Method.TOPSIS:
        return _score_topsis(X, w, types, keep, normalization, notes)
    if method is Method.AHP:
        return _score_ahp(X, w, types, keep, mode, criteria, notes)
    Xk, wk, tk = X[:, keep], w[keep], types[keep]
    if method is Method.VIKOR:
        scores, parts = _score_vikor(Xk, wk, tk, tolerance, notes, vikor_v)
    elif method is Method.PROMETHEE:
        scores, parts = _score_promethee(Xk, wk, tk, notes)
    else:
        scores, parts = _score_spotis(Xk, wk, tk, notes)
        parts["lower_bound"] = X.min(axis=0)
        parts["upper_bound"] = X.max(axis=0)
        parts["ideal"] = np.where(types > 0, X.max(axis=0), X.min(axis=0))
    for name in ("weighted_normalized", "contributions"):
        if name in parts:
            full = np.zeros(X.shape)
            full[:, keep] = parts[name]
            parts[name] = full
    return scores, parts


def _score_topsis(
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    normalization: Normalization,
    notes: list[Phrase],
) -> tuple[FloatArray, dict[str, FloatArray]]:
    function = (
        normalizations.vector_normalization
        if normalization is Normalization.VECTOR
        else normalizations.minmax_normalization
    )
    body = TOPSIS(normalization_function=function)
    Xk, wk, tk = X[:, keep], w[keep], types[keep]
    scores, warned = _run_pymcdm(lambda: body(Xk, wk, tk, validation=False))
    notes.extend(_warning_notes("TOPSIS", warned))
    return _finite(scores, "TOPSIS"), _topsis_explanation(X, w, types, normalization)


def _score_ahp(
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    keep: npt.NDArray[np.bool_],
    mode: AhpMode,
    criteria: tuple[str, ...],
    notes: list[Phrase],
) -> tuple[FloatArray, dict[str, FloatArray]]:
    for j in np.flatnonzero(keep & (types < 0)):
        zeros = int((X[:, j] == 0).sum())
        if zeros:
            notes.append(
                phrase(
                    "Criterion '{criterion}' is a cost and {zeros} alternative(s) score 0 on it; "
                    "AHP synthesis gives them that criterion's whole local priority "
                    "(the limit of 1/x as x approaches 0).",
                    criterion=criteria[j],
                    zeros=zeros,
                )
            )
    local = ahp_local_priorities(X, types, mode)
    weighted = local * w
    return weighted.sum(axis=1), {
        "local_priorities": local,
        "weighted_normalized": weighted,
        "contributions": weighted,
    }


def _score_vikor(
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    tolerance: float,
    notes: list[Phrase],
    v: float = 0.5,
) -> tuple[FloatArray, dict[str, FloatArray]]:
    best = np.where(types > 0, X.max(axis=0), X.min(axis=0))
    worst = np.where(types > 0, X.min(axis=0), X.max(axis=0))
    regrets = w * (best - X) / (best - worst)
    S = regrets.sum(axis=1)
    R = regrets.max(axis=1)
    flat_s = _tied(float(S.max()), float(S.min()), tolerance)
    flat_r = _tied(float(R.max()), float(R.min()), tolerance)
    if flat_s or flat_r:
        # pymcdm divides by max - min of S and R; a flat one would give 0/0 for every Q.
        notes.append(_vikor_flat_note(flat_s, flat_r))
        Q = v * _unit_range(S, flat_s) + (1 - v) * _unit_range(R, flat_r)
    else:
        body = VIKOR(v=v)
        Q, warned = _run_pymcdm(lambda: body(X, w, types, validation=False))
        notes.extend(_warning_notes("VIKOR", warned))
    parts = {
        "group_utility": S,
        "individual_regret": R,
        "weighted_normalized": regrets,
        "contributions": -regrets,
    }
    return _finite(Q, "VIKOR"), parts


def _score_promethee(
    X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64], notes: list[Phrase]
) -> tuple[FloatArray, dict[str, FloatArray]]:
    body = PROMETHEE_II("usual")
    flows, warned = _run_pymcdm(lambda: body(X, w, types, validation=False))
    notes.extend(_warning_notes("PROMETHEE II", warned))
    n = X.shape[0]
    # Usual criterion: P_j(a, b) = 1 if a beats b on j, so P_j(a, b) - P_j(b, a) = sign.
    signs = np.sign((X[:, None, :] - X[None, :, :]) * types)
    per_criterion = signs.sum(axis=1) / (n - 1)
    return _finite(flows, "PROMETHEE II"), {
        "positive_flow": ((signs > 0) * w).sum(axis=(1, 2)) / (n - 1),
        "negative_flow": ((signs < 0) * w).sum(axis=(1, 2)) / (n - 1),
        "contributions": per_criterion * w,
    }


def _score_spotis(
    X: FloatArray, w: FloatArray, types: npt.NDArray[np.int64], notes: list[Phrase]
) -> tuple[FloatArray, dict[str, FloatArray]]:
    low, high = X.min(axis=0), X.max(axis=0)
    body = SPOTIS(np.column_stack((low, high)))
    scores, warned = _run_pymcdm(lambda: body(X, w, types, validation=False))
    notes.extend(_warning_notes("SPOTIS", warned))
    ideal = np.where(types > 0, high, low)
    weighted = w * np.abs(X - ideal) / (high - low)
    return _finite(scores, "SPOTIS"), {
        "weighted_normalized": weighted,
        "contributions": -weighted,
    }


def _run_pymcdm(call: Callable[[], Any]) -> tuple[Any, list[str]]:
    """Call pymcdm, keeping the text of every warning it emits instead of printing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [str(item.message).strip() for item in caught]


def _warning_notes(label: str, warned: list[str]) -> list[Phrase]:
    """pymcdm's warnings as notes of the ranking (the warning as pymcdm wrote it, in English)."""
    return [phrase("pymcdm ({method}) warned: {text}", method=label, text=text) for text in warned]


def _finite(scores: Any, label: str) -> FloatArray:
    values = np.asarray(scores, dtype=np.float64)
    if not np.all(np.isfinite(values)):
        raise SolverFailure(
            phrase("pymcdm returned a score that is not a number for {method}.", method=label)
        )
    return values


def _unit_range(values: FloatArray, flat: bool) -> FloatArray:
    if flat:
        return np.zeros_like(values)
    return np.asarray((values - values.min()) / float(values.max() - values.min()))


def _vikor_flat_note(flat_s: bool, flat_r: bool) -> Phrase:
    if flat_s and flat_r:
        return phrase(
            "VIKOR: group utility S and individual regret R are the same for every "
            "alternative, so all share Q = 0."
        )
    if flat_s:
        return phrase(
            "VIKOR: group utility S is the same for every alternative, so Q ranks by regret R."
        )
    return phrase("VIKOR: individual regret R is the same for every alternative, so Q ranks by S.")


def _neutral_intermediates(
    method: Method,
    normalization: Normalization,
    mode: AhpMode,
    X: FloatArray,
    types: npt.NDArray[np.int64],
) -> dict[str, FloatArray]:
    """Explanations when no criterion can be used: every weighted term is 0."""
    zeros = np.zeros(X.shape)
    if method is Method.TOPSIS:
        return _topsis_explanation(X, zeros[0], types, normalization)
    parts = {"contributions": zeros}
    if method is Method.AHP:
        parts["local_priorities"] = ahp_local_priorities(X, types, mode)
    if method is not Method.PROMETHEE:
        parts["weighted_normalized"] = zeros
    return parts


def _neutral_score(method: Method, mode: AhpMode, n: int) -> float:
    if method is Method.TOPSIS:
        return 0.5
    if method is Method.AHP:
        return 1.0 / n if mode is AhpMode.DISTRIBUTIVE else 1.0
    return 0.0


# ---------------------------------------------------------------------------------------------
# Ties.
# ---------------------------------------------------------------------------------------------


def _competition_ranks(
    scores: FloatArray, higher_is_better: bool, tolerance: float
) -> tuple[npt.NDArray[np.int64], list[list[int]]]:
    """Competition ranks (1, 2, 2, 4) and the tie groups (row indices, input order)."""
    key = -scores if higher_is_better else scores
    order = [int(i) for i in np.argsort(key, kind="stable")]
    groups: list[list[int]] = [[order[0]]]
    for previous, current in pairwise(order):
        if _tied(float(scores[previous]), float(scores[current]), tolerance):
            groups[-1].append(current)
        else:
            groups.append([current])
    ranks = np.empty(len(scores), dtype=np.int64)
    position = 1
    for group in groups:
        ranks[group] = position
        position += len(group)
    return ranks, [sorted(group) for group in groups if len(group) > 1]


def _tied(a: float, b: float, tolerance: float) -> bool:
    gap = abs(a - b)
    return gap <= tolerance or gap <= tolerance * max(abs(a), abs(b))


# ---------------------------------------------------------------------------------------------
# Validation.
# ---------------------------------------------------------------------------------------------


def _parse_enum(kind: type[_E], value: object, field: str) -> _E:
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise InvalidMatrix(
            field, expected=phrase("one of {allowed}", allowed=allowed), got=value
        ) from None


def _validate(
    matrix: npt.ArrayLike,
    weights: npt.ArrayLike,
    types: npt.ArrayLike,
    ids: Sequence[str],
    criteria: Sequence[str],
    tolerance: float,
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64], tuple[str, ...], tuple[str, ...]]:
    X = _as_float(matrix, "matrix")
    if X.ndim != 2:
        raise InvalidMatrix(
            "matrix", expected=phrase("a 2-D array (alternatives x criteria)"), got=X.shape
        )
    n, m = X.shape
    if n < 1:
        raise InvalidMatrix(
            "matrix", expected=phrase("at least one alternative (row)"), got=X.shape
        )
    if m < 1:
        raise InvalidMatrix(
            "matrix", expected=phrase("at least one criterion (column)"), got=X.shape
        )
    bad = np.argwhere(~np.isfinite(X))
    if bad.size:
        row, column = (int(k) for k in bad[0])
        raise InvalidMatrix(
            "matrix",
            expected=phrase("a finite number"),
            got=float(X[row, column]),
            row=row,
            column=column,
        )

    w = _as_float(weights, "weights")
    if w.shape != (m,):
        raise InvalidMatrix(
            "weights",
            expected=phrase("{count} weights, one per criterion", count=m),
            got=w.tolist(),
        )
    for j, value in enumerate(w):
        if not np.isfinite(value) or value < 0:
            raise InvalidMatrix(
                "weights", expected=phrase("a finite number >= 0"), got=float(value), column=j
            )
    total = float(w.sum())
    if not total > 0:
        raise InvalidMatrix("weights", expected=phrase("a positive sum"), got=total)

    t_raw = np.asarray(types, dtype=object)
    if t_raw.shape != (m,):
        raise InvalidMatrix(
            "types",
            expected=phrase("{count} types, one per criterion", count=m),
            got=t_raw.tolist(),
        )
    t = np.empty(m, dtype=np.int64)
    for j, value in enumerate(t_raw):
        if isinstance(value, bool) or value not in (1, -1):
            raise InvalidMatrix(
                "types", expected=phrase("+1 (benefit) or -1 (cost)"), got=value, column=j
            )
        t[j] = int(value)

    id_tuple = _labels(ids, n, "ids", phrase("{count} names, one per alternative", count=n))
    criteria_tuple = _labels(
        criteria, m, "criteria", phrase("{count} names, one per criterion", count=m)
    )
    if not (np.isfinite(tolerance) and tolerance >= 0):
        raise InvalidMatrix("tolerance", expected=phrase("a finite number >= 0"), got=tolerance)
    return X, w / total, t, id_tuple, criteria_tuple


def _as_float(values: npt.ArrayLike, field: str) -> FloatArray:
    try:
        return np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrix(field, expected=phrase("numbers only"), got=values) from None


def _labels(values: Sequence[str], count: int, field: str, one_each: Phrase) -> tuple[str, ...]:
    """The names, checked: `count` of them (else `one_each` says what was expected), unique."""
    labels = tuple(values)
    if len(labels) != count:
        raise InvalidMatrix(field, expected=one_each, got=list(labels))
    seen: set[str] = set()
    for k, label in enumerate(labels):
        if not isinstance(label, str) or not label:
            raise InvalidMatrix(field, expected=phrase("a non-empty text"), got=label, row=k)
        if label in seen:
            raise InvalidMatrix(field, expected=phrase("unique names"), got=label, row=k)
        seen.add(label)
    return labels


def _require_non_negative(X: FloatArray) -> None:
    bad = np.argwhere(X < 0)
    if bad.size:
        row, column = (int(k) for k in bad[0])
        raise InvalidMatrix(
            "matrix",
            expected=phrase("a number >= 0 (AHP synthesis needs ratio-scale values)"),
            got=float(X[row, column]),
            row=row,
            column=column,
        )


def _informative(X: FloatArray, tolerance: float) -> npt.NDArray[np.bool_]:
    """Which columns separate the alternatives (are not constant within `tolerance`)."""
    return np.array([not _is_constant(X[:, j], tolerance) for j in range(X.shape[1])], dtype=bool)


def _method_weights(
    method: Method, w: FloatArray, informative: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.bool_], FloatArray] | None:
    """The columns the method scores and their weights (sum 1), or None when no criterion with
    a positive weight separates the alternatives. AHP keeps every column (module doc)."""
    used = np.where(informative, w, 0.0)
    if used.sum() <= 0:
        return None
    if method is Method.AHP:  # a constant column adds the same to everyone: keep it (doc)
        return np.ones_like(informative), w / w.sum()
    return informative, used / used.sum()


def _is_constant(column: FloatArray, tolerance: float) -> bool:
    spread = float(column.max() - column.min())
    return spread <= tolerance * float(np.abs(column).max())


def _constant_note(criterion: str, column: FloatArray, method: Method) -> Phrase:
    if method is Method.AHP:
        return phrase(
            "Criterion '{criterion}' has the same value for every alternative, so it cannot "
            "separate them; it adds the same amount to every score.",
            criterion=criterion,
        )
    if not np.any(column):
        return phrase(
            "Criterion '{criterion}' is 0 for every alternative, so it cannot separate them; "
            "it was left out and the other weights rescaled to sum to 1.",
            criterion=criterion,
        )
    return phrase(
        "Criterion '{criterion}' has the same value for every alternative, so it cannot separate "
        "them; it was left out and the other weights rescaled to sum to 1.",
        criterion=criterion,
    )
