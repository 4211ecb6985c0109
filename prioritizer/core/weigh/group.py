"""A group's weights: each stakeholder's (AHP judgments or direct points), aggregated by AIJ
(weighted geometric mean of judgments) or AIP (of priorities) with influence, and the spread."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh._checks import _as_matrix, _check_ids
from prioritizer.core.weigh.ahp import ahp_weights, consistent_matrix
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.weights import (
    Aggregation,
    AhpWeights,
    CriterionSpread,
    DirectWeights,
    FloatArray,
    StakeholderWeights,
    WeightSet,
)

PERCENT_TOLERANCE = 1.0
"""Points adding up to 100 ± this look like percentages (33 + 33 + 33 = 99 does)."""


@dataclass(frozen=True, slots=True)
class StakeholderInput:
    """One stakeholder's weighting: a pairwise matrix over the criteria, or direct points.

    `matrix` is ordered like the `ids` given to `aggregate_weights`; `points` maps each
    criterion id to its points. `influence` is any positive number (normalised over the group).
    """

    id: str
    name: str
    influence: float = 1.0
    matrix: npt.ArrayLike | None = None
    points: Mapping[str, float] | None = None

    def __post_init__(self) -> None:
        if (self.matrix is None) == (self.points is None):
            raise InvalidMatrix(
                phrase("stakeholder '{id}'", id=self.id),
                expected=phrase("either a pairwise matrix or direct points (exactly one of them)"),
            )


def weighted_geometric_mean(matrices: FloatArray, influence: FloatArray) -> FloatArray:
    """Elementwise Π_k A_k^λ_k for a stack of matrices (k first) and weights λ summing to 1.

    The only aggregate of reciprocal judgments that is itself reciprocal and keeps the
    unanimity and homogeneity conditions.

    References
    ----------
    Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. Journal of
    Mathematical Psychology, 27(1), 93-102.
    """
    return np.asarray(np.exp(np.tensordot(influence, np.log(matrices), axes=1)), dtype=np.float64)


def compatibility_index(x: FloatArray, y: FloatArray) -> float:
    """Saaty's compatibility index S of two positive priority vectors; 1 when proportional.

    S = (1/n²) Σ_ij (x_i/x_j)(y_j/y_i), which factors as mean(x/y) · mean(y/x). Saaty takes
    S ≤ 1.1 as compatible. Ratios beyond the float range give inf.

    References
    ----------
    Garuti, C., & Salomon, V. A. P. (2011). Compatibility indices between priority vectors.
    International Journal of the Analytic Hierarchy Process, 4(2), 152-160.
    """
    with np.errstate(over="ignore"):
        return float(np.mean(x / y) * np.mean(y / x))


def direct_weights(
    points: Mapping[str, float],
    *,
    ids: Sequence[str] | None = None,
    percent_tolerance: float = PERCENT_TOLERANCE,
) -> DirectWeights:
    """Weights from points on any positive scale: each criterion's share of the total.

    Points may be 0 for a criterion that does not matter, but not negative, not NaN or
    infinite, and not all 0. Points adding up to 100 ± `percent_tolerance` (each ≤ 100) are
    flagged as percentages; they are normalised like any other points. `ids` fixes the order
    and must name exactly the criteria that have points.

    References
    ----------
    Eckenrode, R. T. (1965). Weighting multiple criteria. Management Science, 12(3), 180-192
    (direct rating and point allocation).
    """
    order = _check_ids(tuple(points) if ids is None else ids)
    missing = [criterion for criterion in order if criterion not in points]
    extra = [criterion for criterion in points if criterion not in order]
    if missing or extra:
        raise InvalidMatrix(
            "points",
            expected=phrase("one value for each criterion ({ids})", ids=", ".join(order)),
            got=(
                phrase("missing {ids}", ids=", ".join(missing))
                if missing
                else phrase("unknown {ids}", ids=", ".join(extra))
            ),
        )
    values = np.empty(len(order), dtype=np.float64)
    for index, criterion in enumerate(order):
        value = float(points[criterion])
        if not math.isfinite(value):
            raise InvalidMatrix(
                _points_for(criterion), expected=phrase("a finite number"), got=value, row=index
            )
        if value < 0:
            raise InvalidMatrix(
                _points_for(criterion), expected=phrase("a number ≥ 0"), got=value, row=index
            )
        values[index] = value
    total = float(values.sum())
    if total <= 0:
        raise InvalidMatrix(
            "points", expected=phrase("at least one criterion with more than 0 points"), got=0.0
        )
    percentages = bool(abs(total - 100.0) <= percent_tolerance and values.max() <= 100.0)
    return DirectWeights(
        ids=order,
        points=values,
        weights=values / total,
        looks_like_percentages=percentages,
    )


def restrict(matrix: npt.ArrayLike, ids: Sequence[str], keep_ids: Sequence[str]) -> FloatArray:
    """The sub-matrix of the judgments among `keep_ids` (in that order), taken from `matrix`.

    Used to weigh a subset of the criteria (e.g. the three elements without cost): the
    judgments among the kept criteria are kept as given and the AHP is recomputed on them.

    References
    ----------
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York (priorities of
    a set depend only on the comparisons among its elements).
    """
    all_ids = _check_ids(ids)
    kept = _check_ids(keep_ids)
    unknown = [criterion for criterion in kept if criterion not in all_ids]
    if unknown:
        raise InvalidMatrix(
            phrase("criteria to keep"),
            expected=phrase("criteria of the matrix ({ids})", ids=", ".join(all_ids)),
            got=", ".join(unknown),
        )
    a = _as_matrix(matrix)
    if a.shape[0] != len(all_ids):
        raise InvalidMatrix(
            phrase("pairwise matrix"),
            expected=phrase("{n} rows and columns, one per criterion", n=len(all_ids)),
            got=f"{a.shape[0]} × {a.shape[1]}",
        )
    index = [all_ids.index(criterion) for criterion in kept]
    return np.array(a[np.ix_(index, index)], dtype=np.float64)


def restrict_stakeholder(
    stakeholder: StakeholderInput, ids: Sequence[str], keep_ids: Sequence[str]
) -> StakeholderInput:
    """The stakeholder's weighting restricted to `keep_ids` (sub-matrix, or the kept points)."""
    if stakeholder.points is not None:
        kept = _check_ids(keep_ids)
        unknown = [criterion for criterion in kept if criterion not in stakeholder.points]
        if unknown:
            raise InvalidMatrix(
                _of_stakeholder(stakeholder.id, "points"),
                expected=phrase("points for every kept criterion"),
                got=phrase("missing {ids}", ids=", ".join(unknown)),
            )
        points = {criterion: stakeholder.points[criterion] for criterion in kept}
        return StakeholderInput(
            stakeholder.id, stakeholder.name, stakeholder.influence, points=points
        )
    try:
        matrix = restrict(_matrix_of(stakeholder), ids, keep_ids)
    except InvalidMatrix as error:
        raise _for_stakeholder(stakeholder.id, error) from error
    return StakeholderInput(stakeholder.id, stakeholder.name, stakeholder.influence, matrix=matrix)


def aggregate_weights(
    stakeholders: Sequence[StakeholderInput],
    ids: Sequence[str],
    *,
    method: Aggregation = Aggregation.AIJ,
    random_index: Mapping[int, float],
    threshold: float = 0.10,
    scale: Iterable[float] | None = None,
) -> WeightSet:
    """Group weights over `ids` from several stakeholders, with each one's distance to them.

    Influences are normalised to sum 1. AIJ: the weighted geometric mean of the individual
    matrices, cell by cell, then the AHP of that group matrix (whose CR is reported); a
    stakeholder who gave points enters as the consistent matrix w_i/w_j, so every point must be
    positive. AIP: the weighted arithmetic mean of the individual weight vectors. Each
    stakeholder's distance to the group is the Euclidean distance between weight vectors, plus
    Saaty's compatibility index; per criterion the spread is min, max and population standard
    deviation across stakeholders.

    References
    ----------
    Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities with the
    analytic hierarchy process. European Journal of Operational Research, 108(1), 165-169.
    Aczél, J., & Saaty, T. L. (1983). Procedures for synthesizing ratio judgements. Journal of
    Mathematical Psychology, 27(1), 93-102.
    Garuti, C., & Salomon, V. A. P. (2011). Compatibility indices between priority vectors.
    International Journal of the Analytic Hierarchy Process, 4(2), 152-160.
    """
    checked_ids = _check_ids(ids)
    chosen = Aggregation(method)
    influence = _influences(stakeholders)
    individual: list[AhpWeights | DirectWeights] = []
    for stakeholder in stakeholders:
        try:
            if stakeholder.points is not None:
                individual.append(direct_weights(stakeholder.points, ids=checked_ids))
            else:
                individual.append(
                    ahp_weights(
                        _matrix_of(stakeholder),
                        checked_ids,
                        random_index=random_index,
                        threshold=threshold,
                        scale=scale,
                    )
                )
        except InvalidMatrix as error:
            raise _for_stakeholder(stakeholder.id, error) from error
    vectors = np.array([result.weights for result in individual], dtype=np.float64)
    group: AhpWeights | None = None
    if chosen is Aggregation.AIJ:
        matrices = np.array(
            [_judgment_matrix(s, r) for s, r in zip(stakeholders, individual, strict=True)]
        )
        group = ahp_weights(
            weighted_geometric_mean(matrices, influence),
            checked_ids,
            random_index=random_index,
            threshold=threshold,
            scale=scale,
        )
        group_weights = np.array(group.weights, dtype=np.float64)
    else:
        group_weights = influence @ vectors
    return WeightSet(
        ids=checked_ids,
        weights=group_weights,
        method=chosen,
        group=group,
        stakeholders=tuple(
            _stakeholder_weights(s, share, result, checked_ids, group_weights)
            for s, share, result in zip(stakeholders, influence, individual, strict=True)
        ),
        spread=tuple(
            CriterionSpread(
                id=criterion,
                minimum=float(column.min()),
                maximum=float(column.max()),
                std=float(column.std()),
            )
            for criterion, column in zip(checked_ids, vectors.T, strict=True)
        ),
    )


def _matrix_of(stakeholder: StakeholderInput) -> npt.ArrayLike:
    """The stakeholder's matrix when it has no points (exactly one is set, see __post_init__)."""
    return cast("npt.ArrayLike", stakeholder.matrix)


def _influences(stakeholders: Sequence[StakeholderInput]) -> FloatArray:
    if not stakeholders:
        raise InvalidMatrix("stakeholders", expected=phrase("at least one stakeholder"), got=0)
    seen: set[str] = set()
    for stakeholder in stakeholders:
        if stakeholder.id in seen:
            raise InvalidMatrix("stakeholders", expected=phrase("each id once"), got=stakeholder.id)
        seen.add(stakeholder.id)
        if not (math.isfinite(stakeholder.influence) and stakeholder.influence > 0):
            raise InvalidMatrix(
                _of_stakeholder(stakeholder.id, "influence"),
                expected=phrase("a positive number"),
                got=stakeholder.influence,
            )
    raw = np.array([stakeholder.influence for stakeholder in stakeholders], dtype=np.float64)
    return raw / float(raw.sum())


def _judgment_matrix(
    stakeholder: StakeholderInput, result: AhpWeights | DirectWeights
) -> FloatArray:
    if isinstance(result, AhpWeights):
        return np.array(result.matrix, dtype=np.float64)
    zero = [
        criterion for criterion, value in zip(result.ids, result.points, strict=True) if value == 0
    ]
    if zero:
        raise InvalidMatrix(
            _of_stakeholder(stakeholder.id, _points_for(zero[0])),
            expected=phrase(
                "a positive number when judgments are combined by geometric mean (AIJ); "
                "0 has no ratio to the others (use AIP, or give it a small share)"
            ),
            got=0.0,
            row=result.ids.index(zero[0]),
        )
    return consistent_matrix(result.weights)


def _stakeholder_weights(
    stakeholder: StakeholderInput,
    share: float,
    result: AhpWeights | DirectWeights,
    ids: tuple[str, ...],
    group_weights: FloatArray,
) -> StakeholderWeights:
    own = np.array(result.weights, dtype=np.float64)
    compatibility = None
    if np.all(own > 0) and np.all(group_weights > 0):
        value = compatibility_index(own, group_weights)
        compatibility = value if math.isfinite(value) else None
    return StakeholderWeights(
        id=stakeholder.id,
        name=stakeholder.name,
        ids=ids,
        influence=float(share),
        kind="pairwise" if isinstance(result, AhpWeights) else "points",
        weights=own,
        ahp=result if isinstance(result, AhpWeights) else None,
        direct=result if isinstance(result, DirectWeights) else None,
        distance=float(np.linalg.norm(own - group_weights)),
        compatibility=compatibility,
    )


def _points_for(criterion: str) -> Phrase:
    """The points given to one criterion, named in a message."""
    return phrase("points for {criterion}", criterion=criterion)


def _of_stakeholder(stakeholder_id: str, field: str) -> Phrase:
    """A field of one stakeholder's weighting, named in a message (`field` may be a phrase)."""
    return phrase("stakeholder '{id}': {field}", id=stakeholder_id, field=field)


def _for_stakeholder(stakeholder_id: str, error: InvalidMatrix) -> InvalidMatrix:
    return InvalidMatrix(
        _of_stakeholder(stakeholder_id, error.field),
        expected=error.expected,
        got=error.got,
        row=error.row,
        column=error.column,
    )
