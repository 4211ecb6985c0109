"""The frontier by the kept HiGHS model: exact breakpoints (the cheapest portfolio worth more,
again and again) or evenly spaced budgets, for the problems the recursion cannot hold."""

from __future__ import annotations

import numpy as np

from prioritizer.core.frontier.common import (
    _gain,
    _in_time,
    _selection,
    _stopped,
    _Sweep,
    _unanswered,
)
from prioritizer.core.frontier.reduced import reduced_points
from prioritizer.core.portfolio import (
    SOLVER_NAMES,
    diagnose_infeasibility,
    minimum_feasible_budget,
)
from prioritizer.core.portfolio.limits import Progress
from prioritizer.core.portfolio.session import Session
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Selection
from prioritizer.results.portfolio_problem import PortfolioProblem

_RETRIES = 3


def _breakpoints(problem: PortfolioProblem, sweep: _Sweep) -> Frontier:
    session = sweep.session(problem)
    first = _selection(problem, session.cheapest(), None)
    if first is None:
        raise diagnose_infeasibility(problem, solver=sweep.solver)
    lowest = first.total_cost_pen
    budget = lowest if sweep.min_budget is None else max(lowest, sweep.min_budget)
    found, _ = climb(problem, session, sweep, budget, sweep.max_budget, None)
    return sweep.frontier(list(found), "breakpoints", lowest, ())


def climb(
    problem: PortfolioProblem,
    session: Session,
    sweep: _Sweep,
    budget: int,
    high: int | None,
    after: float | None,
) -> tuple[tuple[Selection, ...], bool]:
    """The breakpoints from `budget` (which some portfolio meets) up to `high` (None: until no
    portfolio is worth more), each the optimum at its budget and worth more than the one
    before (the first, more than `after` when given), and whether the stretch was climbed to
    its end (False when the deadline stopped it, with a note)."""
    found: list[Selection] = []
    start: IntArray | None = None
    while high is None or budget <= high:
        answer = _in_time(session, sweep.clock, budget, start)
        if answer is None:
            sweep.notes.append(_stopped(sweep.clock, budget))  # the deadline came first
            return tuple(found), False
        best = _selection(problem, answer, budget)
        if best is None:
            sweep.notes.append(
                phrase(
                    "no portfolio found at budget {budget} although a cheaper one exists",
                    budget=budget,
                )
            )
            break
        start = answer.chosen  # the optimum at one budget fits every larger one
        last = found[-1].objective if found else after
        if last is None or best.objective > last + _gain(last) / 2:
            found.append(best)
        better = _next_better(problem, session, best.objective, budget, sweep.notes)
        if better is None:
            break
        budget = better.total_cost_pen
    return tuple(found), True


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
    unsolved: list[int] = []
    start: IntArray | None = None
    settled = reduced_points(problem, [b for b in budgets if b >= lowest])
    by_recursion = dict(zip([b for b in budgets if b >= lowest], settled, strict=True))
    for done, budget in enumerate(budgets):
        progress("frontier", done, len(budgets))
        exact = by_recursion.get(budget)
        if exact is not None:
            found.append(exact)
            continue
        answer = _in_time(session, sweep.clock, budget, start)
        if answer is None:
            unsolved.append(budget)  # the deadline came first; the recursion's points stay
            continue
        best = _selection(problem, answer, budget)
        if best is None:
            skipped.append(budget)
        else:
            found.append(best)
            if not problem.min_share_per_group:
                start = answer.chosen  # still feasible at the next, larger budget
    sweep.notes.extend(_unanswered(sweep.clock, unsolved, found))
    engines = "DP, HiGHS" if any(s is not None for s in settled) else SOLVER_NAMES["highs"]
    return sweep.frontier(found, "even", lowest, tuple(skipped), engines)
