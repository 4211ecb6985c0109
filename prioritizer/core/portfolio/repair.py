"""A good portfolio with one project forced the other way, found without a solver.

Why: each why-line asks for the best portfolio with project p flipped. A feasible one found
by repairing the chosen portfolio (take p's prerequisites or drop what requires it, drop its
exclusions, shed the least value per sol until the budget holds, then fill what is left by
value per sol) gives a proven lower bound on that branch, a start for the exact search and,
when it meets the LP bound, the exact answer with no integer program at all.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from prioritizer.core.portfolio.formulas import evaluate_portfolio, linear_value, violated_rules
from prioritizer.core.portfolio.graph import _closure, _prerequisites, exclusion_partners
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio_problem import PortfolioProblem


def flipped_portfolio(
    problem: PortfolioProblem,
    chosen: IntArray,
    p: int,
    needs: dict[int, set[int]],
    needed_by: dict[int, set[int]],
    partners: dict[int, set[int]],
    forced: set[int],
    ratio: np.ndarray[tuple[int], np.dtype[np.float64]],
) -> IntArray | None:
    """A portfolio meeting every rule with project `p` flipped, or None when repair fails.

    `needs` / `needed_by` are the requires graph both ways, `partners` the exclusions,
    `forced` the mandatory projects with their prerequisites, `ratio` each project's value
    per sol (`value_per_cost`).
    """
    x = np.array(chosen, dtype=np.int64)
    keep: set[int] = set()
    if chosen[p]:
        for q in _closure(needed_by, [p]):
            x[q] = 0
    else:
        keep = _closure(needs, [p])
        for q in keep:
            x[q] = 1
        for q in keep:
            for r in partners[q]:
                if r in keep or r in forced:
                    return None
                _drop(x, r, needed_by)
    spend = int(linear_value(problem.costs_pen, x))
    limit = problem.max_projects
    order = [int(i) for i in np.argsort(ratio, kind="stable")]
    for q in order:  # shed the least value per sol first
        over = spend > problem.budget_pen or (limit is not None and int(x.sum()) > limit)
        if not over:
            break
        if x[q] and q not in keep and q not in forced:
            _drop(x, q, needed_by)
            spend = int(linear_value(problem.costs_pen, x))
    _fill(problem, x, p, ratio, needs, partners)
    if x[p] == chosen[p] or violated_rules(problem, x, budget_pen=problem.budget_pen):
        return None
    x.setflags(write=False)
    return x


def rounded_down(problem: PortfolioProblem, levels: npt.NDArray[np.float64]) -> IntArray | None:
    """A portfolio from an LP relaxation's levels: the projects it takes whole, then the best
    value per sol that still fits; None when that breaks a rule (a group's minimum, say).

    Why: a good portfolio before the search lets the LP's reduced costs settle most projects
    (`Session.settled_by_reduced_costs`), so the exact search runs over the few left.
    """
    x = (np.asarray(levels) >= 1 - 1e-9).astype(np.int64)
    needs = _prerequisites(problem)
    _fill(problem, x, -1, value_per_cost(problem), needs, exclusion_partners(problem))
    if violated_rules(problem, x, budget_pen=problem.budget_pen):
        return None
    x.setflags(write=False)
    return x


def _drop(x: IntArray, q: int, needed_by: dict[int, set[int]]) -> None:
    for r in _closure(needed_by, [q]):
        x[r] = 0


def _fill(
    problem: PortfolioProblem,
    x: IntArray,
    p: int,
    ratio: np.ndarray[tuple[int], np.dtype[np.float64]],
    needs: dict[int, set[int]],
    partners: dict[int, set[int]],
) -> None:
    """Add projects by value per sol while each fits with its prerequisites and exclusions
    (score mode only: in coverage mode a project's worth depends on the others)."""
    if problem.value_mode != "score":
        return
    spend = int(linear_value(problem.costs_pen, x))
    count = int(x.sum())
    for q in (int(i) for i in np.argsort(-ratio, kind="stable")):
        if x[q] or q == p or problem.values[q] <= 0:
            continue
        package = [r for r in _closure(needs, [q]) if not x[r]]
        if p in package:
            continue
        cost = sum(int(problem.costs_pen[r]) for r in package)
        if spend + cost > problem.budget_pen:
            continue
        if problem.max_projects is not None and count + len(package) > problem.max_projects:
            continue
        if any(x[s] or s in package for r in package for s in partners[r]):
            continue
        x[package] = 1
        spend += cost
        count += len(package)


def standalone_values(problem: PortfolioProblem) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """Each project's value on its own: its score, or the coverage it alone gives."""
    if problem.value_mode == "score":
        return np.asarray(problem.values, dtype=np.float64)
    return np.array(
        [evaluate_portfolio(problem, _alone(problem.size, i)) for i in range(problem.size)]
    )


def value_per_cost(problem: PortfolioProblem) -> np.ndarray[tuple[int], np.dtype[np.float64]]:
    """Each project's standalone value per sol (infinite for a project that costs nothing)."""
    costs = np.asarray(problem.costs_pen, dtype=np.float64)
    values = standalone_values(problem)
    return np.where(costs > 0, values / np.maximum(costs, 1.0), np.inf)


def _alone(n: int, i: int) -> IntArray:
    x = np.zeros(n, dtype=np.int64)
    x[i] = 1
    return x
