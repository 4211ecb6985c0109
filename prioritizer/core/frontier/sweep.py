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

from prioritizer.core.frontier.common import _DEFAULT_POINTS, _Sweep
from prioritizer.core.frontier.recursion import _by_recursion
from prioritizer.core.frontier.solver import _breakpoints, _even
from prioritizer.core.portfolio import Solver
from prioritizer.core.portfolio.limits import Clock, Progress, as_deadline, no_progress
from prioritizer.phrases import Phrase, phrase
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio_problem import PortfolioProblem

__all__ = ["sweep_budget"]


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
    sweep = _Sweep(max_budget, min_budget, solver, time_limit, notes, as_deadline(deadline))
    exact = _by_recursion(problem, points, sweep, progress)
    if exact is not None:
        return exact
    if points is None:
        return _breakpoints(problem, sweep)
    return _even(problem, points, sweep, progress)
