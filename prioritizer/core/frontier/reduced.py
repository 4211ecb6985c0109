"""Evenly spaced frontier points by the budget recursion on the projects each budget's
Lagrangian bound leaves open (`portfolio.reduction`): for a problem too large for one table
over every budget, each point costs a small table instead of an integer program."""

from __future__ import annotations

import numpy as np

from prioritizer.core.frontier.common import _exact_point
from prioritizer.core.portfolio.formulas import meets_rules
from prioritizer.core.portfolio.knapsack import plan
from prioritizer.core.portfolio.reduction import UNBOUNDED, scenario_optima
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem


def reduced_points(problem: PortfolioProblem, budgets: list[int]) -> list[Selection | None]:
    """Per budget, the cheapest best portfolio where the recursion holds the problem and its
    answer meets every rule; None where it does not (then the kept model answers)."""
    layout = plan(problem, problem.budget_pen, cells=UNBOUNDED)
    if layout is None or not budgets:
        return [None] * len(budgets)
    values = np.tile(np.asarray(problem.values, dtype=np.float64), (len(budgets), 1))
    found = scenario_optima(layout, values, [b // layout.unit for b in budgets])
    spend = found.rows @ np.asarray(problem.costs_pen, dtype=np.int64)
    ok = np.isfinite(found.values) & (spend <= np.asarray(budgets))
    ok &= meets_rules(problem, found.rows, budget_pen=None)
    return [
        _exact_point(problem, row, budget) if good else None
        for budget, row, good in zip(budgets, found.rows, ok.tolist(), strict=True)
    ]
