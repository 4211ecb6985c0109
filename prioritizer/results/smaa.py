"""What SMAA takes beyond weights: uncertain criteria values, the scorer, the meta-weights.

`UncertainValues` lists the cells whose values are not known exactly (JSMAA's "imprecise
measurements"): each is an interval (uniform), a triangular or a normal distribution. Cells
not listed keep the matrix's exact value. Built by the loader of a user's file
(`prioritizer.data.load.uncertain`) and read by `prioritizer.core.robustness`; data only.
`SmaaMethod` names what scores a scenario (the ranking methods, or the weighted sum of the
raw values); `MetaWeights` the meta-weights of the holistic acceptability index.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from prioritizer.results.ranking import Method
from prioritizer.results.weights import frozen_array

FloatArray = npt.NDArray[np.float64]


class SmaaMethod(StrEnum):
    """What scores each SMAA scenario: a ranking method, or the weighted sum of raw values."""

    TOPSIS = Method.TOPSIS.value
    AHP = Method.AHP.value
    VIKOR = Method.VIKOR.value
    PROMETHEE = Method.PROMETHEE.value
    SPOTIS = Method.SPOTIS.value
    WEIGHTED_SUM = "weighted-sum"
    """Additive value on the raw values: Σ_j w_j x_ij, a cost criterion counted negative (the
    values should already be on comparable value scales, as in SMAA's textbook examples)."""


@dataclass(frozen=True, slots=True, eq=False)
class SmaaSubject:
    """What a SMAA run ranks: the alternatives `ids`, the `criteria`, and the method (with its
    `variant`) that scores each scenario; the run's setup and its result both start with it."""

    ids: tuple[str, ...]
    criteria: tuple[str, ...]
    method: Method | SmaaMethod
    variant: str | None


class MetaWeights(StrEnum):
    """Meta-weights α_r of the holistic acceptability index a_i = Σ_r α_r b_i^r (α_1 = 1).

    The three choices Lahdelma & Salminen (2001, SMAA-2) list; `linear` is the default here
    (JSMAA computes no holistic index, so there is no JSMAA default to follow).
    """

    LINEAR = "linear"
    """α_r = (n - r) / (n - 1): rank n counts 0."""
    INVERSE = "inverse"
    """α_r = 1 / r."""
    CENTROID = "centroid"
    """α_r = Σ_{k=r..n} 1/k / Σ_{k=1..n} 1/k."""

    def alphas(self, n: int) -> FloatArray:
        """The n meta-weights, rank 1 first (α_1 = 1, non-increasing, all in [0, 1])."""
        r = np.arange(1, n + 1, dtype=np.float64)
        if self is MetaWeights.INVERSE:
            return frozen_array(1.0 / r)
        if self is MetaWeights.CENTROID:
            tail = np.cumsum((1.0 / r)[::-1])[::-1]
            return frozen_array(tail / tail[0])
        return frozen_array((n - r) / (n - 1) if n > 1 else np.ones(1))


class Distribution(StrEnum):
    """How one uncertain value is drawn in each scenario."""

    INTERVAL = "interval"
    """Uniform on [a, b]."""
    TRIANGULAR = "triangular"
    """Triangular with minimum a, mode b and maximum c."""
    NORMAL = "normal"
    """Normal with mean a and standard deviation b."""


@dataclass(frozen=True, slots=True)
class UncertainCell:
    """The distribution of one alternative's value on one criterion (`c` for triangular only).

    Checked on construction (a <= b for an interval, a <= b <= c for a triangular, b >= 0 for
    a normal's standard deviation); ValueError names the rule broken.
    """

    alternative: str
    criterion: str
    distribution: Distribution
    a: float
    b: float
    c: float | None = None

    def __post_init__(self) -> None:
        numbers = (self.a, self.b) if self.c is None else (self.a, self.b, self.c)
        if not all(abs(x) < float("inf") for x in numbers):
            raise ValueError("finite numbers")
        if (self.c is not None) != (self.distribution is Distribution.TRIANGULAR):
            raise ValueError("c for a triangular distribution only")
        if self.distribution is Distribution.NORMAL and self.b < 0:
            raise ValueError("b >= 0")
        if self.distribution is not Distribution.NORMAL and self.a > self.b:
            raise ValueError("a <= b")
        if self.c is not None and self.b > self.c:
            raise ValueError("b <= c")

    @property
    def lowest(self) -> float:
        """The least value a draw can take (minus infinity for a normal with spread)."""
        if self.distribution is Distribution.NORMAL:
            return self.a if self.b == 0 else -float("inf")
        return self.a

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        result: dict[str, Any] = {
            "id": self.alternative,
            "criterion": self.criterion,
            "distribution": self.distribution.value,
            "a": self.a,
            "b": self.b,
        }
        if self.c is not None:
            result["c"] = self.c
        return result


@dataclass(frozen=True, slots=True)
class UncertainValues:
    """The uncertain cells of a decision matrix, each alternative and criterion pair once.

    `seed` is the run's seed: values are drawn from streams derived from it, separate from
    the weights' stream, so adding uncertainty leaves the weight scenarios as they were.
    """

    cells: tuple[UncertainCell, ...]
    seed: int = 0
    source: str | None = None

    def __post_init__(self) -> None:
        keys = [(cell.alternative, cell.criterion) for cell in self.cells]
        if len(set(keys)) != len(keys):
            raise ValueError("each alternative and criterion pair once")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the file, the seed and every cell's distribution."""
        return {
            "source": self.source,
            "seed": self.seed,
            "cells": [cell.to_dict() for cell in self.cells],
        }
