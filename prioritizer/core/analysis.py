"""Orchestration, still pure: from a Dataset and RunOptions to weights, problems and rankings.

The CLI calls these; they call the stage modules (matrices, weigh, rank, agreement) in one
direction and return result objects.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from prioritizer.core.agreement import compare_rankings
from prioritizer.core.frontier import sweep_budget
from prioritizer.core.matrices import build_problem, severity_vector
from prioritizer.core.portfolio import Solver, select_portfolio
from prioritizer.core.portfolio.limits import Deadline, no_progress
from prioritizer.core.portfolio.limits import Progress as StageProgress
from prioritizer.core.rank import rank_alternatives, rank_reversal_check
from prioritizer.core.robustness import Progress, assess_robustness, sampler_spec
from prioritizer.core.weigh import StakeholderInput, aggregate_weights, restrict_stakeholder
from prioritizer.data.models import Dataset, Stakeholder, pairwise_matrix
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.options import RunOptions
from prioritizer.results.analysis import (
    Difference,
    JointPlan,
    RegionAnalysis,
    RegionComparison,
)
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import DecisionProblem, Level
from prioritizer.results.ranking import FloatArray, Method, MethodAgreement, Ranking, RankReversal
from prioritizer.results.robustness import RobustnessReport
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
    flips = _reversals(problem, weights, options)
    if not compare:
        return RegionRanking(problem, weights, ranking, reversals=flips)
    others = tuple(_rank(problem, weights, options, method) for method in Method)
    return RegionRanking(problem, weights, ranking, others, compare_rankings(others), flips)


def _reversals(
    problem: DecisionProblem, weights: WeightSet, options: RunOptions
) -> tuple[RankReversal, ...]:
    """The rank reversals of `options.method` on `problem`; the n removals are scored together
    (`rank_reversal_check`), so every ranking the user sees is checked, even with thousands."""
    return rank_reversal_check(
        *_kernel_input(problem, weights),
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


def portfolio_values(ranking: Ranking) -> npt.NDArray[np.float64]:
    """A ranking's scores as portfolio values: non-negative and higher-is-better for every method.

    TOPSIS closeness and AHP priorities are used as they are; VIKOR's Q and SPOTIS's distance
    (both in [0, 1], lower is better) become 1 - score; PROMETHEE II's net flow (in [-1, 1])
    becomes (1 + flow) / 2. The order of the projects is unchanged.
    """
    scores = np.asarray(ranking.scores, dtype=np.float64)
    if ranking.method is Method.PROMETHEE:
        return (1.0 + scores) / 2.0
    if not ranking.higher_is_better:
        return np.clip(1.0 - scores, 0.0, None)
    return np.clip(scores, 0.0, None)


def project_scores(data: Dataset, region_id: str, options: RunOptions) -> RegionRanking:
    """The region's projects ranked on the three elements only: in a portfolio the cost is the
    budget constraint, so it is not counted a second time as a criterion."""
    full = build_problem(data, region_id, Level.PROJECTS, lang=options.lang)
    keep = [j for j, criterion in enumerate(full.criteria) if criterion in data.element_ids]
    problem = replace(
        full,
        criteria=tuple(full.criteria[j] for j in keep),
        types=_read_only(full.types[keep]),
        matrix=_read_only(full.matrix[:, keep]),
    )
    weights = region_weights(data, region_id, options, criteria=problem.criteria)
    ranking = _rank(problem, weights, options, options.method)
    return RegionRanking(problem, weights, ranking, reversals=_reversals(problem, weights, options))


def portfolio_problem(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    values: npt.NDArray[np.float64] | None = None,
    mandatory: Sequence[str] = (),
) -> PortfolioProblem:
    """The region's candidate projects as an integer program: costs charged to the region,
    values from `values` (default: `portfolio_values` of `project_scores`), the data's rules."""
    projects = data.projects_in(region_id)
    ids = [p.id for p in projects]
    if values is None:
        values = portfolio_values(project_scores(data, region_id, options).ranking)
    region = data.region(region_id)
    severity = severity_vector(data, region_id)
    threshold = data.relevance_scale.value_of("HIGH") if "HIGH" in data.relevance_scale.ids else 0
    gap_ids = [g.id for g in data.gaps]
    incidence = [[1 if g in p.gaps else 0 for g in gap_ids] for p in projects]
    budget = options.budget_for(region_id)
    return PortfolioProblem.build(
        ids=ids,
        names=[p.name.get(options.lang) for p in projects],
        costs_pen=[p.cost_in(region_id) for p in projects],
        values=values,
        budget_pen=region.budget.budget_pen if budget is None else budget,
        groups=[p.value_chain for p in projects],
        requires=[(p.id, other) for p in projects for other in p.requires],
        excludes=[(p.id, other) for p in projects for other in p.excludes if other in ids],
        mandatory=[p.id for p in projects if p.mandatory] + [m for m in mandatory if m in ids],
        min_per_group=dict(region.rules.min_projects_per_chain),
        min_share_per_group=dict(region.rules.min_budget_share_per_chain),
        max_projects=options.max_projects,
        value_mode="coverage" if options.value == "coverage" else "score",
        gaps=gap_ids,
        severity=severity,
        incidence=incidence,
        diminishing=options.diminishing,
        require_coverage=[g for g, s in zip(gap_ids, severity, strict=True) if s >= threshold]
        if options.require_coverage
        else [],
    )


def uncovered_gaps(data: Dataset, region_id: str, selected: Sequence[str]) -> list[str]:
    """Gaps of severity HIGH or above in the region that no selected project addresses."""
    scale = data.relevance_scale
    high = scale.rank_of("HIGH") if "HIGH" in scale.ids else 0
    covered = {g for p in data.projects if p.id in selected for g in p.gaps}
    region = data.region(region_id)
    return [
        s.gap for s in region.severities if scale.rank_of(s.level) >= high and s.gap not in covered
    ]


def _solver(options: RunOptions) -> Solver:
    """The solver named in the options, as the portfolio stage spells it."""
    return "cbc" if options.solver == "cbc" else "highs"


def _read_only(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    copy = np.array(array)
    copy.setflags(write=False)
    return copy


def without_projects(problem: PortfolioProblem, drop: set[str]) -> PortfolioProblem:
    """The problem with `drop` removed, and every project that requires a removed one."""
    removed = set(drop)
    changed = True
    while changed:
        changed = False
        for a, b in problem.requires:
            if b in removed and a not in removed:
                removed.add(a)
                changed = True
    keep = [i for i, p in enumerate(problem.ids) if p not in removed]
    ids = [problem.ids[i] for i in keep]
    return PortfolioProblem.build(
        ids=ids,
        names=[problem.names[i] for i in keep],
        costs_pen=[int(problem.costs_pen[i]) for i in keep],
        values=[float(problem.values[i]) for i in keep],
        budget_pen=problem.budget_pen,
        groups=[problem.groups[i] for i in keep] if problem.groups else None,
        requires=[(a, b) for a, b in problem.requires if a in ids and b in ids],
        excludes=[(a, b) for a, b in problem.excludes if a in ids and b in ids],
        mandatory=[m for m in problem.mandatory if m in ids],
        min_per_group=problem.min_per_group,
        min_share_per_group=problem.min_share_per_group,
        max_projects=problem.max_projects,
        value_mode=problem.value_mode,
        gaps=problem.gaps,
        severity=problem.severity,
        incidence=[[int(v) for v in problem.incidence[i]] for i in keep] if problem.gaps else None,
        diminishing=problem.diminishing,
        require_coverage=problem.require_coverage,
    )


def with_projects(problem: PortfolioProblem, force: set[str]) -> PortfolioProblem:
    """The problem with `force` made mandatory."""
    return replace(problem, mandatory=tuple(dict.fromkeys([*problem.mandatory, *sorted(force)])))


def plan_jointly(
    problems: dict[str, PortfolioProblem],
    separate: dict[str, Portfolio],
    shared: Sequence[str],
    *,
    solver: Solver = "highs",
) -> JointPlan | None:
    """Plans the regions together: a shared project is funded in every region or in none.

    Exact by decomposition: for each choice of shared projects (2^k, k small), each region's
    problem is independent, so the joint optimum is the best sum of regional optima. None when
    no choice is feasible for every region.
    """
    choices: dict[frozenset[str], tuple[float, dict[str, Portfolio]]] = {}
    for count in range(len(shared) + 1):
        for funded in combinations(shared, count):
            plan = _plan_with(problems, set(funded), set(shared), solver)
            if plan is not None:
                choices[frozenset(funded)] = plan
    if not choices:
        return None
    best = max(choices, key=lambda key: (choices[key][0], -len(key), sorted(key)))
    objective, plans = choices[best]
    agreed = {p for p in shared if all(p in separate[r].selected for r in separate)}
    consistent = choices.get(frozenset(agreed))
    stranded = sum(
        int(problems[r].costs_pen[problems[r].ids.index(p)])
        for r, plan in separate.items()
        for p in plan.selected
        if p in shared and p not in agreed
    )
    consistent_value, consistent_plans = (float("nan"), {}) if consistent is None else consistent
    return JointPlan(
        objective=objective,
        separate_objective=consistent_value,
        selected={r: p.selected for r, p in plans.items()},
        separate_selected={r: p.selected for r, p in consistent_plans.items()},
        spend_pen={r: p.total_cost_pen for r, p in plans.items()},
        separate_spend_pen={r: p.total_cost_pen for r, p in consistent_plans.items()},
        stranded_pen=stranded,
        shared_funded=tuple(sorted(best)),
    )


def _plan_with(
    problems: dict[str, PortfolioProblem], funded: set[str], shared: set[str], solver: Solver
) -> tuple[float, dict[str, Portfolio]] | None:
    plans: dict[str, Portfolio] = {}
    for region, problem in problems.items():
        reduced = without_projects(problem, shared - funded)
        if (funded & set(problem.ids)) - set(reduced.ids):
            return None  # a funded shared project needs one that is not funded
        local = with_projects(reduced, funded & set(reduced.ids))
        try:
            plans[region] = select_portfolio(local, solver=solver, explain=False)
        except InfeasiblePortfolio:
            return None
    return sum(p.objective for p in plans.values()), plans


def analyse_region(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    progress: StageProgress = no_progress,
    clock: Deadline | None = None,
) -> RegionAnalysis:
    """Weights, rankings, the chosen portfolio with its reasons and the budget frontier;
    `progress` sees the portfolio's stages (stage, done, total); `clock` is the run's deadline
    (shared by every region; by default `options.deadline` from now)."""
    clock = clock or Deadline(options.deadline)
    mechanisms = rank_region(data, region_id, replace(options, level=Level.MECHANISMS))
    scored = project_scores(data, region_id, options)
    problem = portfolio_problem(data, region_id, options, values=portfolio_values(scored.ranking))
    solver = _solver(options)
    chosen: Portfolio | None = None
    failure: InfeasiblePortfolio | None = None
    frontier: Frontier | None = None
    try:
        chosen = select_portfolio(
            problem,
            solver=solver,
            time_limit=options.time_limit,
            deadline=clock,
            progress=progress,
        )
    except InfeasiblePortfolio as error:
        failure = error
    else:
        frontier = sweep_budget(
            problem, points=options.frontier_points, solver=solver, deadline=clock
        )
    return RegionAnalysis(
        region=region_id,
        budget_pen=problem.budget_pen,
        weights=region_weights(data, region_id, options),
        mechanisms=mechanisms.ranking,
        mechanism_problem=mechanisms.problem,
        mechanism_weights=mechanisms.weights,
        projects=scored.ranking,
        mechanism_reversals=mechanisms.reversals,
        project_reversals=scored.reversals,
        portfolio=chosen,
        infeasible=failure,
        frontier=frontier,
        uncovered=tuple(uncovered_gaps(data, region_id, chosen.selected if chosen else ())),
        shared=tuple(p.id for p in data.projects_in(region_id) if p.interregional),
        portfolio_problem=problem,
        robustness=region_robustness(
            data,
            region_id,
            options,
            samples=options.samples,
            seed=options.seed,
            scored=scored,
            portfolio=problem,
        )
        if options.samples > 0 and chosen is not None
        else None,
    )


def compare_regions(
    data: Dataset,
    options: RunOptions,
    *,
    regions: Sequence[str] | None = None,
    joint: bool = False,
    progress: StageProgress = no_progress,
) -> RegionComparison:
    """Analyses the regions alike and says what differs and why; `joint` also plans them as one."""
    ids = list(regions or data.region_ids)
    clock = Deadline(options.deadline)  # one deadline for the whole run
    analyses = tuple(analyse_region(data, r, options, progress=progress, clock=clock) for r in ids)
    differences: list[Difference] = []
    if len(ids) == 2:
        first, second = ids
        differences += severity_differences(data, first, second)
        a, b = analyses
        ranked = [
            RegionRanking(x.mechanism_problem, x.mechanism_weights, x.mechanisms) for x in (a, b)
        ]
        differences += rank_shifts(ranked[0], ranked[1])
        differences += _shared_in_one(a, b)
    plan = None
    if joint:
        problems = {x.region: x.portfolio_problem for x in analyses}
        separate = {x.region: x.portfolio for x in analyses if x.portfolio is not None}
        shared = sorted({p for x in analyses for p in x.shared})
        if len(separate) == len(analyses):
            plan = plan_jointly(problems, separate, shared)
    return RegionComparison(analyses, tuple(differences), plan)


def _shared_in_one(a: RegionAnalysis, b: RegionAnalysis) -> list[Difference]:
    found: list[Difference] = []
    if a.portfolio is None or b.portfolio is None:
        return found
    for project in sorted(set(a.shared) & set(b.shared)):
        chosen = [x.region for x in (a, b) if project in x.portfolio.selected]  # type: ignore[union-attr]
        if len(chosen) == 1:
            found.append(
                Difference(
                    kind="chosen_in_one",
                    subject=project,
                    values={x.region: project in x.portfolio.selected for x in (a, b)},  # type: ignore[union-attr]
                    reason="compare.reason.shared_in_one",
                    reason_values={"region": chosen[0]},
                )
            )
    return found


def region_robustness(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    kind: str = "group",
    samples: int = 10_000,
    seed: int = 0,
    progress: Progress | None = None,
    scored: RegionRanking | None = None,
    portfolio: PortfolioProblem | None = None,
) -> RobustnessReport:
    """SMAA-2 of the region's project ranking, stability intervals, and the portfolio core index.

    Scenarios are drawn over every criterion (cost included) for the ranking; the core index
    restricts them to the elements, as the portfolio's values are (cost is its constraint).
    `scored` and `portfolio` (from `project_scores` / `portfolio_problem`) are reused when given.
    """
    problem = build_problem(data, region_id, Level.PROJECTS, lang=options.lang)
    weights = region_weights(data, region_id, options, criteria=problem.criteria)
    spec = sampler_spec(kind, samples, seed, problem.criteria, weights)
    if scored is None:
        scored = project_scores(data, region_id, options)
    if portfolio is None:
        portfolio = portfolio_problem(
            data, region_id, options, values=portfolio_values(scored.ranking)
        )
    return assess_robustness(
        problem,
        spec,
        weights.weights,
        portfolio=portfolio
        if options.method is Method.TOPSIS and options.value == "score"
        else None,
        value_weights=scored.weights.weights,
        method=options.method,
        normalization=options.normalization,
        ahp_mode=options.ahp_mode,
        solver=_solver(options),
        progress=progress,
    )
