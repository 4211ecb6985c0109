"""Judgments with gaps and a group's agreement: an incomplete pairwise matrix completed, with its
consistency and what is missing; the consensus of several stakeholders and their sub-groups.

Built by `prioritizer.core.weigh.incomplete` and `prioritizer.core.weigh.consensus`; data only,
no sentences (labels are keys such as `high`, worded in `locales/<lang>/judgments.yaml`). Arrays
are read-only and `.to_dict()` returns JSON-ready Python (NaN becomes None)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from prioritizer.results.records import attributes, dict_or_none
from prioritizer.results.weights import (
    FloatArray,
    WorstJudgment,
    freeze,
    saaty_measures,
)


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
        freeze(self, "matrix", "completed", "weights")

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
            **saaty_measures(self),
            "matrix": _table(self.completed),
            "worst_judgment": dict_or_none(self.worst_judgment),
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


@dataclass(frozen=True, slots=True)
class StakeholderAgreement:
    """How far one stakeholder's weights are from the group's."""

    id: str
    influence: float
    """Share of the stakeholder in the group (influences normalised to sum 1)."""
    weights: FloatArray
    distance: float
    """Euclidean distance to the group's (influence-weighted mean) weights."""
    compatibility: float | None
    """Saaty's compatibility index S with the group's weights (1 = identical); None when a
    weight is 0 or S overflows."""
    consensus_without: float | None
    """The group's consensus S* (percent) without this stakeholder; None with fewer than three
    stakeholders. Above the group's value: this stakeholder is the one at odds."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    def to_dict(self, ids: tuple[str, ...]) -> dict[str, Any]:
        """JSON-ready form, weights by criterion `ids`."""
        return {
            **attributes(self, "id", "influence"),
            "weights": _by_id(ids, self.weights),
            **attributes(self, "distance", "compatibility", "consensus_without"),
        }


@dataclass(frozen=True, slots=True)
class Subgroup:
    """Stakeholders whose weights agree more among themselves than with the rest."""

    members: tuple[str, ...]
    consensus: float
    """S* (percent) of the members alone."""
    label: str
    weights: FloatArray
    """The members' influence-weighted mean weights."""

    def __post_init__(self) -> None:
        freeze(self, "weights")

    def to_dict(self, ids: tuple[str, ...]) -> dict[str, Any]:
        """JSON-ready form, weights by criterion `ids`."""
        return {
            "members": list(self.members),
            **attributes(self, "consensus", "label"),
            "weights": _by_id(ids, self.weights),
        }


@dataclass(frozen=True, slots=True)
class Consensus:
    """A group's agreement on the weights: Goepel's Shannon-entropy consensus S*, each
    stakeholder's distance to the group, the pairwise similarity and the sub-groups."""

    ids: tuple[str, ...]
    """The criteria."""
    weights: FloatArray
    """The group's influence-weighted mean weights (the distribution of the γ-entropy)."""
    stakeholders: tuple[StakeholderAgreement, ...]
    alpha_entropy: float
    """Hα: the influence-weighted mean of the stakeholders' Shannon entropies (nats)."""
    gamma_entropy: float
    """Hγ: the Shannon entropy of the group's mean weights."""
    beta_entropy: float
    """Hβ = Hγ − Hα ≥ 0: 0 when everyone has the same weights."""
    scale_max: float
    """M, the largest value of the judgment scale (9 for Saaty's)."""
    consensus: float | None
    """S* in percent (0 no consensus, 100 full); None with fewer than two stakeholders."""
    label: str | None
    """The verbal band of `consensus` (`very-low` ... `very-high`)."""
    similarity: FloatArray
    """S* (percent) of every pair of stakeholders, in `stakeholders` order (100 on the
    diagonal)."""
    subgroups: tuple[Subgroup, ...]
    unclustered: tuple[str, ...]
    """Stakeholders in no sub-group."""
    subgroup_threshold: float
    """The consensus (percent) every sub-group reaches."""

    def __post_init__(self) -> None:
        freeze(self, "weights", "similarity")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "ids": list(self.ids),
            "weights": _by_id(self.ids, self.weights),
            "consensus": self.consensus,
            "label": self.label,
            "entropy": {
                "alpha": self.alpha_entropy,
                "gamma": self.gamma_entropy,
                "beta": self.beta_entropy,
            },
            "scale_max": self.scale_max,
            "stakeholders": [s.to_dict(self.ids) for s in self.stakeholders],
            "similarity": _table(self.similarity),
            "subgroups": [group.to_dict(self.ids) for group in self.subgroups],
            "unclustered": list(self.unclustered),
            "subgroup_threshold": self.subgroup_threshold,
        }
