"""How alike two rankings are: the weighted Spearman r_w and the WS similarity coefficient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from pymcdm import correlations

from prioritizer.core.rank._methods import _run_pymcdm
from prioritizer.errors import SolverFailure
from prioritizer.phrases import phrase
from prioritizer.results.arrays import FloatArray


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
