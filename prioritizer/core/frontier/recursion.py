"""The whole frontier from one pass of the dynamic programme over the budget."""

from __future__ import annotations

import numpy as np

from prioritizer.core.frontier.common import (
    _exact_point,
    _gain,
    _in_time,
    _points,
    _selection,
    _statuses,
    _Sweep,
    _unanswered,
)
from prioritizer.core.frontier.solver import climb
from prioritizer.core.portfolio import (
    SOLVER_NAMES,
    diagnose_infeasibility,
    minimum_feasible_budget,
)
from prioritizer.core.portfolio.formulas import meets_rules, violated_rules
from prioritizer.core.portfolio.knapsack import (
    FORWARD_CELLS,
    FloatArray,
    Plan,
    Tables,
    cheapest,
    forward,
    plan,
    trace,
)
from prioritizer.core.portfolio.limits import Progress
from prioritizer.core.portfolio.session import Session
from prioritizer.results.arrays import IntArray
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem


def _by_recursion(
    problem: PortfolioProblem, points: int | None, sweep: _Sweep, progress: Progress
) -> Frontier | None:
    """The whole frontier from one pass of the dynamic programme over the budget (the best
    value within every budget at once), or None when it cannot hold the problem.

    Where the recursion's portfolio breaks a rule it relaxes (group minimums, the project
    cap), that stretch goes to the kept HiGHS model: an even point alone; for the exact
    breakpoints, the climb from that step to the next one (the recursion's value bounds the
    true one from above, and equals it again wherever its portfolio meets every rule, so the
    steps between such stretches stay the recursion's).
    """
    layout = plan(problem, sweep.max_budget, cells=FORWARD_CELLS)
    if layout is None:
        return None
    unit, max_budget, min_budget = layout.unit, sweep.max_budget, sweep.min_budget
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
        exact_least = minimum_feasible_budget(problem, solver=sweep.solver)  # relaxed: too low
        if exact_least is None:
            raise diagnose_infeasibility(problem, solver=sweep.solver)
        least = exact_least
    if points is None:
        start = max(lowest, (min_budget or 0) // unit)  # a budget holds what costs no more
        budgets = _steps(final, start) if start <= top else []
        asked = [b * unit for b in budgets]
        if asked and min_budget is not None and min_budget > lowest * unit:
            asked[0] = min_budget
    else:
        low = least if min_budget is None else min_budget
        high = max_budget
        if high is None:
            enough = cheapest(final, top, _gain(float(final[top])))
            unlimited = layout.selection(trace(layout, tables.picks, enough))
            if violated_rules(problem, unlimited, budget_pen=enough * unit):
                return None  # the best without a budget limit breaks a rule: the solver's range
            high = max(problem.budget_pen, enough * unit, low)
        asked = sorted({round(b) for b in np.linspace(low, max(low, high), points)})
        budgets = [b // unit for b in asked]
        if budgets[-1] > top:
            return None  # points past the table (the least budget above the largest asked)
    found: list[Selection] = []
    skipped: list[int] = []
    unsolved: list[int] = []
    session: Session | None = None
    holds = _recursion_answers(problem, layout, tables, budgets, asked, least, progress)
    for i, (pen, chosen) in enumerate(zip(asked, holds, strict=True)):
        if points is not None and pen < least:
            skipped.append(pen)
            continue
        if chosen is not None:
            found.append(_exact_point(problem, chosen, pen))
            continue
        session = session or sweep.session(problem)
        if points is None:  # climb this stretch of budgets with the kept model
            low, high = max(pen, least), asked[i + 1] - 1 if i + 1 < len(asked) else max_budget
            if high is None or low <= high:
                after = found[-1].objective if found else None
                climbed, whole = climb(problem, session, sweep, low, high, after)
                found += climbed
                if not whole:
                    break  # the deadline: the note says where, and nothing after it is shown
            continue
        answer = _in_time(session, sweep.clock, pen)
        if answer is None:
            unsolved.append(pen)  # the deadline came first; the recursion's points stay
            continue
        best = _selection(problem, answer, pen)
        if best is None:
            skipped.append(pen)
        else:
            found.append(best)
    sweep.notes.extend(_unanswered(sweep.clock, unsolved, found))
    return Frontier(
        points=_points(found),
        method="breakpoints" if points is None else "even",
        infeasible_below_pen=least,
        skipped_budgets_pen=tuple(skipped),
        solver=SOLVER_NAMES["dp"] if session is None else "DP, HiGHS",
        diagnostics=tuple(sweep.notes + _statuses(found)),
    )


def _recursion_answers(
    problem: PortfolioProblem,
    layout: Plan,
    tables: Tables,
    budgets: list[int],
    asked: list[int],
    least: int,
    progress: Progress,
) -> list[IntArray | None]:
    """Per asked budget, the recursion's cheapest best portfolio where it meets every rule
    (None below `least` or where it breaks a rule the recursion relaxes), checked at once;
    `progress` (stage "frontier") follows the tracing, thousands of steps past 300 candidates."""
    traced = [i for i, pen in enumerate(asked) if pen >= least]
    out: list[IntArray | None] = [None] * len(asked)
    if not traced:
        return out
    final, found = tables.final, []
    for done, i in enumerate(traced):
        if done % 512 == 0:
            progress("frontier", done, len(traced))
        spent = cheapest(final, budgets[i], _gain(float(final[budgets[i]])))
        found.append(layout.selection(trace(layout, tables.picks, spent)))
    progress("frontier", len(traced), len(traced))
    rows = np.array(found)
    spend = rows @ np.asarray(problem.costs_pen, dtype=np.int64)
    ok = meets_rules(problem, rows, budget_pen=None) & (spend <= np.asarray(asked)[traced])
    for i, row, good in zip(traced, rows, ok.tolist(), strict=True):
        out[i] = row if good else None
    return out


def _steps(final: FloatArray, start: int) -> list[int]:
    """Budgets (units) where the best value first rises by more than the tolerance."""
    out = [start]
    while True:
        value = float(final[out[-1]])
        higher = np.flatnonzero(final[out[-1] + 1 :] > value + _gain(value))
        if not len(higher):
            return out
        out.append(out[-1] + 1 + int(higher[0]))
