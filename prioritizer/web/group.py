"""The group as it forms: which stakeholders' answers already count (those that link every
criterion), the data set as it would be with their judgments, the group weights of each region
(AIJ or AIP with the data set's influences) and how far the group agrees (Goepel's consensus
S* with its verbal band, and the sub-groups who agree more among themselves), all computed by
the core.

Sub-groups are the stakeholders whose consensus among themselves reaches a level the planner
chooses (75 to 95%), or by default the first of those levels above the region's own consensus:
a group that agrees at 81% as a whole is one sub-group at 75 or 80%, and the sub-groups worth
showing are those that agree more closely than the whole group does."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np

from prioritizer.core.analysis import region_weights
from prioritizer.core.elicit import Pair
from prioritizer.core.weigh.consensus import ahp_consensus, consensus_of, entropy_partition
from prioritizer.data.load.reference import load_consensus_scale
from prioritizer.data.models import Dataset, Stakeholder
from prioritizer.data.models.consensus import ConsensusScale
from prioritizer.options import RunOptions
from prioritizer.results.judgments import Consensus
from prioritizer.results.weights import WeightSet
from prioritizer.web.judging import completed
from prioritizer.web.store import Sheet
from prioritizer.web.workshop import WorkshopData

SUBGROUP_LEVELS = (75, 80, 85, 90, 95)
"""The consensus (percent) sub-groups can be asked to reach; 75 is where Goepel's "high" band
starts."""


@dataclass(frozen=True, slots=True)
class GroupRegion:
    """One region's group: who counts, who does not yet, and their weights."""

    region: str
    counted: tuple[str, ...]
    """Stakeholders whose answers link every criterion (skipped pairs completed)."""
    waiting: tuple[str, ...]
    weights: WeightSet | None
    """The group's weights from the counted stakeholders; None while nobody counts."""
    consensus: Consensus | None
    """The counted stakeholders' consensus and sub-groups; None while fewer than two count."""


@dataclass(frozen=True, slots=True)
class Group:
    """Every region's group, and the data set with the workshop's judgments: in each region
    with someone counted, exactly the counted stakeholders with their (completed) answers;
    elsewhere the data set's own stakeholders."""

    regions: tuple[GroupRegion, ...]
    data: Dataset

    def region(self, region: str) -> GroupRegion:
        """One region's group."""
        return next(g for g in self.regions if g.region == region)


def judgments_of(answers: Mapping[Pair, float]) -> dict[str, dict[str, float]]:
    """Answers as a stakeholder's `judgments` mapping (row: {column: value})."""
    result: dict[str, dict[str, float]] = {}
    for pair, value in answers.items():
        result.setdefault(pair.row, {})[pair.column] = value
    return result


def form_group(
    workshop: WorkshopData,
    sheets: Mapping[str, Sheet],
    options: RunOptions,
    *,
    subgroup_level: int | None = None,
) -> Group:
    """The group from the answers so far (`sheets` by stakeholder id); sub-groups reach
    `subgroup_level` (percent) among themselves, or by default the first of SUBGROUP_LEVELS
    above each region's own consensus."""
    q = workshop.questionnaire
    people: list[Stakeholder] = []
    counted: dict[str, list[str]] = {r: [] for r in workshop.data.region_ids}
    waiting: dict[str, list[str]] = {r: [] for r in workshop.data.region_ids}
    for person in workshop.stakeholders:
        sheet = sheets.get(person.id)
        full = completed(q, sheet.answers) if sheet is not None else {}
        if full:
            update = {"judgments": judgments_of(full), "points": None}
            people.append(person.model_copy(update=update))
            counted[person.region].append(person.id)
        else:
            waiting[person.region].append(person.id)
    kept = [s for s in workshop.data.stakeholders if not counted.get(s.region)]
    data = workshop.data.model_copy(update={"stakeholders": (*kept, *people)})
    top = float(max(workshop.questionnaire.scale))
    regions = []
    for r in workshop.regions:
        weights = region_weights(data, r, options) if counted[r] else None
        agreement = None
        if weights is not None and len(weights.stakeholders) >= 2:
            level = subgroup_level or subgroup_level_above(group_consensus(weights, top))
            agreement = consensus_of(
                weights, verbal_scale=verbal_scale(), scale_max=top, subgroup_threshold=level
            )
        regions.append(GroupRegion(r, tuple(counted[r]), tuple(waiting[r]), weights, agreement))
    return Group(tuple(regions), data)


def group_consensus(weights: WeightSet, scale_max: float) -> float:
    """The consensus S* (percent) of a region's stakeholders as `consensus_of` computes it
    (Goepel 2018: each one's weights, their influences), without its sub-groups."""
    rows = np.array([s.weights for s in weights.stakeholders], dtype=np.float64)
    rows /= rows.sum(axis=1, keepdims=True)
    share = np.array([s.influence for s in weights.stakeholders], dtype=np.float64)
    _, _, beta = entropy_partition(rows, share / share.sum())
    return ahp_consensus(beta, rows.shape[1], scale_max)


def subgroup_level_above(consensus: float) -> int:
    """The first of SUBGROUP_LEVELS above a group's consensus (the last when none is)."""
    return next((level for level in SUBGROUP_LEVELS if level > consensus), SUBGROUP_LEVELS[-1])


@cache
def verbal_scale() -> ConsensusScale:
    """Goepel's verbal bands of the consensus, read once."""
    return load_consensus_scale()
