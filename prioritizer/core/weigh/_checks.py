"""Checks of pairwise matrices and criterion ids before any AHP arithmetic: square, positive,
reciprocal, unit diagonal, ids unique."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.weights import (
    FloatArray,
)

RECIPROCITY_TOLERANCE = 1e-6
"""Relative tolerance for a_ij · a_ji = 1 and a_ii = 1.

Loose enough for reciprocals computed in floating point (1/3 stored as 0.333…), tight enough
to reject judgments typed as rounded decimals (0.33 for 1/3 is off by 1e-2): those change the
priorities and the CR, so the user is asked to write the fraction instead.
"""


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
            if math.isfinite(value) and value > 0:
                continue
            expected = (
                phrase("a positive number (how many times more important; 1 = equal)")
                if math.isfinite(value)
                else phrase("a finite number")
            )
            raise InvalidMatrix(
                _judgment(ids[i], ids[j]), expected=expected, got=value, row=i, column=j
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
                        "{given:.10g} (relative tolerance {tolerance:g}; write it as a fraction, "
                        "e.g. 1/3)",
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


def _judgment(row: str, column: str) -> Phrase:
    """The name of one judgment in a message: how much `row` matters compared with `column`."""
    return phrase("judgment {row} over {column}", row=row, column=column)
