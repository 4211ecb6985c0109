"""Evenly spaced frontier points by the budget recursion on the projects each budget's
Lagrangian bound leaves open (`portfolio.reduction`): for a problem too large for one table
over every budget, each point costs a small table instead of an integer program."""

from __future__ import annotations

import numpy as np

from prioritizer.core.portfolio import evaluate_portfolio, linear_value
from prioritizer.core.portfolio.formulas import meets_rules
from prioritizer.core.portfolio.knapsack import plan
from prioritizer.core.portfolio.reduction import UNBOUNDED, scenario_optima
from prioritizer.core.portfolio.session import selected_ids
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
        Selection(
            selected=selected_ids(problem, row),
            objective=evaluate_portfolio(problem, row),
            total_cost_pen=int(linear_value(problem.costs_pen, row)),
            budget_pen=budget,
            status="optimal",
        )
        if good
        else None
        for budget, row, good in zip(budgets, found.rows, ok.tolist(), strict=True)
    ]
