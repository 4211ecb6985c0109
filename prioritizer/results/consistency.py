"""One pairwise matrix with every consistency measure: the result of `weights ahp FILE`.

Built by `prioritizer.core.weigh.consistency`; data only. Arrays are read-only and
`.to_dict()` returns JSON-ready Python whose keys include those of `AhpWeights.to_dict()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prioritizer.results.weights import FloatArray, WorstJudgment, freeze


class Priorities(StrEnum):
    """How the priorities are derived from a pairwise matrix."""

    EIGENVECTOR = "eigenvector"
    """Saaty's principal right eigenvector, judged by the consistency ratio CR."""
    GEOMETRIC = "geometric"
    """Row geometric mean (logarithmic least squares), judged by the GCI."""


@dataclass(frozen=True, slots=True)
class Koczkodaj:
    """Koczkodaj's inconsistency index and the triad (i, j, k) that attains it."""

    index: float
    triad: tuple[str, str, str] | None
    """None for fewer than three criteria or when every triad is consistent."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"index": self.index, "triad": None if self.triad is None else list(self.triad)}


@dataclass(frozen=True, slots=True)
class PairwiseAnalysis:
    """Priorities of one pairwise matrix with Saaty's CR, the GCI and Koczkodaj's index.

    `consistency_ratio` and `random_index_used` are None when the random-index table does not
    list the matrix's order (`random_index_orders` says which it lists). `consistent` is the
    verdict of the chosen priorities' own index (CR for the eigenvector, GCI for the geometric
    mean); None when that index has no value (no CR).
    """

    ids: tuple[str, ...]
    weights: FloatArray
    matrix: FloatArray
    priorities: Priorities
    lambda_max: float
    consistency_index: float
    consistency_ratio: float | None
    random_index_used: float | None
    threshold: float
    consistent: bool | None
    gci: float
    gci_threshold: float | None
    """Aguarón & Moreno-Jiménez's threshold for the order; None for n ≤ 2."""
    koczkodaj: Koczkodaj
    worst_judgment: WorstJudgment | None
    random_index_table: str | None = None
    random_index_orders: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        freeze(self, "weights", "matrix")

    @property
    def beyond_table(self) -> bool:
        """The random-index table does not list this order, so there is no CR."""
        return self.consistency_ratio is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: `AhpWeights`' keys (CR and RI null beyond the table) plus
        `priorities`, `gci`, `gci_threshold`, `koczkodaj` and the table used."""
        return {
            "ids": list(self.ids),
            "weights": {
                key: float(value) for key, value in zip(self.ids, self.weights, strict=True)
            },
            "priorities": self.priorities.value,
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "random_index": self.random_index_used,
            "random_index_table": self.random_index_table,
            "threshold": self.threshold,
            "consistent": self.consistent,
            "gci": self.gci,
            "gci_threshold": self.gci_threshold,
            "koczkodaj": self.koczkodaj.to_dict(),
            "matrix": [[float(value) for value in row] for row in self.matrix],
            "worst_judgment": None
            if self.worst_judgment is None
            else self.worst_judgment.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class GroupMember:
    """One matrix file of a group: its name, its share of the influence and its analysis,
    and the `file` it was read from."""

    name: str
    influence: float
    analysis: PairwiseAnalysis
    file: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the analysis' keys after `id`, `name` (the file, as a group of
        files names its stakeholders) and `influence`."""
        head = {"id": self.name, "name": self.file, "influence": self.influence}
        return {**head, **self.analysis.to_dict()}


@dataclass(frozen=True, slots=True)
class PairwiseGroup:
    """A group's priorities from several matrix files by the row geometric mean: each member's
    analysis, and the group's by AIJ (the RGM of the weighted geometric mean of the judgments,
    with its own analysis) or AIP (the weighted arithmetic mean of the members' priorities)."""

    ids: tuple[str, ...]
    method: str
    """`aij` or `aip`, as `--aggregation` spells it."""
    weights: FloatArray
    members: tuple[GroupMember, ...]
    group: PairwiseAnalysis | None
    """The analysis of the group matrix (AIJ); None for AIP, which has no group matrix."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, with `WeightSet`'s top-level keys where they mean the same."""
        return {
            "ids": list(self.ids),
            "method": self.method,
            "priorities": Priorities.GEOMETRIC.value,
            "weights": {key: float(v) for key, v in zip(self.ids, self.weights, strict=True)},
            "gci": None if self.group is None else self.group.gci,
            "group": None if self.group is None else self.group.to_dict(),
            "stakeholders": [member.to_dict() for member in self.members],
        }
