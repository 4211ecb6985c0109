"""The scoring kernels: TOPSIS, AHP, VIKOR, PROMETHEE (flows in `promethee.py`) and SPOTIS
through pymcdm, with the intermediate values each method's explanation shows.

Why one module past 400 lines: the five kernels share one dispatch, one constant-column rule
and one way of keeping pymcdm's warnings out of the terminal; a new method is one more branch
here and one more kernel function, which the architecture page's recipe 1 points at."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pymcdm import normalizations
from pymcdm.methods import SPOTIS, TOPSIS, VIKOR

from prioritizer.core.rank._checks import _finite, _unit_range
from prioritizer.core.rank.promethee import promethee_flows
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import FloatArray
from prioritizer.results.promethee import Preference
from prioritizer.results.ranking import (
    AhpMode,
    Method,
    Normalization,
    VikorCompromise,
)

_LOWER_IS_BETTER = frozenset({Method.VIKOR, Method.SPOTIS})


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
    preferences: Sequence[Preference] | None = None,
) -> tuple[FloatArray, dict[str, FloatArray]]:
    if method is Method.TOPSIS:
        return _score_topsis(X, w, types, keep, normalization, notes)
    if method is Method.AHP:
        return _score_ahp(X, w, types, keep, mode, criteria, notes)
    Xk, wk, tk = X[:, keep], w[keep], types[keep]
    if method is Method.VIKOR:
        scores, parts = _score_vikor(Xk, wk, tk, tolerance, notes, vikor_v)
    elif method is Method.PROMETHEE:
        kept = [
            preferences[j] if preferences else Preference() for j in np.flatnonzero(keep).tolist()
        ]
        scores, parts = _score_promethee(Xk, wk, tk, notes, kept)
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
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    notes: list[Phrase],
    preferences: Sequence[Preference],
) -> tuple[FloatArray, dict[str, FloatArray]]:
    warned: list[str] = []

    def run(call: Callable[[], Any]) -> Any:
        result, caught = _run_pymcdm(call)
        warned.extend(caught)
        return result

    plus, minus, per_criterion = promethee_flows(X, w, types, preferences, run)
    notes.extend(_warning_notes("PROMETHEE", sorted(set(warned))))
    return _finite(plus - minus, "PROMETHEE II"), {
        "positive_flow": plus,
        "negative_flow": minus,
        "contributions": per_criterion,
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


def _tied(a: float, b: float, tolerance: float) -> bool:
    gap = abs(a - b)
    return gap <= tolerance or gap <= tolerance * max(abs(a), abs(b))
