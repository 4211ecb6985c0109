"""A region's mechanisms ranked: the decision problem, the methods, their agreement, rank
reversals, and which gaps drive the differences between regions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from prioritizer.core.agreement import compare_rankings
from prioritizer.core.analysis.weights import region_weights
from prioritizer.core.matrices import build_problem
from prioritizer.core.rank import rank_alternatives, rank_reversal_check
from prioritizer.data.models import Dataset
from prioritizer.options import RunOptions
from prioritizer.results.analysis import (
    Difference,
)
from prioritizer.results.problem import DecisionProblem
from prioritizer.results.ranking import FloatArray, Method, MethodAgreement, Ranking, RankReversal
from prioritizer.results.weights import WeightSet


@dataclass(frozen=True, slots=True)
class RegionRanking:
    """A region's decision problem, the group weights used and the ranking(s) obtained."""

    problem: DecisionProblem
    weights: WeightSet
    ranking: Ranking
    comparison: tuple[Ranking, ...] = ()
    agreement: MethodAgreement | None = None
    reversals: tuple[RankReversal, ...] = ()
    """Pairs whose order flips when one alternative is removed (rank reversal)."""


def rank_region(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    compare: bool = False,
) -> RegionRanking:
    """Ranks a region's mechanisms or projects with the group weights of its stakeholders, and
    checks which pairs would flip if one alternative were removed (rank reversal)."""
    problem = build_problem(data, region_id, options.level, lang=options.lang)
    weights = region_weights(data, region_id, options, criteria=problem.criteria)
    ranking = _rank(problem, weights, options, options.method)
    flips = _reversals(problem, weights, options, ranking)
    if not compare:
        return RegionRanking(problem, weights, ranking, reversals=flips)
    others = tuple(
        ranking if method is options.method else _rank(problem, weights, options, method)
        for method in Method
    )
    return RegionRanking(problem, weights, ranking, others, compare_rankings(others), flips)


def _reversals(
    problem: DecisionProblem,
    weights: WeightSet,
    options: RunOptions,
    ranking: Ranking | None = None,
) -> tuple[RankReversal, ...]:
    """The rank reversals of `options.method` on `problem`, whose `ranking` is not redone when
    given; the n removals are scored together (`rank_reversal_check`), so every ranking the
    user sees is checked, even with thousands."""
    return rank_reversal_check(
        *_kernel_input(problem, weights),
        ranking=ranking,
        method=options.method,
        normalization=options.normalization,
        ahp_mode=options.ahp_mode,
        vikor_v=options.vikor_v,
    )


def _rank(
    problem: DecisionProblem, weights: WeightSet, options: RunOptions, method: Method
) -> Ranking:
    return rank_alternatives(
        *_kernel_input(problem, weights),
        method=method,
        normalization=options.normalization,
        ahp_mode=options.ahp_mode,
        vikor_v=options.vikor_v,
    )


def _kernel_input(
    problem: DecisionProblem, weights: WeightSet
) -> tuple[FloatArray, FloatArray, npt.NDArray[np.int64], tuple[str, ...], tuple[str, ...]]:
    """Matrix, weights in the problem's criterion order, types, ids and criteria."""
    order = [weights.ids.index(c) for c in problem.criteria]
    weight = np.asarray(weights.weights)[order]
    return problem.matrix, weight, problem.types, problem.ids, problem.criteria


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


def severity_differences(data: Dataset, first: str, second: str) -> tuple[Difference, ...]:
    """Gaps whose severity differs between two regions, largest difference first, each with the
    report sentence of the region where it is more severe."""
    scale = data.relevance_scale
    found = []
    for gap in data.gaps:
        a, b = data.region(first).severity_of(gap.id), data.region(second).severity_of(gap.id)
        gap_size = scale.rank_of(a.level) - scale.rank_of(b.level)
        if gap_size == 0:
            continue
        worse = a if gap_size > 0 else b
        found.append(
            (
                -abs(gap_size),
                Difference(
                    kind="severity",
                    subject=gap.id,
                    values={first: a.level, second: b.level},
                    reason="compare.reason.severity",
                    reason_values={
                        "region": first if gap_size > 0 else second,
                        "source": worse.source,
                        "quote": worse.quote or "",
                    },
                ),
            )
        )
    return tuple(item for _, item in sorted(found, key=lambda pair: pair[0]))


def rank_shifts(
    first: RegionRanking, second: RegionRanking, *, top: int = 5
) -> tuple[Difference, ...]:
    """The alternatives whose rank moves most between two regions, with the gap whose weighted
    contribution differs most as the reason (a severity or weight difference)."""
    shared = [a for a in first.ranking.ids if a in second.ranking.ids]
    moves = []
    for alternative in shared:
        r1 = int(first.ranking.ranks[first.ranking.ids.index(alternative)])
        r2 = int(second.ranking.ranks[second.ranking.ids.index(alternative)])
        if r1 != r2:
            moves.append((-abs(r1 - r2), alternative, r1, r2))
    moves.sort()
    result = []
    for _, alternative, r1, r2 in moves[:top]:
        gap, delta = _gap_behind(first, second, alternative)
        result.append(
            Difference(
                kind="rank_shift",
                subject=alternative,
                values={first.problem.region: r1, second.problem.region: r2},
                reason="compare.reason.rank_shift" if gap else "compare.reason.weights",
                reason_values={
                    "gap": gap or "",
                    "higher": first.problem.region if delta > 0 else second.problem.region,
                },
            )
        )
    return tuple(result)


def _gap_behind(first: RegionRanking, second: RegionRanking, alternative: str) -> tuple[str, float]:
    parts = []
    for side in (first, second):
        problem = side.problem
        elements = problem.contributions.shape[2]
        w = np.array([side.weights.weight_of(c) for c in problem.criteria[:elements]])
        parts.append(problem.contributions[problem.ids.index(alternative)] @ w)
    delta = parts[0] - parts[1]
    g = int(np.argmax(np.abs(delta)))
    if abs(delta[g]) < 1e-12:
        return "", 0.0
    return first.problem.gaps[g], float(delta[g])
