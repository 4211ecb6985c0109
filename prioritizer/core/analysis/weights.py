"""A region's stakeholders as AHP inputs, and the region's group weights."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from prioritizer.core.weigh import StakeholderInput, aggregate_weights, restrict_stakeholder
from prioritizer.data.models import Dataset, Stakeholder, pairwise_matrix
from prioritizer.options import RunOptions
from prioritizer.results.weights import WeightSet


def stakeholder_input(
    stakeholder: Stakeholder, criteria: tuple[str, ...], lang: str
) -> StakeholderInput:
    """The weigh-stage view of a stakeholder: matrix over `criteria` (or points) and influence."""
    name = stakeholder.name.get(lang)
    if stakeholder.points is not None:
        return StakeholderInput(
            stakeholder.id, name, stakeholder.influence, points=dict(stakeholder.points)
        )
    matrix = np.array(pairwise_matrix(stakeholder, criteria), dtype=np.float64)
    return StakeholderInput(stakeholder.id, name, stakeholder.influence, matrix=matrix)


def region_weights(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    criteria: Sequence[str] | None = None,
    stakeholders: Sequence[str] | None = None,
) -> WeightSet:
    """Group weights of a region's stakeholders over `criteria` (default: every criterion).

    A subset of the criteria (ranking mechanisms uses the three elements only) restricts each
    stakeholder's judgments to that sub-matrix before aggregating, rather than renormalising.
    """
    every = data.criterion_ids
    kept = tuple(criteria) if criteria is not None else every
    people = [
        s for s in data.stakeholders_of(region_id) if stakeholders is None or s.id in stakeholders
    ]
    inputs = [stakeholder_input(s, every, options.lang) for s in people]
    if kept != every:
        inputs = [restrict_stakeholder(item, every, kept) for item in inputs]
    table = data.random_index.get(options.random_index).values
    scale = [float(v.value) for v in data.saaty_scale.values]
    return aggregate_weights(
        inputs, kept, method=options.aggregation, random_index=table, scale=scale
    )
