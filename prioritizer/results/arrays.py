"""The array types every result uses (float and integer numpy arrays), and the one check of
their cells that kernels share."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import Phrase

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def refuse_first(
    values: FloatArray, bad: npt.NDArray[np.bool_], field: str, expected: Phrase
) -> None:
    """Raises InvalidMatrix naming the first cell of the 2-D `values` that `bad` flags, if any."""
    cells = np.argwhere(bad)
    if cells.size:
        row, column = (int(k) for k in cells[0])
        raise InvalidMatrix(
            field, expected=expected, got=float(values[row, column]), row=row, column=column
        )
