"""A region's candidate projects as a portfolio problem (values from the ranking), and the plans:
one region alone, with or without some projects, or two regions jointly."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from prioritizer.core.analysis.ranking import RegionRanking, _rank, _reversals
from prioritizer.core.analysis.weights import region_weights
from prioritizer.core.matrices import build_problem, severity_vector
from prioritizer.core.portfolio import Solver, select_portfolio
from prioritizer.data.models import Dataset
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.options import RunOptions
from prioritizer.results.analysis import (
    JointPlan,
)
from prioritizer.results.portfolio import Portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import Level
from prioritizer.results.ranking import Method, Ranking


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
    flips = _reversals(problem, weights, options, ranking)
    return RegionRanking(problem, weights, ranking, reversals=flips)


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
    ids = tuple(problem.ids[i] for i in keep)
    return replace(
        problem,
        ids=ids,
        names=tuple(problem.names[i] for i in keep),
        costs_pen=problem.costs_pen[keep],
        values=problem.values[keep],
        groups=tuple(problem.groups[i] for i in keep),
        requires=tuple((a, b) for a, b in problem.requires if a in ids and b in ids),
        excludes=tuple((a, b) for a, b in problem.excludes if a in ids and b in ids),
        mandatory=tuple(m for m in problem.mandatory if m in ids),
        incidence=problem.incidence[keep],
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
        value={r: p.objective for r, p in plans.items()},
        separate_value={r: p.objective for r, p in consistent_plans.items()},
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
