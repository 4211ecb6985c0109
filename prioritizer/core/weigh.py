"""Criteria weights from stakeholders: AHP priorities with consistency, direct points, groups.

Pure computation: arrays and mappings in, frozen results out; tables such as the random index
come in as arguments. Notation inside the kernels: A is a pairwise matrix whose a_ij says how
many times criterion i is more important than criterion j, w the priority vector (sums to 1),
λmax the principal eigenvalue of A, n the number of criteria.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

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
    WorstJudgment,
)

RECIPROCITY_TOLERANCE = 1e-6
"""Relative tolerance for a_ij · a_ji = 1 and a_ii = 1.

Loose enough for reciprocals computed in floating point (1/3 stored as 0.333…), tight enough
to reject judgments typed as rounded decimals (0.33 for 1/3 is off by 1e-2): those change the
priorities and the CR, so the user is asked to write the fraction instead.
"""

TIE_TOLERANCE = 1e-9
"""Deviations this close (relatively) to the largest count as tied; the first pair in row
order is named. With three criteria every judgment deviates by the same amount (one triad)."""

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


# --------------------------------------------------------------------------- kernels


def principal_eigenpair(matrix: FloatArray) -> tuple[float, FloatArray]:
    """λmax and the principal eigenvector of a positive matrix, normalised to sum 1.

    No validation: callers pass a checked positive matrix, whose Perron root is real, simple
    and largest, with an eigenvector of one sign (Perron's theorem), so taking the largest real
    part and absolute values is exact up to rounding.

    References
    ----------
    Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures. Journal of
    Mathematical Psychology, 15(3), 234-281.
    """
    values, vectors = np.linalg.eig(matrix)
    k = int(np.argmax(values.real))
    vector = np.abs(vectors[:, k].real)
    return float(values[k].real), vector / vector.sum()


def consistency_index(lambda_max: float, n: int) -> float:
    """Saaty's CI = (λmax − n)/(n − 1); 0 for n ≤ 2, which are always consistent.

    λmax ≥ n for every positive reciprocal matrix, so a value a hair below n is rounding noise
    and gives 0.

    References
    ----------
    Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures. Journal of
    Mathematical Psychology, 15(3), 234-281.
    """
    if n <= 2:
        return 0.0
    return max(0.0, (lambda_max - n) / (n - 1))


def consistent_matrix(weights: npt.ArrayLike) -> FloatArray:
    """The perfectly consistent pairwise matrix a_ij = w_i / w_j of positive weights.

    This is how a stakeholder who gave direct points enters a geometric-mean aggregation.

    References
    ----------
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York (consistent
    matrices, a_ij = w_i / w_j).
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size == 0:
        raise InvalidMatrix("weights", expected=phrase("a non-empty list of numbers"), got=w.shape)
    for index, value in enumerate(w):
        if not (math.isfinite(value) and value > 0):
            raise InvalidMatrix(
                "weights",
                expected=phrase("a positive finite number"),
                got=float(value),
                row=index,
            )
    return np.outer(w, 1.0 / w)


def judgment_deviations(matrix: FloatArray, weights: FloatArray) -> FloatArray:
    """|log(a_ij · w_j / w_i)| for every cell: how far each judgment is from the priorities.

    Scale-free (a factor of 3 too high counts as much as a factor of 3 too low) and symmetric
    (cell ij and ji give the same value). Saaty picks the judgment to revise as the largest
    a_ij · w_j / w_i; the logarithm treats over- and under-statements alike.

    References
    ----------
    Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector
    necessary. European Journal of Operational Research, 145(1), 85-91.
    """
    return np.asarray(np.abs(np.log(matrix * np.outer(1.0 / weights, weights))), dtype=np.float64)


def nearest_scale_value(value: float, scale: Iterable[float]) -> float:
    """The value of the scale (or a reciprocal of one) nearest to `value` as a ratio.

    Distance is |log(value / candidate)|, so 5.6 rounds to 6 and 1.45 to 2: on a ratio scale
    1.45 is closer to 2 (×1.38) than to 1 (×1.45).

    References
    ----------
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York, Table 1.1
    (the fundamental scale 1-9 and reciprocals).
    """
    candidates = sorted({float(v) for v in scale} | {1.0 / float(v) for v in scale})
    return min(candidates, key=lambda candidate: abs(math.log(value / candidate)))


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


# --------------------------------------------------------------------------- validation


def _check_ids(ids: Sequence[str]) -> tuple[str, ...]:
    checked = tuple(ids)
    if not checked:
        raise InvalidMatrix(phrase("criteria"), expected=phrase("at least one criterion"), got=0)
    seen: set[str] = set()
    for criterion in checked:
        if criterion in seen:
            raise InvalidMatrix(
                phrase("criteria"), expected=phrase("each criterion id once"), got=criterion
            )
        seen.add(criterion)
    return checked


def _as_matrix(matrix: npt.ArrayLike) -> FloatArray:
    try:
        array = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidMatrix(
            phrase("pairwise matrix"),
            expected=phrase("a square table of numbers"),
            got=str(error),
        ) from error
    if array.ndim != 2 or array.shape[0] != array.shape[1]:
        shape = " × ".join(str(size) for size in array.shape)
        raise InvalidMatrix(
            phrase("pairwise matrix"),
            expected=phrase("a square matrix (as many columns as rows)"),
            got=shape or phrase("a single number"),
        )
    return array


def _check_matrix(matrix: npt.ArrayLike, ids: tuple[str, ...]) -> FloatArray:
    """A validated positive reciprocal matrix over `ids`; the error names the bad cell."""
    a = _as_matrix(matrix)
    n = len(ids)
    if a.shape[0] != n:
        raise InvalidMatrix(
            phrase("pairwise matrix"),
            expected=phrase(
                "{n} rows and {n} columns, one per criterion ({ids})", n=n, ids=", ".join(ids)
            ),
            got=f"{a.shape[0]} × {a.shape[1]}",
        )
    for i in range(n):
        for j in range(n):
            value = float(a[i, j])
            if not math.isfinite(value):
                raise InvalidMatrix(
                    _judgment(ids[i], ids[j]),
                    expected=phrase("a finite number"),
                    got=value,
                    row=i,
                    column=j,
                )
            if value <= 0:
                raise InvalidMatrix(
                    _judgment(ids[i], ids[j]),
                    expected=phrase("a positive number (how many times more important; 1 = equal)"),
                    got=value,
                    row=i,
                    column=j,
                )
    for i in range(n):
        if abs(a[i, i] - 1.0) > RECIPROCITY_TOLERANCE:
            raise InvalidMatrix(
                phrase("judgment {criterion} over itself", criterion=ids[i]),
                expected=phrase("1 on the diagonal (a criterion is as important as itself)"),
                got=float(a[i, i]),
                row=i,
                column=i,
            )
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > RECIPROCITY_TOLERANCE:
                raise InvalidMatrix(
                    _judgment(ids[j], ids[i]),
                    expected=phrase(
                        "{reciprocal}, the reciprocal of judgment {row} over {column} = "
                        "{given:.10g} (relative tolerance {tolerance:g}; write 1/3, not 0.33)",
                        reciprocal=_reciprocal_text(float(a[i, j])),
                        row=ids[i],
                        column=ids[j],
                        given=float(a[i, j]),
                        tolerance=RECIPROCITY_TOLERANCE,
                    ),
                    got=float(a[j, i]),
                    row=j,
                    column=i,
                )
    return a


def _reciprocal_text(value: float) -> str:
    """1/value as a user would write it: `1/3` for a whole judgment, else 10 digits (never the
    6-digit rounding that makes 0.333333 look equal to the reciprocal it misses)."""
    if value > 1 and value == round(value):
        return f"1/{round(value)}"
    return f"{1.0 / value:.10g}"


def _random_index_for(n: int, random_index: Mapping[int, float]) -> float:
    if n <= 2:
        return float(random_index.get(n, 0.0))
    value = random_index.get(n)
    if value is None:
        sizes = ", ".join(str(size) for size in sorted(random_index))
        raise InvalidMatrix(
            phrase("number of criteria"),
            expected=phrase("a size covered by the random index table (n = {sizes})", sizes=sizes),
            got=n,
        )
    if not (math.isfinite(value) and value > 0):
        raise InvalidMatrix(
            phrase("random index for n = {n}", n=n),
            expected=phrase("a positive number"),
            got=float(value),
        )
    return float(value)


def _check_threshold(threshold: float) -> float:
    if not (math.isfinite(threshold) and threshold >= 0):
        raise InvalidMatrix(
            phrase("consistency threshold"), expected=phrase("a number ≥ 0"), got=threshold
        )
    return float(threshold)


def _judgment(row: str, column: str) -> Phrase:
    """The name of one judgment in a message: how much `row` matters compared with `column`."""
    return phrase("judgment {row} over {column}", row=row, column=column)


# --------------------------------------------------------------------------- public API


def ahp_weights(
    matrix: npt.ArrayLike,
    ids: Sequence[str],
    *,
    random_index: Mapping[int, float],
    threshold: float = 0.10,
    scale: Iterable[float] | None = None,
) -> AhpWeights:
    """Priorities of the criteria from a pairwise comparison matrix, with its consistency.

    Weights are the principal eigenvector (sum 1); CI = (λmax − n)/(n − 1) and CR = CI/RI(n)
    with RI from `random_index` (n ≤ 2 are always consistent, CR = 0). When CR > `threshold`
    the result names the judgment furthest from the priorities (largest |log(a_ij w_j/w_i)|
    over i < j; ties go to the first pair in row order), the value w_i/w_j that would agree
    with them, and that value rounded to the nearest value of `scale` or its reciprocal.
    `scale` defaults to the judgments 1-9 of Saaty's fundamental scale
    (criteria/saaty_scale.yaml lists the same values).

    Any positive reciprocal matrix is accepted, including non-integer (aggregated) judgments.

    References
    ----------
    Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures. Journal of
    Mathematical Psychology, 15(3), 234-281.
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York.
    Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector
    necessary. European Journal of Operational Research, 145(1), 85-91.
    """
    checked_ids = _check_ids(ids)
    a = _check_matrix(matrix, checked_ids)
    limit = _check_threshold(threshold)
    n = len(checked_ids)
    ri = _random_index_for(n, random_index)
    lambda_max, w = principal_eigenpair(a)
    ci = consistency_index(lambda_max, n)
    cr = 0.0 if n <= 2 else ci / ri
    worst = None
    if cr > limit:
        worst = _worst_judgment(a, w, checked_ids, range(1, 10) if scale is None else scale)
    return AhpWeights(
        ids=checked_ids,
        weights=w,
        matrix=a,
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        random_index_used=ri,
        threshold=limit,
        worst_judgment=worst,
    )


def _worst_judgment(
    a: FloatArray, w: FloatArray, ids: tuple[str, ...], scale: Iterable[float]
) -> WorstJudgment:
    rows, columns = np.triu_indices(len(ids), k=1)
    deviations = judgment_deviations(a, w)[rows, columns]
    pick = int(np.flatnonzero(deviations >= float(deviations.max()) * (1 - TIE_TOLERANCE))[0])
    i, j = int(rows[pick]), int(columns[pick])
    consistent = float(w[i] / w[j])
    return WorstJudgment(
        row=ids[i],
        column=ids[j],
        given=float(a[i, j]),
        consistent=consistent,
        nearest_saaty=nearest_scale_value(consistent, scale),
        deviation=float(deviations[pick]),
    )


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
