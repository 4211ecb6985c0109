"""An AHP hierarchy as read from a file (criteria, sub-criteria, alternatives judged pairwise or
rated on a scale) and its synthesis: each node's priorities and CR, the alternatives' global
priorities. Data only: built by data/load/hierarchy.py and core/weigh/hierarchy.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from prioritizer.results.records import dict_or_none
from prioritizer.results.weights import AhpWeights, FloatArray, freeze, frozen_array


class Synthesis(StrEnum):
    """How the alternatives' priorities under each leaf criterion are scaled before weighting."""

    DISTRIBUTIVE = "distributive"
    """Each leaf's priorities sum to 1: the global priorities sum to 1 (Saaty's classic mode)."""
    IDEAL = "ideal"
    """Each leaf's priorities divided by the largest: the best alternative there has 1 (keeps the
    rank of the others when a copy or a poor alternative is added, Belton & Gear 1983)."""


@dataclass(frozen=True, slots=True)
class ScaleSpec:
    """A rating scale: its intensities, best first, with a pairwise matrix among them or values."""

    id: str
    intensities: tuple[str, ...]
    matrix: tuple[tuple[float, ...], ...] | None = None
    values: tuple[float, ...] | None = None


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """A criterion: its sub-criteria with the matrix among them, or (a leaf) the matrix among
    the alternatives, or the alternatives' ratings on a scale."""

    id: str
    name: str
    children: tuple[NodeSpec, ...] = ()
    matrix: tuple[tuple[float, ...], ...] | None = None
    """Over the children (in their order) or, at a leaf, over the alternatives."""
    scale: str | None = None
    ratings: tuple[str, ...] | None = None
    """At a rated leaf: each alternative's intensity, in the alternatives' order."""


@dataclass(frozen=True, slots=True)
class HierarchySpec:
    """A whole decision: the goal (a node whose children are the criteria), the alternatives,
    the rating scales; `notes` say how printed values were read."""

    file: str
    goal: NodeSpec
    alternatives: tuple[str, ...]
    scales: tuple[ScaleSpec, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ScaleResult:
    """A rating scale's intensities with their values, the best at 1 (idealised)."""

    id: str
    intensities: tuple[str, ...]
    values: FloatArray
    ahp: AhpWeights | None

    def __post_init__(self) -> None:
        freeze(self, "values")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "values": dict(zip(self.intensities, map(float, self.values), strict=True)),
            "consistency_ratio": None if self.ahp is None else self.ahp.consistency_ratio,
        }


@dataclass(frozen=True, slots=True)
class NodeResult:
    """One criterion (or the goal): its weight under its parent and in the whole, the AHP of its
    own judgments, and at a leaf the alternatives' priorities under it (scaled by the mode)."""

    id: str
    name: str
    local_weight: float
    global_weight: float
    ahp: AhpWeights | None
    """The judgments among its children or, at a leaf, among the alternatives (None: one child,
    or a rated leaf)."""
    children: tuple[NodeResult, ...]
    alternatives: FloatArray | None
    """At a leaf: each alternative's priority under it, before weighting (in the mode's scale)."""
    alternative_ids: tuple[str, ...] = ()
    ratings: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.alternatives is not None:
            object.__setattr__(self, "alternatives", frozen_array(self.alternatives))

    @property
    def consistency_ratio(self) -> float | None:
        """The CR of the node's own judgments (None when it has none to check)."""
        return None if self.ahp is None else self.ahp.consistency_ratio

    def walk(self) -> tuple[NodeResult, ...]:
        """This node and every node below it, depth first."""
        return (self, *(node for child in self.children for node in child.walk()))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        leaf: dict[str, Any] = {}
        if self.alternatives is not None:
            leaf["alternatives"] = dict(
                zip(self.alternative_ids, map(float, self.alternatives), strict=True)
            )
        if self.ratings is not None:
            leaf["ratings"] = dict(zip(self.alternative_ids, self.ratings, strict=True))
        return {
            "id": self.id,
            "name": self.name,
            "local_weight": self.local_weight,
            "global_weight": self.global_weight,
            "consistency_ratio": self.consistency_ratio,
            "ahp": dict_or_none(self.ahp),
            **leaf,
            "children": [child.to_dict() for child in self.children],
        }


@dataclass(frozen=True, slots=True)
class HierarchyResult:
    """The synthesis: each alternative's score Σ (leaf global weight × its priority there) and
    its global priority (the scores normalised to sum 1), with every node's result."""

    alternatives: tuple[str, ...]
    mode: Synthesis
    scores: FloatArray
    priorities: FloatArray
    goal: NodeResult
    scales: tuple[ScaleResult, ...]
    threshold: float

    def __post_init__(self) -> None:
        freeze(self, "scores", "priorities")

    @property
    def inconsistent(self) -> tuple[NodeResult, ...]:
        """The nodes whose judgments have a CR above the threshold."""
        return tuple(
            node
            for node in self.goal.walk()
            if node.consistency_ratio is not None and node.consistency_ratio > self.threshold
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: `priorities` and `scores` by alternative, the tree under `goal`."""
        return {
            "mode": self.mode.value,
            "alternatives": list(self.alternatives),
            "priorities": dict(zip(self.alternatives, map(float, self.priorities), strict=True)),
            "scores": dict(zip(self.alternatives, map(float, self.scores), strict=True)),
            "threshold": self.threshold,
            "inconsistent": [node.id for node in self.inconsistent],
            "goal": self.goal.to_dict(),
            "scales": [scale.to_dict() for scale in self.scales],
        }
