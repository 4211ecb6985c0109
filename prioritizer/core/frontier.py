"""Best portfolio value against budget, by re-solving the portfolio model (portfolio/).

Exact breakpoints. Without minimum budget shares, the portfolios allowed at budget B only
grow with B, so the optimum V(B) is a non-decreasing step function that changes only at
budgets equal to some portfolio's cost. Start at B0, the cost of the cheapest portfolio that
meets the rules. At a breakpoint B_k with optimum V_k, every portfolio costing <= B_k is worth
<= V_k, so the next breakpoint is the cost of the cheapest portfolio worth more:

    B_{k+1} = min { cost(S) : S meets the rules, value(S) >= V_k + eps, cost(S) >= B_k + 1 }

(the last bound, exact in whole soles, guarantees progress). Solvers treat x = 1e-6 as 0, so
a tiny value bound can be met by a portfolio that, rounded, is not better: the sweep checks
the exact value it gets back and, if it is not better, asks again for a 100 times larger gain
(noted in `diagnostics`). Solving the budgeted optimum at B_{k+1} gives V_{k+1} and a set
costing exactly B_{k+1}. The sweep stops when no portfolio is worth more (or past
`max_budget`). Gains below eps = 1e-6 x max(1, |V_k|) are not breakpoints, and a change of
set at equal value (a tie) is not a breakpoint either.

Minimum shares of the budget make the allowed set depend on B non-monotonically (a bigger
budget asks more of each group), so with such rules the sweep uses evenly spaced budgets and
says so in `diagnostics`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from prioritizer.core.portfolio import (
    SOLVER_NAMES,
    Solver,
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
from prioritizer.core.portfolio.limits import Clock, Progress, as_deadline, no_progress
from prioritizer.core.portfolio.session import Answer, Session, selected_ids
from prioritizer.errors import SolverFailure
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.frontier import Frontier, FrontierPoint
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem

__all__ = ["sweep_budget"]

_DEFAULT_POINTS = 21
_RELATIVE_GAIN = 1e-6
_RETRIES = 3


def sweep_budget(
    problem: PortfolioProblem,
    *,
    points: int | None = None,
    max_budget: int | None = None,
    min_budget: int | None = None,
    solver: Solver = "highs",
    time_limit: float | None = None,
    deadline: float | Clock | None = None,
    progress: Progress = no_progress,
) -> Frontier:
    """The optimal value at every budget where it rises, or at `points` evenly spaced budgets.

    `min_budget` / `max_budget` bound the sweep (defaults: the smallest feasible budget; for
    evenly spaced points, the larger of the problem's budget and the cost of reaching the
    best value without a budget limit). Infeasible budgets are skipped and listed.

    Every point is answered by one model kept in HiGHS (`portfolio.session`): the budget row
    changes between points and the optimum at one budget starts the search at the next,
    larger one, where it still fits. `solver` serves the infeasibility diagnosis and the
    smallest feasible budget. `deadline` (seconds, or the run's clock) bounds a solver
    sweep: the points found by then are kept and `diagnostics` says where the sweep stopped.

    Raises
    ------
    PortfolioInfeasible
        When no budget at all gives a portfolio that meets the rules.

    References
    ----------
    Weingartner, H. M. (1963). Mathematical Programming and the Analysis of Capital Budgeting
    Problems. Prentice-Hall (value of the programme as the budget varies).
    """
    if points is not None and points < 1:
        raise ValueError("points must be at least 1")
    notes: list[Phrase] = []
    if points is None and problem.min_share_per_group:
        notes.append(
            phrase(
                "minimum budget shares make the best value non-monotone in the budget; evenly"
                " spaced budgets ({points}) are used instead of exact breakpoints",
                points=_DEFAULT_POINTS,
            )
        )
        points = _DEFAULT_POINTS
    exact = _by_recursion(problem, points, max_budget, min_budget, notes)
    if exact is not None:
        return exact
    sweep = _Sweep(max_budget, min_budget, solver, time_limit, notes, as_deadline(deadline))
    if points is None:
        return _breakpoints(problem, sweep)
    return _even(problem, points, sweep, progress)


@dataclass(frozen=True, slots=True)
class _Sweep:
    """What both solver sweeps take from `sweep_budget`: the budget bounds, the solver that
    diagnoses infeasibility, the limits, and the notes they add to."""

    max_budget: int | None
    min_budget: int | None
    solver: Solver
    time_limit: float | None
    notes: list[Phrase]
    clock: Clock

    def session(self, problem: PortfolioProblem) -> Session:
        """The kept HiGHS model every point of the sweep is answered by."""
        return Session(problem, time_limit=self.time_limit, deadline=self.clock)

    def frontier(
        self,
        found: list[Selection],
        method: Literal["breakpoints", "even"],
        lowest: int,
        skipped: tuple[int, ...],
    ) -> Frontier:
        """The points found, with the notes and each point's solver status."""
        return Frontier(
            points=_points(found),
            method=method,
            infeasible_below_pen=lowest,
            skipped_budgets_pen=skipped,
            solver=SOLVER_NAMES["highs"],
            diagnostics=tuple(self.notes + _statuses(found)),
        )


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


def _breakpoints(problem: PortfolioProblem, sweep: _Sweep) -> Frontier:
    session, notes, clock = sweep.session(problem), sweep.notes, sweep.clock
    first = _selection(problem, session.cheapest(), None)
    if first is None:
        raise diagnose_infeasibility(problem, solver=sweep.solver)
    lowest = first.total_cost_pen
    max_budget = sweep.max_budget
    budget = lowest if sweep.min_budget is None else max(lowest, sweep.min_budget)
    found: list[Selection] = []
    start: IntArray | None = None
    while max_budget is None or budget <= max_budget:
        if clock.expired():
            notes.append(_stopped(clock, budget))
            break
        answer = session.maximise(budget_pen=budget, start=start)
        best = _selection(problem, answer, budget)
        if best is None:
            notes.append(
                phrase(
                    "no portfolio found at budget {budget} although a cheaper one exists",
                    budget=budget,
                )
            )
            break
        start = answer.chosen  # the optimum at one budget fits every larger one
        if not found or best.objective > found[-1].objective + _gain(found[-1].objective) / 2:
            found.append(best)
        better = _next_better(problem, session, best.objective, budget, notes)
        if better is None:
            break
        budget = better.total_cost_pen
    return sweep.frontier(found, "breakpoints", lowest, ())


def _next_better(
    problem: PortfolioProblem,
    session: Session,
    value: float,
    budget: int,
    notes: list[Phrase],
) -> Selection | None:
    """The cheapest portfolio worth more than `value`, costing more than `budget`.

    If the solver's tolerances let through a portfolio that, rounded, is not better (or not
    dearer), ask again for a clearly larger gain (x100, at most three times).
    """
    gain = _gain(value)
    for _ in range(_RETRIES):
        better = _selection(
            problem, session.cheapest(min_value=value + gain, min_cost_pen=budget + 1), None
        )
        if better is None:
            return None
        if better.objective > value + _gain(value) / 2 and better.total_cost_pen > budget:
            return better
        gain *= 100.0
        notes.append(
            phrase(
                "after budget {budget} a solver tolerance admitted a portfolio that is not"
                " better; asked again for a gain of at least {gain:.3g}",
                budget=budget,
                gain=gain,
            )
        )
    return None


def _even(problem: PortfolioProblem, count: int, sweep: _Sweep, progress: Progress) -> Frontier:
    lowest = minimum_feasible_budget(problem, solver=sweep.solver)
    if lowest is None:
        raise diagnose_infeasibility(problem, solver=sweep.solver)
    low = lowest if sweep.min_budget is None else sweep.min_budget
    high = sweep.max_budget
    session = sweep.session(problem)
    if high is None:
        unlimited = _selection(problem, session.maximise(budget_pen=None), None)
        top = problem.budget_pen
        if unlimited is not None:
            floor = unlimited.objective - _gain(unlimited.objective)
            enough = _selection(problem, session.cheapest(min_value=floor), None)
            top = max(top, unlimited.total_cost_pen if enough is None else enough.total_cost_pen)
        high = max(top, low)
    budgets = sorted({round(b) for b in np.linspace(low, max(low, high), count)})
    found: list[Selection] = []
    skipped: list[int] = []
    start: IntArray | None = None
    for done, budget in enumerate(budgets):
        progress("frontier", done, len(budgets))
        if sweep.clock.expired():
            sweep.notes.append(_stopped(sweep.clock, budget))
            break
        answer = session.maximise(budget_pen=budget, start=start)
        best = _selection(problem, answer, budget)
        if best is None:
            skipped.append(budget)
        else:
            found.append(best)
            if not problem.min_share_per_group:
                start = answer.chosen  # still feasible at the next, larger budget
    return sweep.frontier(found, "even", lowest, tuple(skipped))


def _selection(
    problem: PortfolioProblem, answer: Answer, budget_pen: int | None
) -> Selection | None:
    """A session's answer as a `Selection` (None when it found no portfolio)."""
    if answer.chosen is None:
        if answer.state == "stopped":
            raise SolverFailure(phrase("{solver} found no portfolio", solver="HiGHS"))
        return None
    chosen = answer.chosen
    return Selection(
        selected=selected_ids(problem, chosen),
        objective=evaluate_portfolio(problem, chosen),
        total_cost_pen=int(linear_value(problem.costs_pen, chosen)),
        budget_pen=budget_pen,
        status="optimal" if answer.state == "optimal" else "best_found",
    )


def _stopped(clock: Clock, budget: int) -> Phrase:
    return phrase(
        "the deadline of {seconds:g} s stopped the sweep at budget {budget}: the points after it"
        " are not computed",
        seconds=clock.seconds or 0,
        budget=budget,
    )


def _gain(value: float) -> float:
    return _RELATIVE_GAIN * max(1.0, abs(value))


def _points(found: list[Selection]) -> tuple[FrontierPoint, ...]:
    out: list[FrontierPoint] = []
    previous: tuple[str, ...] = ()
    for selection in found:
        chosen = selection.selected
        out.append(
            FrontierPoint(
                budget_pen=int(selection.budget_pen or 0),
                objective=selection.objective,
                total_cost_pen=selection.total_cost_pen,
                selected=chosen,
                added=tuple(p for p in chosen if p not in previous),
                removed=tuple(p for p in previous if p not in chosen),
                status=selection.status,
            )
        )
        previous = chosen
    return tuple(out)


def _statuses(found: list[Selection]) -> list[Phrase]:
    stopped = [s.budget_pen for s in found if s.status != "optimal"]
    if not stopped:
        return []
    return [
        phrase(
            "the time limit stopped the search at budgets {budgets}: best found, not proven",
            budgets=stopped,
        )
    ]
