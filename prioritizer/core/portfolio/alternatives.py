"""Alternatives, not one answer: the k best distinct portfolios, or every portfolio within x %
of the optimum, best first.

The first is the optimum `select_portfolio` returns (or is given). Where the recursion over
the budget holds the problem, the next come from it in order of value (`kbest.Ranked`), each
checked against the rules it does not hold (group minimums, the project cap). Otherwise, or
when too many of its portfolios break those rules, the kept HiGHS model finds them one solve
each, cutting off the portfolios found so far ("no-good" cuts: the next must differ from each
in at least one project), with a floor on value for "within x %". Every answer is checked
exactly against the budget and every rule.
"""

from __future__ import annotations

import itertools

import numpy as np

from prioritizer.core.portfolio.explain import _tolerance
from prioritizer.core.portfolio.formulas import evaluate_portfolio, linear_value, violated_rules
from prioritizer.core.portfolio.kbest import KBEST_CELLS, Ranked
from prioritizer.core.portfolio.knapsack import plan
from prioritizer.core.portfolio.limits import Clock, Progress, as_deadline, no_progress
from prioritizer.core.portfolio.select import select_portfolio
from prioritizer.core.portfolio.session import Session
from prioritizer.core.portfolio.solve import SOLVER_NAMES
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.alternatives import Alternative, Alternatives, SearchEnd
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio import Portfolio, PortfolioStatus
from prioritizer.results.portfolio_problem import PortfolioProblem

MAX_LISTED = 100
"""The most portfolios `--within` lists on its own (it says so when more lie within)."""

MAX_SKIPPED = 200
"""Portfolios of the recursion that break a rule it does not hold (group minimums, the project
cap) skipped before the search goes to the solver instead."""

Found = tuple[IntArray, PortfolioStatus]


def rank_portfolios(
    problem: PortfolioProblem,
    *,
    count: int | None = None,
    within_pct: float | None = None,
    best: Portfolio | None = None,
    limit: int = MAX_LISTED,
    time_limit: float | None = None,
    deadline: float | Clock | None = None,
    progress: Progress = no_progress,
    recursion: bool = True,
) -> Alternatives:
    """The `count` best distinct portfolios, or (with `within_pct`) every portfolio worth at
    least (1 - within_pct / 100) x the optimum, best first, up to `limit` (both: the best
    `count` of those within).

    `best` is the optimum already found (`select_portfolio`); otherwise it is found here.
    Distinct means a different set of projects. `deadline` (seconds, or the run's clock)
    bounds the search; what was found by then is returned and the result says so.
    `recursion=False` leaves every search to the solver (to compare the two engines).

    Raises
    ------
    ValueError
        When neither `count` nor `within_pct` is given, or either is out of range.
    PortfolioInfeasible
        When no portfolio meets the rules (from `select_portfolio`).

    References
    ----------
    Balas, E. & Jeroslow, R. (1972). Canonical cuts on the unit hypercube. SIAM Journal on
    Applied Mathematics 23(1), 61-69 (the cut that excludes one 0/1 point).
    """
    if count is None and within_pct is None:
        raise ValueError("give count, within_pct or both")
    if count is not None and count < 1:
        raise ValueError(f"count must be 1 or more, not {count}")
    if within_pct is not None and not 0.0 <= within_pct <= 100.0:
        raise ValueError(f"within_pct must lie in [0, 100], not {within_pct}")
    clock = as_deadline(deadline)
    if best is None:
        best = select_portfolio(problem, explain=False, time_limit=time_limit, deadline=clock)
    first = np.array([int(p in best.selected) for p in problem.ids], dtype=np.int64)
    top = evaluate_portfolio(problem, first)
    threshold = None if within_pct is None else (1.0 - within_pct / 100.0) * top
    wanted = count if count is not None else limit + 1  # one more tells whether more exist
    found: list[Found] = [(first, best.status)]
    end, engines = _search(
        problem, found, wanted, threshold, time_limit, clock, progress, recursion=recursion
    )
    progress("alternatives", wanted, wanted)  # the stage ends, whenever the search did
    if count is None and len(found) > limit:
        found, end = found[:limit], "limit"
    notes: list[Phrase] = []
    values = [evaluate_portfolio(problem, x) for x, _ in found]
    if any(b > a + _tolerance(a) for a, b in itertools.pairwise(values)):
        notes.append(
            phrase("a later search found a better portfolio than an earlier one; they are sorted")
        )
    return _result(
        problem,
        found,
        count=count,
        within_pct=within_pct,
        threshold=threshold,
        limit=limit if count is None else count,
        end=end,
        solver=", ".join(engines or [best.solver]),
        deadline_seconds=clock.seconds,
        notes=notes,
    )


def _search(
    problem: PortfolioProblem,
    found: list[Found],
    wanted: int,
    threshold: float | None,
    time_limit: float | None,
    clock: Clock,
    progress: Progress,
    *,
    recursion: bool,
) -> tuple[SearchEnd, list[str]]:
    """Append to `found` the next best portfolios until `wanted` are found, none is left
    (above `threshold`), or the deadline comes; returns why it ended and the engines used."""
    if len(found) >= wanted:
        return "count", []
    floor = None if threshold is None else threshold - _tolerance(threshold)
    progress("alternatives", len(found), wanted)
    engines = []
    if recursion:
        end = _from_recursion(problem, found, wanted, floor, clock, progress)
        if end is not None:
            return end, [SOLVER_NAMES["dp"]]
        if len(found) > 1:
            engines.append(SOLVER_NAMES["dp"])  # it found some before handing over
    engines.append(SOLVER_NAMES["highs"])
    session = Session(problem, time_limit=time_limit, deadline=clock)
    for chosen, _ in found:
        session.forbid(chosen)
    while len(found) < wanted:
        answer = session.maximise(budget_pen=problem.budget_pen, min_value=floor)
        if answer.state == "infeasible":
            return "all", engines
        if answer.chosen is None:  # stopped before any portfolio
            return "deadline", engines
        value = evaluate_portfolio(problem, answer.chosen)
        if floor is not None and value < floor:
            return "all", engines  # the floor held only within the solver's tolerance
        solved = answer.state == "optimal"  # else a time limit stopped this search
        proven = solved and found[-1][1] == "optimal"  # and every one before it
        found.append((answer.chosen, "optimal" if proven else "best_found"))
        progress("alternatives", len(found), wanted)
        if not solved:
            return "deadline", engines
        session.forbid(answer.chosen)
    return "count", engines


def _from_recursion(
    problem: PortfolioProblem,
    found: list[Found],
    wanted: int,
    floor: float | None,
    clock: Clock,
    progress: Progress,
) -> SearchEnd | None:
    """Append the next best portfolios from the recursion (exact, in order of value); None
    when it cannot hold the problem or skips too many that break a rule it relaxes (what it
    found stays in `found`, for the solver to continue from)."""
    layout = plan(problem, problem.budget_pen, cells=KBEST_CELLS)
    if layout is None:
        return None
    ranked = Ranked(layout, problem.budget_pen)
    seen = {tuple(int(v) for v in x) for x, _ in found}
    skipped = 0
    while len(found) < wanted:
        if clock.expired():
            return "deadline"
        item = ranked.pop()
        if item is None:
            return "all"
        chosen, _ = item
        key = tuple(int(v) for v in chosen)
        if floor is not None and evaluate_portfolio(problem, chosen) < floor:
            return "all"
        if key in seen:
            continue
        if violated_rules(problem, chosen, budget_pen=problem.budget_pen):
            skipped += 1
            if skipped > MAX_SKIPPED:
                return None
            continue
        seen.add(key)
        chosen.setflags(write=False)
        found.append((chosen, "optimal" if found[-1][1] == "optimal" else "best_found"))
        progress("alternatives", len(found), wanted)
    return "count"


def _result(
    problem: PortfolioProblem,
    found: list[Found],
    *,
    count: int | None,
    within_pct: float | None,
    threshold: float | None,
    limit: int,
    end: SearchEnd,
    solver: str,
    deadline_seconds: float | None,
    notes: list[Phrase],
) -> Alternatives:
    """The found portfolios as a ranked list: best first; among ties in value, the first found
    (the portfolio `select_portfolio` chose), then the others cheapest first."""
    scored = [
        (evaluate_portfolio(problem, x), int(linear_value(problem.costs_pen, x)), k, x, state)
        for k, (x, state) in enumerate(found)
    ]
    scored.sort(key=lambda item: -item[0])
    ordered: list[tuple[float, int, int, IntArray, PortfolioStatus]] = []
    start = 0
    # Ties (within the tolerance): the given best first, then the cheapest.
    for i in range(1, len(scored) + 1):
        if i == len(scored) or scored[start][0] - scored[i][0] > _tolerance(scored[start][0]):
            ordered += sorted(scored[start:i], key=lambda item: (item[2] > 0, item[1], item[2]))
            start = i
    top_value, top_cost, _, top, _ = ordered[0]
    ids = problem.ids
    items = tuple(
        Alternative(
            rank=rank,
            selected=tuple(p for p, c in zip(ids, x, strict=True) if c),
            objective=value,
            total_cost_pen=cost,
            budget_pen=problem.budget_pen,
            status=state,
            adds=tuple(p for p, a, b in zip(ids, x, top, strict=True) if a and not b),
            drops=tuple(p for p, a, b in zip(ids, x, top, strict=True) if b and not a),
            value_gap=0.0 if top_value - value <= _tolerance(top_value) else top_value - value,
            cost_difference_pen=cost - top_cost,
            best_objective=top_value,
        )
        for rank, (value, cost, _, x, state) in enumerate(ordered, start=1)
    )
    return Alternatives(
        alternatives=items,
        ids=ids,
        count=count,
        within_pct=within_pct,
        threshold=threshold,
        limit=limit,
        end=end,
        solver=solver,
        deadline_seconds=None if deadline_seconds is None else float(deadline_seconds),
        diagnostics=tuple(notes),
    )
