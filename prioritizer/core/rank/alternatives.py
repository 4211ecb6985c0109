"""Ranking alternatives by one method: scores, competition ranks with ties, diagnostics; and
the objective weights (entropy, CRITIC, standard deviation) from the decision matrix."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import pairwise
from typing import TypedDict

import numpy as np
import numpy.typing as npt

from prioritizer.core.rank._checks import (
    _constant_note,
    _informative,
    _method_weights,
    _require_non_negative,
    _validate,
)
from prioritizer.core.rank._methods import (
    _LOWER_IS_BETTER,
    _neutral_intermediates,
    _neutral_score,
    _score,
    _tied,
    _vikor_v,
    vikor_compromise,
)
from prioritizer.core.rank.promethee import partial_order
from prioritizer.errors import InvalidMatrix, choice
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import FloatArray
from prioritizer.results.promethee import Preference
from prioritizer.results.ranking import (
    AhpMode,
    Method,
    Normalization,
    Ranking,
)

TIE_TOLERANCE = 1e-9
"""Default tie tolerance of a ranking: scores this close (absolutely or relatively) tie."""


class RankOptions(TypedDict, total=False):
    """The keyword options of `rank_alternatives`, for callers that pass them on as given."""

    method: Method | str
    normalization: Normalization | str
    ahp_mode: AhpMode | str
    tolerance: float
    vikor_v: float
    preferences: Sequence[Preference] | None


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
    tolerance: float = TIE_TOLERANCE,
    vikor_v: float = 0.5,
    preferences: Sequence[Preference] | None = None,
) -> Ranking:
    """Score and rank the alternatives (rows of `matrix`) with one method; rank 1 is best.

    Why: the one entry point the analysis uses; it validates (InvalidMatrix names the field,
    row and column), drops uninformative criteria (see the module docstring), keeps pymcdm's
    quirks and warnings away from the user and reports ties: scores within `tolerance`
    (absolute, or relative to the larger score) share a rank, chained along the sorted order.
    `normalization` applies to TOPSIS only, `ahp_mode` to AHP only and `vikor_v` (the weight
    of the majority's strategy, 0..1) to VIKOR only, which also reports its acceptance
    conditions and compromise set (`Ranking.vikor`). `preferences` (one per criterion, usual
    when None) apply to PROMETHEE only, which scores by the net flow (PROMETHEE II) and reports
    PROMETHEE I's partial order (`Ranking.promethee`). VIKOR (linear normalisation) and SPOTIS
    (bounds = each criterion's observed min and max, ideal point = the best bound) use pymcdm's
    defaults.
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
    chosen = choice(Method, method, "method")
    norm = choice(Normalization, normalization, "normalization")
    mode = choice(AhpMode, ahp_mode, "ahp_mode")
    v = _vikor_v(vikor_v)
    X, w, t, id_tuple, criteria_tuple = _validate(matrix, weights, types, ids, criteria, tolerance)
    prefs = _preferences(preferences, len(criteria_tuple))
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
            chosen,
            norm,
            mode,
            X,
            used,
            t,
            keep,
            criteria_tuple,
            tolerance,
            notes,
            vikor_v=v,
            preferences=prefs,
        )

    ranks, tie_rows = _competition_ranks(scores, higher_is_better, tolerance)
    compromise = None
    if chosen is Method.VIKOR and n > 1:
        compromise = vikor_compromise(id_tuple, scores, ranks, intermediates, v, tolerance)
    order = None
    if chosen is Method.PROMETHEE and "positive_flow" in intermediates:
        plus, minus = intermediates["positive_flow"], intermediates["negative_flow"]
        order = partial_order(id_tuple, plus, minus, prefs, tolerance)
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
        promethee=order,
    )


def _preferences(given: Sequence[Preference] | None, m: int) -> tuple[Preference, ...]:
    """One preference function per criterion (usual for all when none are given)."""
    if given is None:
        return (Preference(),) * m
    if len(given) != m:
        raise InvalidMatrix(
            "preferences",
            expected=phrase("one preference function per criterion ({count})", count=m),
            got=len(given),
        )
    return tuple(given)


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
