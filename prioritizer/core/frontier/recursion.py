"""The whole frontier from one pass of the dynamic programme over the budget."""

from __future__ import annotations

import numpy as np

from prioritizer.core.frontier.common import _gain, _points, _selection
from prioritizer.core.portfolio import (
    SOLVER_NAMES,
    diagnose_infeasibility,
    evaluate_portfolio,
    linear_value,
    minimum_feasible_budget,
)
from prioritizer.core.portfolio.formulas import violated_rules
from prioritizer.core.portfolio.knapsack import (
    FORWARD_CELLS,
    FloatArray,
    cheapest,
    forward,
    plan,
    trace,
)
from prioritizer.core.portfolio.session import Session, selected_ids
from prioritizer.phrases import Phrase
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem


def _by_recursion(
    problem: PortfolioProblem,
    points: int | None,
    max_budget: int | None,
    min_budget: int | None,
    notes: list[Phrase],
) -> Frontier | None:
    """The whole frontier from one pass of the dynamic programme over the budget (the best
    value within every budget at once), or None when it cannot hold the problem or a point's
    portfolio breaks a rule it relaxes (then the solver sweeps)."""
    layout = plan(problem, max_budget, cells=FORWARD_CELLS)
    if layout is None:
        return None
    unit = layout.unit
    top = int(np.sum(problem.costs_pen)) // unit if max_budget is None else max_budget // unit
    tables = forward(layout, top)
    final = tables.final
    reachable = np.flatnonzero(np.isfinite(final))
    if not len(reachable):
        return None  # let the solver's path explain the infeasibility
    lowest = int(reachable[0])
    least = lowest * unit
    first = layout.selection(trace(layout, tables.picks, lowest))
    if violated_rules(problem, first, budget_pen=least):
        if points is None:
            return None  # a relaxed rule bites: the staircase needs the solver's sweep
        exact_least = minimum_feasible_budget(problem)  # the relaxed lowest is too low
        if exact_least is None:
            raise diagnose_infeasibility(problem)
        least = exact_least
    if points is None:
        budgets = _steps(final, max(lowest, -(-(min_budget or 0) // unit)))
        asked = [b * unit for b in budgets]
        if min_budget is not None and min_budget > lowest * unit:
            asked[0] = min_budget
    else:
        low = least if min_budget is None else min_budget
        high = max_budget
        if high is None:
            enough = cheapest(final, top, _gain(float(final[top])))
            high = max(problem.budget_pen, enough * unit, low)
        asked = sorted({round(b) for b in np.linspace(low, max(low, high), points)})
        budgets = [b // unit for b in asked]
    found: list[Selection] = []
    skipped: list[int] = []
    session: Session | None = None
    for budget, pen in zip(budgets, asked, strict=True):
        if pen < least:
            skipped.append(pen)
            continue
        spent = cheapest(final, budget, _gain(float(final[budget])))
        chosen = layout.selection(trace(layout, tables.picks, spent))
        if not violated_rules(problem, chosen, budget_pen=pen):
            found.append(
                Selection(
                    selected=selected_ids(problem, chosen),
                    objective=evaluate_portfolio(problem, chosen),
                    total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
                    budget_pen=pen,
                    status="optimal",
                )
            )
            continue
        if points is None:
            return None  # a relaxed rule bites: the staircase needs the solver's sweep
        session = session or Session(problem)  # this budget alone goes to the kept model
        best = _selection(problem, session.maximise(budget_pen=pen), pen)
        if best is None:
            skipped.append(pen)
        else:
            found.append(best)
    return Frontier(
        points=_points(found),
        method="breakpoints" if points is None else "even",
        infeasible_below_pen=least,
        skipped_budgets_pen=tuple(skipped),
        solver=SOLVER_NAMES["dp"] if session is None else "DP, HiGHS",
        diagnostics=tuple(notes),
    )


def _steps(final: FloatArray, start: int) -> list[int]:
    """Budgets (units) where the best value first rises by more than the tolerance."""
    out = [start]
    while True:
        value = float(final[out[-1]])
        higher = np.flatnonzero(final[out[-1] + 1 :] > value + _gain(value))
        if not len(higher):
            return out
        out.append(out[-1] + 1 + int(higher[0]))
