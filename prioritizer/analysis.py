"""Orchestration, still pure: from a Dataset and RunOptions to weights, problems and rankings.

The CLI calls these; they call the stage modules (matrices, weigh, rank, agreement) in one
direction and return result objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from prioritizer.agreement import compare_rankings
from prioritizer.matrices import build_problem
from prioritizer.models import Dataset, Stakeholder, pairwise_matrix
from prioritizer.options import RunOptions
from prioritizer.rank import rank_alternatives
from prioritizer.results.problem import DecisionProblem, Level
from prioritizer.results.ranking import Method, MethodAgreement, Ranking
from prioritizer.results.weights import WeightSet
from prioritizer.weigh import StakeholderInput, aggregate_weights, restrict_stakeholder


@dataclass(frozen=True, slots=True)
class RegionRanking:
    """A region's decision problem, the group weights used and the ranking(s) obtained."""

    problem: DecisionProblem
    weights: WeightSet
    ranking: Ranking
    comparison: tuple[Ranking, ...] = ()
    agreement: MethodAgreement | None = None


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


def rank_region(
    data: Dataset, region_id: str, options: RunOptions, *, compare: bool = False
) -> RegionRanking:
    """Ranks a region's mechanisms or projects with the group weights of its stakeholders."""
    problem = build_problem(data, region_id, options.level, lang=options.lang)
    weights = region_weights(data, region_id, options, criteria=problem.criteria)
    ranking = _rank(problem, weights, options, options.method)
    if not compare:
        return RegionRanking(problem, weights, ranking)
    others = tuple(_rank(problem, weights, options, method) for method in Method)
    return RegionRanking(problem, weights, ranking, others, compare_rankings(others))


def _rank(
    problem: DecisionProblem, weights: WeightSet, options: RunOptions, method: Method
) -> Ranking:
    order = [weights.ids.index(c) for c in problem.criteria]
    return rank_alternatives(
        problem.matrix,
        np.asarray(weights.weights)[order],
        problem.types,
        problem.ids,
        problem.criteria,
        method=method,
        normalization=options.normalization,
        ahp_mode=options.ahp_mode,
    )


def gap_drivers(
    problem: DecisionProblem, weights: WeightSet, k: int = 3
) -> dict[str, list[tuple[str, float]]]:
    """Per alternative, the gaps that contribute most to its weighted element score, with shares.

    Weighted by the group's element weights, so "which gaps drive its score" follows whose
    priorities are in force.
    """
    elements = problem.contributions.shape[2]
    w = np.array([weights.weight_of(c) for c in problem.criteria[:elements]])
    weighted = problem.contributions @ w
    result: dict[str, list[tuple[str, float]]] = {}
    for a, alternative in enumerate(problem.ids):
        total = float(weighted[a].sum())
        order = np.argsort(-weighted[a], kind="stable")[:k]
        result[alternative] = [
            (problem.gaps[g], float(weighted[a, g]) / total)
            for g in order
            if total > 0 and weighted[a, g] > 0
        ]
    return result


__all__ = ["Level", "RegionRanking", "gap_drivers", "rank_region", "region_weights"]
