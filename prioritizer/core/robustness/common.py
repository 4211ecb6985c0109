"""Array types, limits and the checks of weight rows shared by the robustness analyses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.arrays import refuse_first
from prioritizer.results.ranking import Method

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Progress = Callable[[int, int], None]
"""Called after each chunk with (scenarios done, scenarios in all); may raise to stop."""
Scorer = Callable[[FloatArray], FloatArray]

DEFAULT_CHUNK = 1024
MAX_ENUMERATED = 22
"""Most candidate projects for which the feasible portfolios are enumerated."""
MAX_PORTFOLIOS = 250_000
"""Most feasible portfolios kept (k x n, about 44 MB as floats for 22 projects) before falling
back to one integer program per scenario."""
_MAX_CELLS = 1 << 22
_MIN_CONCENTRATION = 1e-3
_MAX_CONCENTRATION = 1e12
_VECTORISED = frozenset({Method.TOPSIS, Method.AHP})


def _position(labels: Sequence[str], label: str, field: str) -> int:
    if label not in labels:
        raise InvalidMatrix(
            field, expected=phrase("ids among {ids}", ids=", ".join(labels)), got=label
        )
    return list(labels).index(label)


# ---------------------------------------------------------------------------------------------
# Validation helpers.
# ---------------------------------------------------------------------------------------------


def _weight_rows(weights: npt.ArrayLike) -> FloatArray:
    """Scenario weights as a float array, rows on the simplex (each divided by its sum)."""
    try:
        W = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrix("weights", expected=phrase("numbers only"), got=weights) from None
    if W.ndim != 2 or W.shape[0] < 1 or W.shape[1] < 1:
        raise InvalidMatrix(
            "weights", expected=phrase("a 2-D array (scenarios x criteria)"), got=W.shape
        )
    refuse_first(W, ~np.isfinite(W) | (W < 0), "weights", phrase("a finite number >= 0"))
    total = W.sum(axis=1, keepdims=True)
    empty = np.flatnonzero(total[:, 0] <= 0)
    if empty.size:
        raise InvalidMatrix(
            "weights", expected=phrase("a positive sum"), got=0.0, row=int(empty[0])
        )
    return np.asarray(W / total, dtype=np.float64)


def _current_weights(weights: npt.ArrayLike) -> FloatArray:
    try:
        w = np.array(weights, dtype=np.float64)
    except (TypeError, ValueError):
        raise InvalidMatrix("weights", expected=phrase("numbers only"), got=weights) from None
    if w.ndim != 1:
        raise InvalidMatrix("weights", expected=phrase("one weight per criterion"), got=w.shape)
    return np.asarray(_weight_rows(w[None, :])[0], dtype=np.float64)


def _renormalise(rows: FloatArray, field: str) -> FloatArray:
    if rows.size and not (np.all(np.isfinite(rows)) and np.all(rows >= 0)):
        raise InvalidMatrix(field, expected=phrase("finite numbers >= 0"))
    total = rows.sum(axis=1, keepdims=True)
    if rows.size and np.any(total <= 0):
        raise InvalidMatrix(field, expected=phrase("a positive sum over the criteria used"))
    return np.asarray(rows / np.where(total > 0, total, 1.0), dtype=np.float64)


def _positive_int(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InvalidMatrix(
            field, expected=phrase("a whole number >= {minimum}", minimum=1), got=value
        )
    return int(value)
