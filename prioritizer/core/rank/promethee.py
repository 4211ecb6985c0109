"""PROMETHEE flows with a preference function per criterion, and PROMETHEE I's partial order.

pymcdm's PROMETHEE_I computes one criterion's leaving and entering flows for the usual,
U-shape, V-shape, level and linear ("vshape_2") functions; it takes one function for all
criteria and has no Gaussian, so each criterion is run on its own (weight 1) and the flows are
weighted here (φ⁺ = Σ_j w_j φ⁺_j: flows are additive over criteria), the Gaussian by numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from pymcdm.methods.partial import PROMETHEE_I

from prioritizer.results.arrays import FloatArray
from prioritizer.results.promethee import Preference, PreferenceShape, PrometheeOrder

_PYMCDM_NAME = {
    PreferenceShape.USUAL: "usual",
    PreferenceShape.USHAPE: "ushape",
    PreferenceShape.VSHAPE: "vshape",
    PreferenceShape.LEVEL: "level",
    PreferenceShape.LINEAR: "vshape_2",
}


def criterion_flows(
    column: FloatArray, benefit: bool, preference: Preference, run: Any
) -> tuple[FloatArray, FloatArray]:
    """One criterion's leaving and entering flows φ⁺_j, φ⁻_j (unweighted), n ≥ 2.

    `run` calls pymcdm and keeps its warnings (`_run_pymcdm`). A linear function with p = q is
    its limit, the U-shape at q (pymcdm would divide 0 by 0).

    References
    ----------
    Brans, J.-P., & Vincke, Ph. (1985). A preference ranking organisation method: the
    PROMETHEE method for MCDM. Management Science, 31(6), 647-656.
    """
    shape = preference.shape
    if shape is PreferenceShape.GAUSSIAN:
        d = column[:, None] - column[None, :]
        d = d if benefit else -d
        s = float(preference.s or 1.0)
        pi = np.where(d > 0, 1.0 - np.exp(-np.square(d) / (2 * s * s)), 0.0)
        n = column.shape[0]
        return pi.sum(axis=1) / (n - 1), pi.sum(axis=0) / (n - 1)
    if shape is PreferenceShape.LINEAR and preference.p == preference.q:
        shape = PreferenceShape.USHAPE
    q = None if preference.q is None else [preference.q]
    p = None if preference.p is None or shape is PreferenceShape.USHAPE else [preference.p]
    body = PROMETHEE_I(_PYMCDM_NAME[shape], p=p, q=q)
    types = np.array([1 if benefit else -1])
    plus, minus = run(lambda: body(column[:, None], np.ones(1), types, validation=False))
    return np.asarray(plus, dtype=np.float64), np.asarray(minus, dtype=np.float64)


def promethee_flows(
    X: FloatArray,
    w: FloatArray,
    types: npt.NDArray[np.int64],
    preferences: Sequence[Preference],
    run: Any,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """φ⁺ and φ⁻ (n) and the weighted single-criterion net flows w_j φ_j (n x m); the net
    flow φ = φ⁺ − φ⁻ is the row sum of the last. No validation; n ≥ 2."""
    n, m = X.shape
    plus = np.zeros((n, m))
    minus = np.zeros((n, m))
    for j in range(m):
        plus[:, j], minus[:, j] = criterion_flows(X[:, j], bool(types[j] > 0), preferences[j], run)
    return plus @ w, minus @ w, (plus - minus) * w


def partial_order(
    ids: Sequence[str],
    plus: FloatArray,
    minus: FloatArray,
    preferences: Sequence[Preference],
    tolerance: float,
) -> PrometheeOrder:
    """PROMETHEE I: every pair (a, b), a before b in `ids`, as outranking (either way),
    indifferent or incomparable (see `PrometheeOrder`)."""
    outranks: list[tuple[str, str]] = []
    indifferent: list[tuple[str, str]] = []
    incomparable: list[tuple[str, str]] = []
    for a in range(len(ids)):
        for b in range(a + 1, len(ids)):
            more = _compare(float(plus[a]), float(plus[b]), tolerance)
            less = _compare(float(minus[b]), float(minus[a]), tolerance)
            pair = (ids[a], ids[b])
            if more == 0 and less == 0:
                indifferent.append(pair)
            elif more >= 0 and less >= 0:
                outranks.append(pair)
            elif more <= 0 and less <= 0:
                outranks.append((ids[b], ids[a]))
            else:
                incomparable.append(pair)
    return PrometheeOrder(
        tuple(preferences), tuple(outranks), tuple(indifferent), tuple(incomparable)
    )


def _compare(x: float, y: float, tolerance: float) -> int:
    """1 if x > y, -1 if x < y, 0 within `tolerance` (absolute or relative)."""
    gap = x - y
    if abs(gap) <= tolerance or abs(gap) <= tolerance * max(abs(x), abs(y)):
        return 0
    return 1 if gap > 0 else -1
