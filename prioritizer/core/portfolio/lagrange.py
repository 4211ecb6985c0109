"""The Lagrangian bound of a HiGHS LP from its duals, column by column: what reduced-cost
fixing needs to be rigorous (a bound valid for any multipliers, not the LP's value within its
tolerances)."""

from __future__ import annotations

from typing import Any

import highspy
import numpy as np

from prioritizer.results.arrays import FloatArray


def lagrangian_terms(lp: Any, duals: FloatArray) -> tuple[FloatArray, FloatArray, float]:
    """Per column, d_j x_j at its lower and at its upper bound (d = c - A'y), and the rows' part
    of the Lagrangian bound L(y); each dual keeps its sign only where the bound it multiplies is
    finite (else 0: the bound stays valid, only weaker)."""
    lower = np.asarray(lp.row_lower_, dtype=np.float64)
    upper = np.asarray(lp.row_upper_, dtype=np.float64)
    y = np.where((duals > 0) & np.isfinite(lower), duals, 0.0)
    y = np.where((duals < 0) & np.isfinite(upper), duals, y)
    rows = float(np.sum(y[y > 0] * lower[y > 0]) + np.sum(y[y < 0] * upper[y < 0]))
    matrix = lp.a_matrix_
    starts = np.asarray(matrix.start_, dtype=np.int64)
    index = np.asarray(matrix.index_, dtype=np.int64)
    value = np.asarray(matrix.value_, dtype=np.float64)
    columns = int(lp.num_col_)
    outer = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    if matrix.format_ == highspy.MatrixFormat.kRowwise:
        row_of, col_of = outer, index
    else:
        row_of, col_of = index, outer
    reduced = np.asarray(lp.col_cost_, dtype=np.float64) - np.bincount(
        col_of, weights=value * y[row_of], minlength=columns
    )
    at_lower = reduced * np.asarray(lp.col_lower_, dtype=np.float64)
    at_upper = reduced * np.asarray(lp.col_upper_, dtype=np.float64)
    return at_lower, at_upper, rows
