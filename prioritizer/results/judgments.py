"""Judgments with gaps and a group's agreement: an incomplete pairwise matrix completed, with its
consistency and what is missing; the consensus of several stakeholders and their sub-groups.

Built by `prioritizer.core.incomplete` and `prioritizer.core.consensus`; data only, no sentences
(labels are keys such as `high`, worded in `locales/<lang>/judgments.yaml`). Arrays are read-only
and `.to_dict()` returns JSON-ready Python (NaN becomes None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from prioritizer.results.weights import FloatArray, WorstJudgment, frozen_array


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _by_id(ids: tuple[str, ...], values: FloatArray) -> dict[str, float | None]:
    return {key: _number(float(value)) for key, value in zip(ids, values, strict=True)}


def _table(values: FloatArray) -> list[list[float | None]]:
    return [[_number(float(value)) for value in row] for row in values]


def _pairs(pairs: tuple[tuple[str, str], ...]) -> list[dict[str, str]]:
    return [{"row": row, "column": column} for row, column in pairs]


@dataclass(frozen=True, slots=True)
class IncompleteAhp:
    """Priorities from a pairwise matrix in which some pairs are not judged.

    The missing judgments are filled with the values that make λmax smallest (the optimal
    completion); weights, λmax, CI and CR are those of the completed matrix, CR against the
    random index of a matrix with that many judgments missing. When the judgments do not link
    every criterion, everything is computed for the largest linked group (`group`) and the other
    criteria have NaN weights.
    """

    ids: tuple[str, ...]
    matrix: FloatArray
    """The judgments as given (a pair given in one cell has its reciprocal); NaN where missing."""
    completed: FloatArray
    """`matrix` with the missing judgments of `group` filled; NaN between unlinked groups."""
    weights: FloatArray
    """Principal eigenvector of the completed group matrix (sums to 1); NaN outside `group`."""
    groups: tuple[tuple[str, ...], ...]
    """Criteria linked to each other by judgments, largest group first."""
    missing: tuple[tuple[str, str], ...]
    """Pairs (row, column) not judged, the row first in `ids` order."""
    questions_to_connect: tuple[tuple[str, str], ...]
    """The fewest further pairs whose judgments would link every criterion (none when linked)."""
    cycles: int
    """Independent cycles among the group's judgments: how many judgments can be checked
    against the others (0: every pair is linked by a single path, nothing can contradict)."""
    lambda_max: float
    consistency_index: float
    consistency_ratio: float | None
    """CI / RI; None when there is no cycle to check (an incomplete tree of judgments)."""
    random_index_used: float | None
    threshold: float
    worst_judgment: WorstJudgment | None
    """The given judgment furthest from the priorities, when CR exceeds the threshold."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix", frozen_array(self.matrix))
        object.__setattr__(self, "completed", frozen_array(self.completed))
        object.__setattr__(self, "weights", frozen_array(self.weights))

    @property
    def group(self) -> tuple[str, ...]:
        """The criteria the weights cover: the largest group linked by judgments."""
        return self.groups[0]

    @property
    def connected(self) -> bool:
        """Every criterion is linked to every other by a chain of judgments."""
        return len(self.groups) == 1

    @property
    def consistent(self) -> bool | None:
        """CR within the threshold; None when there is no CR (nothing to check yet)."""
        ratio = self.consistency_ratio
        return None if ratio is None else ratio <= self.threshold

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the keys of a complete matrix's result (`matrix` is the completed
        one) plus what is missing and how the judgments link the criteria."""
        position = {criterion: index for index, criterion in enumerate(self.ids)}
        return {
            "ids": list(self.ids),
            "weights": _by_id(self.ids, self.weights),
            "lambda_max": self.lambda_max,
            "consistency_index": self.consistency_index,
            "consistency_ratio": self.consistency_ratio,
            "random_index": self.random_index_used,
            "threshold": self.threshold,
            "consistent": self.consistent,
            "matrix": _table(self.completed),
            "worst_judgment": None
            if self.worst_judgment is None
            else self.worst_judgment.to_dict(),
            "given_matrix": _table(self.matrix),
            "missing": [
                {
                    "row": row,
                    "column": column,
                    "completed": _number(float(self.completed[position[row], position[column]])),
                }
                for row, column in self.missing
            ],
            "groups": [list(group) for group in self.groups],
            "connected": self.connected,
            "questions_to_connect": _pairs(self.questions_to_connect),
            "cycles": self.cycles,
        }
