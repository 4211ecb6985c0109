"""One pairwise matrix analysed as an analyst replicating a paper asks: priorities by the
eigenvector or the row geometric mean, Saaty's CR against a chosen random-index table (none
when the table does not reach the matrix's order), Aguarón & Moreno-Jiménez's GCI and
Koczkodaj's index with its worst triad."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.weigh.ahp import (
    CONSISTENCY_THRESHOLD,
    _saaty,
    random_index_or_none,
    worst_judgment,
)
from prioritizer.results.consistency import Koczkodaj, PairwiseAnalysis, Priorities
from prioritizer.results.weights import FloatArray

GCI_THRESHOLDS = {3: 0.31, 4: 0.35}
"""GCI thresholds of Aguarón & Moreno-Jiménez (2003), the GCI that matches CR = 10 %: 0.31 for
n = 3, 0.35 for n = 4 and `GCI_THRESHOLD_LARGE` (0.37) for n > 4."""
GCI_THRESHOLD_LARGE = 0.37


def geometric_priorities(matrix: FloatArray) -> FloatArray:
    """Row geometric mean of a positive matrix, normalised to sum 1 (the RGM / LLSM priorities).

    No validation. Computed through logarithms, so large matrices do not overflow the product.

    References
    ----------
    Crawford, G., & Williams, C. (1985). A note on the analysis of subjective judgment
    matrices. Journal of Mathematical Psychology, 29(4), 387-405.
    """
    logs = np.log(matrix).mean(axis=1)
    w = np.exp(logs - logs.max())
    return np.asarray(w / w.sum(), dtype=np.float64)


def geometric_consistency_index(matrix: FloatArray, weights: FloatArray) -> float:
    """GCI = 2 / ((n − 1)(n − 2)) · Σ_{i<j} ln²(a_ij w_j / w_i); 0 for n ≤ 2.

    `weights` are the row geometric mean priorities for which the index and its thresholds
    were defined. No validation.

    References
    ----------
    Aguarón, J., & Moreno-Jiménez, J. M. (2003). The geometric consistency index: Approximated
    thresholds. European Journal of Operational Research, 147(1), 137-145.
    """
    n = matrix.shape[0]
    if n <= 2:
        return 0.0
    errors = np.log(matrix * np.outer(1.0 / weights, weights))
    upper = errors[np.triu_indices(n, k=1)]
    return float(2.0 * np.square(upper).sum() / ((n - 1) * (n - 2)))


def gci_threshold(n: int) -> float | None:
    """The GCI above which a matrix of order n counts as inconsistent; None for n ≤ 2."""
    if n <= 2:
        return None
    return GCI_THRESHOLDS.get(n, GCI_THRESHOLD_LARGE)


def koczkodaj_index(matrix: FloatArray) -> tuple[float, tuple[int, int, int] | None]:
    """Koczkodaj's inconsistency index: the largest triad inconsistency
    min(|1 − a_ik / (a_ij a_jk)|, |1 − a_ij a_jk / a_ik|) over i < j < k, with that triad
    (the first in row order on ties); (0, None) for n < 3 and for a consistent matrix.
    No validation.

    References
    ----------
    Koczkodaj, W. W. (1993). A new definition of consistency of pairwise comparisons.
    Mathematical and Computer Modelling, 18(7), 79-84.
    Duszak, Z., & Koczkodaj, W. W. (1994). Generalization of a new definition of consistency
    for pairwise comparisons. Information Processing Letters, 52(5), 273-276.
    """
    n = matrix.shape[0]
    if n < 3:
        return 0.0, None
    i, j, k = (np.asarray(axis) for axis in zip(*_triads(n), strict=True))
    ratio = matrix[i, k] / (matrix[i, j] * matrix[j, k])
    values = np.minimum(np.abs(1.0 - ratio), np.abs(1.0 - 1.0 / ratio))
    worst = int(np.argmax(values))
    if values[worst] <= 0:
        return 0.0, None
    return float(values[worst]), (int(i[worst]), int(j[worst]), int(k[worst]))


def _triads(n: int) -> Iterable[tuple[int, int, int]]:
    return ((i, j, k) for i in range(n) for j in range(i + 1, n) for k in range(j + 1, n))


def analyse_pairwise(
    matrix: npt.ArrayLike,
    ids: Sequence[str],
    *,
    random_index: Mapping[int, float],
    priorities: Priorities = Priorities.EIGENVECTOR,
    threshold: float = CONSISTENCY_THRESHOLD,
    scale: Iterable[float] | None = None,
    random_index_table: str | None = None,
) -> PairwiseAnalysis:
    """Priorities of one pairwise matrix with every consistency measure an analyst may quote.

    Weights are the principal eigenvector or the row geometric mean (`priorities`). λmax, CI
    and CR are Saaty's whatever the priorities; CR is None when `random_index` does not list
    the matrix's order (the weights do not depend on RI). GCI is computed on the geometric
    priorities, Koczkodaj's index on the judgments alone. The verdict pairs each priority
    method with its own index: CR ≤ `threshold` for the eigenvector, GCI ≤ its threshold for
    the geometric mean; when it fails, the judgment furthest from the shown weights is named.
    `random_index_table` is the table's id, carried into the result for the reader.

    References
    ----------
    Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill, New York.
    Aguarón, J., & Moreno-Jiménez, J. M. (2003). The geometric consistency index: Approximated
    thresholds. European Journal of Operational Research, 147(1), 137-145.
    Koczkodaj, W. W. (1993). A new definition of consistency of pairwise comparisons.
    Mathematical and Computer Modelling, 18(7), 79-84.
    """
    checked_ids, a, limit, lambda_max, eigenvector, ci = _saaty(matrix, ids, threshold)
    n = len(checked_ids)
    ri = random_index_or_none(n, random_index)
    cr = None if ri is None else (0.0 if n <= 2 else ci / ri)
    geometric = geometric_priorities(a)
    gci = geometric_consistency_index(a, geometric)
    gci_limit = gci_threshold(n)
    index, triad = koczkodaj_index(a)
    w = geometric if priorities is Priorities.GEOMETRIC else eigenvector
    if priorities is Priorities.GEOMETRIC:
        verdict: bool | None = gci_limit is None or gci <= gci_limit
    else:
        verdict = None if cr is None else cr <= limit
    worst = None
    if verdict is False:
        worst = worst_judgment(a, w, checked_ids, scale)
    return PairwiseAnalysis(
        ids=checked_ids,
        weights=w,
        matrix=a,
        priorities=priorities,
        lambda_max=lambda_max,
        consistency_index=ci,
        consistency_ratio=cr,
        random_index_used=ri,
        threshold=limit,
        consistent=verdict,
        gci=gci,
        gci_threshold=gci_limit,
        koczkodaj=Koczkodaj(
            index=index,
            triad=None
            if triad is None
            else (checked_ids[triad[0]], checked_ids[triad[1]], checked_ids[triad[2]]),
        ),
        random_index_table=random_index_table,
        random_index_orders=tuple(sorted(random_index)),
        worst_judgment=worst,
    )
