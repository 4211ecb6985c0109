"""Checks of a ranking problem before any method runs: shapes, finite values, labels, weights."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InvalidMatrix, SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import FloatArray, refuse_first
from prioritizer.results.ranking import (
    Method,
)


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
    refuse_first(X, ~np.isfinite(X), "matrix", phrase("a finite number"))

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
    if set(map(type, labels)) <= {str}:  # the common case checked in C (texts first: hashable)
        distinct = set(labels)
        if len(distinct) == count and "" not in distinct:
            return labels
    # Something is wrong: the loop finds the first culprit and its row.
    seen: set[str] = set()
    for k, label in enumerate(labels):
        if not isinstance(label, str) or not label:
            raise InvalidMatrix(field, expected=phrase("a non-empty text"), got=label, row=k)
        if label in seen:
            raise InvalidMatrix(field, expected=phrase("unique names"), got=label, row=k)
        seen.add(label)
    return labels


def _require_non_negative(X: FloatArray) -> None:
    expected = phrase("a number >= 0 (AHP synthesis needs ratio-scale values)")
    refuse_first(X, X < 0, "matrix", expected)


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


def _informative(X: FloatArray, tolerance: float) -> npt.NDArray[np.bool_]:
    """Which columns separate the alternatives (are not constant within `tolerance`)."""
    return np.array([not _is_constant(X[:, j], tolerance) for j in range(X.shape[1])], dtype=bool)


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
