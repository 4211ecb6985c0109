"""The group as it forms: which stakeholders' answers already count (those that link every
criterion), the data set as it would be with their judgments, the group weights of each region
(AIJ or AIP with the data set's influences) and how far the group agrees (Goepel's consensus
S* with its verbal band, and the sub-groups who agree more among themselves), all computed by
the core."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from prioritizer.core.analysis import region_weights
from prioritizer.core.elicit import Pair
from prioritizer.core.weigh.consensus import consensus_of
from prioritizer.data.load.reference import load_consensus_scale
from prioritizer.data.models import Dataset, Stakeholder
from prioritizer.data.models.consensus import ConsensusScale
from prioritizer.options import RunOptions
from prioritizer.results.judgments import Consensus
from prioritizer.results.weights import WeightSet
from prioritizer.web.judging import completed
from prioritizer.web.store import Sheet
from prioritizer.web.workshop import WorkshopData


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


def form_group(workshop: WorkshopData, sheets: Mapping[str, Sheet], options: RunOptions) -> Group:
    """The group from the answers so far (`sheets` by stakeholder id)."""
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
            agreement = consensus_of(weights, verbal_scale=_verbal_scale(), scale_max=top)
        regions.append(GroupRegion(r, tuple(counted[r]), tuple(waiting[r]), weights, agreement))
    return Group(tuple(regions), data)


@cache
def _verbal_scale() -> ConsensusScale:
    """Goepel's verbal bands of the consensus, read once."""
    return load_consensus_scale()
