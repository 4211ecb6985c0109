"""Weights of the criteria: one pairwise matrix (AHP), direct points, and a stakeholder group.

Built by `prioritizer.core.weigh`, read by the renderers and exporters; imports nothing from the
computation modules. Arrays are read-only and `.to_dict()` returns JSON-ready Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal, Protocol

import numpy as np
import numpy.typing as npt

from prioritizer.results.records import attributes, dict_or_none

FloatArray = npt.NDArray[np.float64]


class Aggregation(StrEnum):
    """How several stakeholders are combined (Forman & Peniwati 1998)."""

    AIJ = "aij"
    """Aggregation of individual judgments: weighted geometric mean of the matrices."""
    AIP = "aip"
    """Aggregation of individual priorities: weighted arithmetic mean of the weight vectors."""


def frozen_array(values: npt.ArrayLike) -> FloatArray:
    """`values` as a float64 array that cannot be written to (results never change).

    An array that is already read-only float64 is kept as it is; anything else is copied, so
    the caller's array is never frozen behind its back.
    """
    if isinstance(values, np.ndarray) and values.dtype == np.float64 and not values.flags.writeable:
        return values
    array = np.array(values, dtype=np.float64)
    array.setflags(write=False)
    return array


def freeze(record: object, *names: str) -> None:
    """Makes the named array attributes of a frozen dataclass read-only (`frozen_array`), from
    its `__post_init__`, where a frozen dataclass cannot assign in the ordinary way."""
    for name in names:
        object.__setattr__(record, name, frozen_array(getattr(record, name)))


def _by_id(ids: tuple[str, ...], values: FloatArray) -> dict[str, float]:
    return {criterion: float(value) for criterion, value in zip(ids, values, strict=True)}


class Consistency(Protocol):
    """What a pairwise matrix's result says of its consistency (complete or incomplete)."""

    @property
    def lambda_max(self) -> float: ...
    @property
    def consistency_index(self) -> float: ...
    @property
    def consistency_ratio(self) -> float | None: ...
    @property
    def random_index_used(self) -> float | None: ...
    @property
    def threshold(self) -> float: ...
    @property
    def consistent(self) -> bool | None: ...


def saaty_measures(result: Consistency) -> dict[str, Any]:
    """λmax, CI, CR, RI, the threshold and the verdict under the keys that a complete and an
    incomplete pairwise matrix's JSON share (the CLI's contract), in that order."""
    return {
        **attributes(result, "lambda_max", "consistency_index", "consistency_ratio"),
        "random_index": result.random_index_used,
        **attributes(result, "threshold", "consistent"),
    }


@dataclass(frozen=True, slots=True)
class WorstJudgment:
    """The judgment that departs most from what the other judgments imply.

    `row` was judged `given` times as important as `column`; the priorities derived from the
    whole matrix say `consistent` (= w_row / w_column), `nearest_saaty` rounds that to the scale.
    """

    row: str
    column: str
    given: float
    consistent: float
    nearest_saaty: float
    deviation: float
    """|log(given / consistent)|: 0 when the judgment agrees with the rest."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attributes(
            self, "row", "column", "given", "consistent", "nearest_saaty", "deviation"
        )


@dataclass(frozen=True, slots=True)
class CriterionWeights:
    """Weights over the criteria `ids`, in that order (read-only; a subclass with more arrays
    freezes them all in its own `__post_init__`)."""

    ids: tuple[str, ...]
    weights: FloatArray

    def __post_init__(self) -> None:
        freeze(self, "weights")

    def weight_of(self, criterion: str) -> float:
        """The weight of one criterion."""
        return float(self.weights[self.ids.index(criterion)])


@dataclass(frozen=True, slots=True)
class AhpWeights(CriterionWeights):
    """Priorities from one pairwise comparison matrix, with Saaty's consistency measures."""

    matrix: FloatArray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    random_index_used: float
    threshold: float
    worst_judgment: WorstJudgment | None

    def __post_init__(self) -> None:
        freeze(self, "weights", "matrix")

    @property
    def consistent(self) -> bool:
        """True when the consistency ratio is within the threshold (Saaty: 0.10)."""
        return self.consistency_ratio <= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; `weights`, `lambda_max`, `consistency_index`, `consistency_ratio`
        are the CLI's JSON contract."""
        return {
            "ids": list(self.ids),
            "weights": _by_id(self.ids, self.weights),
            **saaty_measures(self),
            "matrix": [[float(value) for value in row] for row in self.matrix],
            "worst_judgment": dict_or_none(self.worst_judgment),
        }


@dataclass(frozen=True, slots=True)
class DirectWeights(CriterionWeights):
    """Weights from points given directly to each criterion, normalised to sum 1."""

    points: FloatArray
    looks_like_percentages: bool
    """The points add up to about 100 (read as percentages; the result is the same)."""

    def __post_init__(self) -> None:
        freeze(self, "points", "weights")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ids": list(self.ids),
            "points": _by_id(self.ids, self.points),
            "weights": _by_id(self.ids, self.weights),
            "looks_like_percentages": self.looks_like_percentages,
        }


@dataclass(frozen=True, slots=True)
class StakeholderWeights:
    """One stakeholder's own weights and how far they are from the group's."""

    id: str
    name: str
    ids: tuple[str, ...]
    influence: float
    """Share of the stakeholder in the group (influences normalised to sum 1)."""
    kind: Literal["pairwise", "points"]
    weights: FloatArray
    ahp: AhpWeights | None
    direct: DirectWeights | None
    distance: float
    """Euclidean distance between this stakeholder's weights and the group's."""
    compatibility: float | None
    """Saaty's compatibility index S with the group (1 = identical); None if a weight is 0
    (or so small that S overflows)."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    @property
    def consistency_ratio(self) -> float | None:
        """The CR of the stakeholder's judgments; None for direct points (nothing to check)."""
        return None if self.ahp is None else self.ahp.consistency_ratio

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **attributes(self, "id", "name", "influence", "kind"),
            "weights": _by_id(self.ids, self.weights),
            **attributes(self, "consistency_ratio", "distance", "compatibility"),
            "ahp": dict_or_none(self.ahp),
            "direct": dict_or_none(self.direct),
        }


@dataclass(frozen=True, slots=True)
class CriterionSpread:
    """How much the stakeholders disagree on one criterion's weight."""

    id: str
    minimum: float
    maximum: float
    std: float
    """Population standard deviation across stakeholders (unweighted)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"min": self.minimum, "max": self.maximum, "std": self.std}


@dataclass(frozen=True, slots=True)
class WeightSet(CriterionWeights):
    """The group's weights over the criteria, with every stakeholder's and their disagreement."""

    method: Aggregation
    group: AhpWeights | None
    """AHP of the aggregated matrix (AIJ); None for AIP, which has no group matrix."""
    stakeholders: tuple[StakeholderWeights, ...]
    spread: tuple[CriterionSpread, ...]

    @property
    def consistency_ratio(self) -> float | None:
        """CR of the group matrix (AIJ); None for AIP."""
        return None if self.group is None else self.group.consistency_ratio

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ids": list(self.ids),
            "method": self.method.value,
            "weights": _by_id(self.ids, self.weights),
            "consistency_ratio": self.consistency_ratio,
            "group": dict_or_none(self.group),
            "stakeholders": [stakeholder.to_dict() for stakeholder in self.stakeholders],
            "spread": {item.id: item.to_dict() for item in self.spread},
        }
