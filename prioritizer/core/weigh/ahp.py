"""AHP priorities of one pairwise matrix: Saaty's eigenvector, the consistency index and ratio,
and the judgment most at odds with the others with the value that would fit."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh._checks import _check_ids, _check_matrix
from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.weights import (
    AhpWeights,
    FloatArray,
    WorstJudgment,
)

CONSISTENCY_THRESHOLD = 0.10
"""Saaty's rule: a consistency ratio above 10 % asks the stakeholder to revise the judgments."""

TIE_TOLERANCE = 1e-9
"""Deviations this close (relatively) to the largest count as tied; the first pair in row
order is named. With three criteria every judgment deviates by the same amount (one triad)."""


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


def random_index_or_none(n: int, random_index: Mapping[int, float]) -> float | None:
    """RI(n) from the table (its value, or 0, for n ≤ 2); None when the table does not list n;
    a listed value that is not a positive number is an error."""
    if n <= 2:
        return float(random_index.get(n, 0.0))
    value = random_index.get(n)
    if value is None:
        return None
    if not (math.isfinite(value) and value > 0):
        raise InvalidMatrix(
            phrase("random index for n = {n}", n=n),
            expected=phrase("a positive number"),
            got=float(value),
        )
    return float(value)


def _random_index_for(n: int, random_index: Mapping[int, float]) -> float:
    value = random_index_or_none(n, random_index)
    if value is None:
        sizes = ", ".join(str(size) for size in sorted(random_index))
        raise InvalidMatrix(
            phrase("number of criteria"),
            expected=phrase("a size covered by the random index table (n = {sizes})", sizes=sizes),
            got=n,
        )
    return value


def _check_threshold(threshold: float) -> float:
    if not (math.isfinite(threshold) and threshold >= 0):
        raise InvalidMatrix(
            phrase("consistency threshold"), expected=phrase("a number ≥ 0"), got=threshold
        )
    return float(threshold)


def ahp_weights(
    matrix: npt.ArrayLike,
    ids: Sequence[str],
    *,
    random_index: Mapping[int, float],
    threshold: float = CONSISTENCY_THRESHOLD,
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
    checked_ids, a, limit, lambda_max, w, ci = _saaty(matrix, ids, threshold)
    n = len(checked_ids)
    ri = _random_index_for(n, random_index)
    cr = 0.0 if n <= 2 else ci / ri
    worst = None
    if cr > limit:
        worst = worst_judgment(a, w, checked_ids, scale)
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


class _Saaty(NamedTuple):
    """A checked pairwise matrix with Saaty's measures, before the random index is applied."""

    ids: tuple[str, ...]
    a: FloatArray
    limit: float
    lambda_max: float
    eigenvector: FloatArray
    ci: float


def _saaty(matrix: npt.ArrayLike, ids: Sequence[str], threshold: float) -> _Saaty:
    """Check the ids, matrix and threshold, then λmax, the eigenvector and CI: shared by
    `ahp_weights` and `analyse_pairwise`, so both report the same numbers for one matrix."""
    checked_ids = _check_ids(ids)
    a = _check_matrix(matrix, checked_ids)
    limit = _check_threshold(threshold)
    lambda_max, eigenvector = principal_eigenpair(a)
    ci = consistency_index(lambda_max, len(checked_ids))
    return _Saaty(checked_ids, a, limit, lambda_max, eigenvector, ci)


def worst_judgment(
    a: FloatArray, w: FloatArray, ids: tuple[str, ...], scale: Iterable[float] | None = None
) -> WorstJudgment:
    """The given judgment (i < j; NaN = not given) furthest from the priorities `w`, with the
    nearest value of `scale` (Saaty's judgments 1-9 when None) that would agree with them."""
    rows, columns = np.nonzero(np.triu(~np.isnan(a), k=1))
    deviations = judgment_deviations(a, w)[rows, columns]
    pick = int(np.flatnonzero(deviations >= float(deviations.max()) * (1 - TIE_TOLERANCE))[0])
    i, j = int(rows[pick]), int(columns[pick])
    consistent = float(w[i] / w[j])
    return WorstJudgment(
        row=ids[i],
        column=ids[j],
        given=float(a[i, j]),
        consistent=consistent,
        nearest_saaty=nearest_scale_value(consistent, range(1, 10) if scale is None else scale),
        deviation=float(deviations[pick]),
    )
