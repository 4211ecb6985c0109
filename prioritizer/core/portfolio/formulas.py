"""Each formula of the model (value, spend, gap covers, every rule) as one function that
evaluates a 0/1 numpy vector and builds the PuLP expression alike; money counted in the largest
unit that divides every cost.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pulp

from prioritizer.phrases import phrase
from prioritizer.results.arrays import IntArray
from prioritizer.results.portfolio_problem import (
    PortfolioProblem,
    Rule,
    required_share_pen,
)

Sense = Literal["<=", ">=", "=="]


# --------------------------------------------------------------------------- formulas


def linear_value(coefficients: npt.ArrayLike, terms: Any) -> Any:
    """Sum of coefficient x term: a number for a numpy vector, a PuLP expression for variables
    (for a 2-D array, one projects-by-portfolios matrix, a vector: one sum per portfolio).

    Integer coefficients stay integers on both paths, so spend in soles is exact.
    """
    coefs = np.asarray(coefficients)
    if isinstance(terms, np.ndarray):
        total = np.dot(coefs, terms)
        return total.item() if np.ndim(total) == 0 else total
    return pulp.lpSum(c.item() * term for c, term in zip(coefs, terms, strict=True) if c != 0)


def gap_covers(problem: PortfolioProblem, x: Any) -> list[Any]:
    """Times each gap is addressed by the chosen projects (sum_p a_pg x_p), gap by gap."""
    return [linear_value(problem.incidence[:, g], x) for g in range(len(problem.gaps))]


def _cover_weights(problem: PortfolioProblem) -> list[npt.NDArray[np.float64]]:
    depth = problem.incidence.sum(axis=0)
    powers = [np.power(problem.diminishing, np.arange(k, dtype=np.float64)) for k in depth]
    return [float(s) * w for s, w in zip(problem.severity, powers, strict=True)]


def portfolio_value(problem: PortfolioProblem, x: Any, fill: Sequence[Any] | None = None) -> Any:
    """The portfolio's value: sum v_p x_p, or severity-weighted coverage with diminishing returns.

    For a 0/1 numpy vector the coverage fill is computed (the first `covers_g` covers of gap g
    count); for PuLP variables pass `fill`, the y_gk variables, one sequence per gap.

    References
    ----------
    Weingartner, H. M. (1963). Mathematical Programming and the Analysis of Capital Budgeting
    Problems. Prentice-Hall (0-1 project selection under a budget).
    """
    if problem.value_mode == "score":
        return linear_value(problem.values, x)
    weights = _cover_weights(problem)
    if isinstance(x, np.ndarray):
        covers = gap_covers(problem, x)
        filled = [
            (np.arange(len(w)) < c).astype(np.int64) for w, c in zip(weights, covers, strict=True)
        ]
        return float(sum(float(np.dot(w, f)) for w, f in zip(weights, filled, strict=True)))
    if fill is None:
        raise ValueError("coverage value of PuLP variables needs the fill variables")
    return pulp.lpSum(linear_value(w, f) for w, f in zip(weights, fill, strict=True))


def evaluate_portfolio(problem: PortfolioProblem, chosen: IntArray) -> float:
    """The value of a 0/1 selection vector (the same formula the optimiser maximises)."""
    return float(portfolio_value(problem, np.asarray(chosen, dtype=np.int64)))


def rule_form(
    problem: PortfolioProblem, rule: Rule, x: Any, *, share_base: Any, unit: int = 1
) -> tuple[Any, Sense, Any]:
    """A rule as (left side, sense, right side) over `x` (numpy 0/1 vector or PuLP variables).

    `share_base` is the budget that minimum shares refer to (a number, or the budget variable
    of the elastic model). Money stays in whole soles: a share's threshold is rounded up. With
    `unit` (a divisor of every cost, see `money_unit`) money sides count units of that many
    soles and thresholds round the way that keeps the rule exactly the same on 0/1 choices.
    """
    ix = problem.index
    if rule.kind == "requires":
        return x[ix(rule.projects[0])] - x[ix(rule.projects[1])], "<=", 0
    if rule.kind == "excludes":
        return x[ix(rule.projects[0])] + x[ix(rule.projects[1])], "<=", 1
    if rule.kind == "mandatory":
        return x[ix(rule.projects[0])], "==", 1
    if rule.kind == "min_per_group":
        return linear_value(_members(problem, rule.group), x), ">=", int(rule.amount or 0)
    if rule.kind == "min_share_per_group":
        spend = linear_value(_members(problem, rule.group) * _cost_units(problem, unit), x)
        share = float(rule.amount or 0.0)
        if isinstance(share_base, int):
            return spend, ">=", -(-required_share_pen(share, share_base) // unit)
        return spend - share * share_base, ">=", 0
    if rule.kind == "max_projects":
        return linear_value(np.ones(problem.size, dtype=np.int64), x), "<=", int(rule.amount or 0)
    if rule.kind == "require_coverage":
        return gap_covers(problem, x)[problem.gaps.index(str(rule.gap))], ">=", 1
    return linear_value(_cost_units(problem, unit), x), "<=", int(rule.amount or 0) // unit


def money_unit(problem: PortfolioProblem) -> int:
    """The largest whole number of soles that divides every cost (1 if all are 0).

    Why: solvers compare sums with tolerances relative to the coefficients, so near S/ 10^8
    they cannot tell a budget from one sol more (CBC then calls a feasible portfolio
    infeasible). Costs planned in round amounts (S/ 50,000,000 and S/ 1,200,000 share S/
    100,000) become small whole numbers of units, with the same 0/1 solutions.
    """
    nonzero = [int(c) for c in problem.costs_pen if int(c)]
    return math.gcd(*nonzero) if nonzero else 1


_FINEST_UNITS = 10**6
"""Money sums up to this many units are decided exactly by both solvers (measured on knapsacks
at the budget boundary: benchmarks/bench_solver_precision.py); beyond it a sol more or less
can be lost in the solvers' tolerances."""

_TOO_FINE = phrase(
    "the costs and the budget are too large and too fine for the solver to tell a budget from "
    "one sol more; round the costs to thousands of soles and try again"
)


def too_fine(problem: PortfolioProblem) -> bool:
    """Whether the money sums, counted in `money_unit`s, exceed what solvers decide exactly."""
    unit = money_unit(problem)
    spend = sum(int(c) for c in _cost_units(problem, unit))
    return max(int(problem.budget_pen) // unit, spend) > _FINEST_UNITS


def _cost_units(problem: PortfolioProblem, unit: int) -> IntArray:
    if unit == 1:
        return np.asarray(problem.costs_pen)
    return np.array([int(c) // unit for c in problem.costs_pen], dtype=np.int64)


def violated_rules(
    problem: PortfolioProblem,
    chosen: IntArray,
    *,
    budget_pen: int | None,
    rules: Sequence[Rule] | None = None,
    share_base_pen: int | None = None,
) -> tuple[Rule, ...]:
    """The rules (and the budget, if given) that a 0/1 selection breaks, checked exactly."""
    x = np.asarray(chosen, dtype=np.int64)
    base = _share_base(problem, budget_pen, share_base_pen)
    every = list(problem.rules() if rules is None else rules)
    if budget_pen is not None:
        every.append(Rule("budget", amount=budget_pen))
    broken = []
    for rule in every:
        lhs, sense, rhs = rule_form(problem, rule, x, share_base=base)
        if not _holds(lhs, sense, rhs):
            broken.append(rule)
    return tuple(broken)


def meets_rules(
    problem: PortfolioProblem, portfolios: IntArray, *, budget_pen: int | None
) -> npt.NDArray[np.bool_]:
    """Which rows of a portfolios-by-projects 0/1 matrix meet the budget (if given) and every
    rule, checked exactly: `violated_rules` for many portfolios at once (same `rule_form`)."""
    X = np.asarray(portfolios, dtype=np.int64).T
    every = list(problem.rules())
    if budget_pen is not None:
        every.append(Rule("budget", amount=budget_pen))
    ok = np.ones(X.shape[1], dtype=bool)
    base = _share_base(problem, budget_pen, None)
    for rule in every:
        lhs, sense, rhs = rule_form(problem, rule, X, share_base=base)
        side = np.asarray(lhs)
        ok &= side <= rhs if sense == "<=" else side >= rhs if sense == ">=" else side == rhs
    return ok


def _share_base(problem: PortfolioProblem, budget: int | None, base: int | None) -> int:
    if base is not None:
        return base
    return problem.budget_pen if budget is None else budget


@lru_cache(maxsize=64)
def _members(problem: PortfolioProblem, group: str | None) -> IntArray:
    """0/1 membership of a group (cached: the problem is immutable, hashed by identity)."""
    members = np.array([g == group for g in problem.groups], dtype=np.int64)
    members.setflags(write=False)
    return members


def _holds(lhs: Any, sense: Sense, rhs: Any) -> bool:
    if sense == "<=":
        return bool(lhs <= rhs)
    if sense == ">=":
        return bool(lhs >= rhs)
    return bool(lhs == rhs)
