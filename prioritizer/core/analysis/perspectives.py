"""Whose portfolio is this: the best portfolio under each stakeholder group's own weights.

For every group of a region's stakeholders (their `group` field), the group's judgments alone
are aggregated as everyone's are (same aggregation, influence and criteria), the projects are
scored with those weights by the same method, and the best portfolio is chosen under the same
budget and rules. Each is set beside the portfolio of all stakeholders, both ways: the group's
portfolio valued with everyone's weights, and everyone's portfolio valued with the group's.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from prioritizer.core.analysis.portfolios import _solver, portfolio_values, project_scores
from prioritizer.core.analysis.ranking import _rank
from prioritizer.core.analysis.weights import region_weights
from prioritizer.core.portfolio import evaluate_portfolio, select_portfolio
from prioritizer.core.portfolio.limits import Clock, Progress, as_deadline, no_progress
from prioritizer.data.models import Dataset
from prioritizer.options import RunOptions
from prioritizer.results.alternatives import Alternatives, GroupPerspectives, GroupPortfolio
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio import Portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem


def stakeholder_groups(data: Dataset, region_id: str) -> dict[str, tuple[str, ...]]:
    """The region's stakeholder groups and their members, in the order of the data set."""
    groups: dict[str, list[str]] = {}
    for person in data.stakeholders_of(region_id):
        groups.setdefault(person.group, []).append(person.id)
    return {group: tuple(members) for group, members in groups.items()}


def group_portfolios(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    problem: PortfolioProblem,
    common: Portfolio,
    deadline: float | Clock | None = None,
    progress: Progress = no_progress,
) -> GroupPerspectives:
    """Each stakeholder group's best portfolio under its own weights, beside `common` (the
    best portfolio of `problem`, whose values come from everyone's weights).

    `problem` keeps its budget and rules for every group; only the project values change.

    Raises
    ------
    ValueError
        When the problem values coverage (no weights in it, so every group would agree).
    PortfolioInfeasible, SolverFailure
        As `select_portfolio`.
    """
    if problem.value_mode != "score":
        raise ValueError("stakeholder groups differ only in score mode")
    clock = as_deadline(deadline)
    scored = project_scores(data, region_id, options)
    criteria = scored.problem.criteria
    groups = stakeholder_groups(data, region_id)
    shared = _vector(problem, common.selected)
    results = []
    progress("by_group", 0, len(groups))
    for done, (group, members) in enumerate(groups.items(), start=1):
        weights = region_weights(data, region_id, options, criteria=criteria, stakeholders=members)
        ranking = _rank(scored.problem, weights, options, options.method)
        value_of = dict(zip(ranking.ids, portfolio_values(ranking).tolist(), strict=True))
        own = replace(problem, values=np.array([value_of[p] for p in problem.ids]))
        best = select_portfolio(
            own,
            solver=_solver(options),
            time_limit=options.time_limit,
            explain=False,
            deadline=clock,
        )
        chosen = _vector(problem, best.selected)
        results.append(
            GroupPortfolio(
                group=group,
                stakeholders=members,
                weights=tuple(weights.weight_of(c) for c in criteria),
                values=tuple(float(v) for v in own.values),
                selected=best.selected,
                objective=best.objective,
                total_cost_pen=best.total_cost_pen,
                status=best.status,
                solver=best.solver,
                adds=tuple(p for p in best.selected if p not in common.selected),
                drops=tuple(p for p in common.selected if p not in best.selected),
                value_under_common=evaluate_portfolio(problem, chosen),
                common_under_own=evaluate_portfolio(own, shared),
                common_objective=common.objective,
            )
        )
        progress("by_group", done, len(groups))
    return GroupPerspectives(
        region=region_id,
        method=options.method.value,
        budget_pen=problem.budget_pen,
        criteria=criteria,
        ids=problem.ids,
        common_weights=tuple(scored.weights.weight_of(c) for c in criteria),
        common_selected=common.selected,
        common_objective=common.objective,
        common_total_cost_pen=common.total_cost_pen,
        groups=tuple(results),
    )


def _vector(problem: PortfolioProblem, selected: tuple[str, ...]) -> IntArray:
    """The 0/1 vector of a selection, in the problem's order."""
    chosen = set(selected)
    return np.array([int(p in chosen) for p in problem.ids], dtype=np.int64)


def appraise_alternatives(
    ranked: Alternatives, groups: GroupPerspectives, problem: PortfolioProblem
) -> Alternatives:
    """The alternatives with each one valued by every group's own weights, as a share of the
    group's own best: which of the near-equal portfolios each group would rather have."""
    owns = [(g, replace(problem, values=np.array(g.values))) for g in groups.groups]
    items = []
    for item in ranked.alternatives:
        chosen = _vector(problem, item.selected)
        shares = tuple(
            (g.group, evaluate_portfolio(own, chosen) / g.objective if g.objective > 0 else None)
            for g, own in owns
        )
        items.append(replace(item, by_group=shares))
    return replace(ranked, alternatives=tuple(items))
