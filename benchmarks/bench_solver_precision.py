"""Benchmark of the solvers' exactness with large money amounts (prints a table).

Run from the checkout: ``python benchmarks/bench_solver_precision.py [--trials 60] [--seed 0]``.

Random knapsacks of 2-7 projects whose costs have no common divisor (so `money_unit` cannot
shrink them), with the budget exactly at the cost of a random subset or one sol below it, at
cost magnitudes 10^4 ... 10^10 soles. Each is solved three ways and compared with brute-force
enumeration: bare CBC and bare HiGHS on one PuLP model (as the solvers see it), and
`select_portfolio` (which verifies every answer exactly, falls back from CBC to HiGHS when
CBC calls a too-fine problem infeasible, and otherwise fails with a clear message). A bare
solver fails when it reports no solution, goes over the budget or misses the optimum;
`select_portfolio` fails only by returning a wrong answer ("refused" counts its clear
messages). The measured limit of exactness is `portfolio._FINEST_UNITS`.
"""

from __future__ import annotations

import argparse
import itertools
import warnings

import numpy as np
import pulp

from prioritizer.core.portfolio import select_portfolio
from prioritizer.errors import InfeasiblePortfolio, SolverFailure
from prioritizer.results.portfolio_problem import PortfolioProblem


def _bare(costs: list[int], values: list[float], budget: int, solver: str) -> list[int] | None:
    model = pulp.LpProblem("p", pulp.LpMaximize)
    x = [pulp.LpVariable(f"x_{i}", cat="Binary") for i in range(len(costs))]
    model += pulp.lpSum(v * xi for v, xi in zip(values, x, strict=True))
    model += pulp.lpSum(c * xi for c, xi in zip(costs, x, strict=True)) <= budget
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        engine = (
            pulp.HiGHS(msg=False, gapRel=0, gapAbs=0)
            if solver == "highs"
            else pulp.PULP_CBC_CMD(msg=False, options=["preprocess off"])
        )
    model.solve(engine)
    if model.status != pulp.LpStatusOptimal:
        return None
    return [round(v.varValue or 0) for v in x]


def _best(costs: list[int], values: list[float], budget: int) -> float:
    return max(
        sum(v for v, m in zip(values, mask, strict=True) if m)
        for mask in itertools.product([0, 1], repeat=len(costs))
        if sum(c for c, m in zip(costs, mask, strict=True) if m) <= budget
    )


def _right(
    chosen: list[int] | None, costs: list[int], values: list[float], budget: int, best: float
) -> bool:
    """Whether `chosen` is within the budget and worth the brute-force optimum."""
    if chosen is None:
        return False
    cost = sum(c * x for c, x in zip(costs, chosen, strict=True))
    value = sum(v * x for v, x in zip(values, chosen, strict=True))
    return cost <= budget and abs(value - best) < 1e-9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{'costs ~':>8} {'trials':>6} {'CBC bare':>9} {'HiGHS bare':>11} {'tool wrong':>11} "
          f"{'tool refused':>13}")  # fmt: skip
    for exponent in range(4, 11):
        wrong = {"cbc": 0, "highs": 0, "tool": 0, "refused": 0}
        for _ in range(args.trials):
            n = int(rng.integers(2, 8))
            costs = [int(c) for c in rng.integers(10**exponent // 2, 10**exponent, n)]
            costs[0] += 1 - costs[0] % 2  # odd and even costs: no common divisor above 1
            values = [float(v) for v in rng.random(n).round(3)]
            subset = rng.choice(n, int(rng.integers(1, n + 1)), replace=False)
            budget = sum(costs[i] for i in subset) - int(rng.integers(0, 2))
            best = _best(costs, values, budget)

            for solver in ("cbc", "highs"):
                chosen = _bare(costs, values, budget, solver)
                wrong[solver] += not _right(chosen, costs, values, budget, best)
            problem = PortfolioProblem.build(
                ids=[f"p{i}" for i in range(n)], costs_pen=costs, values=values, budget_pen=budget
            )
            try:
                result = select_portfolio(problem, explain=False)
            except SolverFailure:
                wrong["refused"] += 1
                continue
            except InfeasiblePortfolio:
                wrong["tool"] += 1
                continue
            chosen = [int(p in result.selected) for p in problem.ids]
            wrong["tool"] += not _right(chosen, costs, values, budget, best)
        print(f"{'1e' + str(exponent):>8} {args.trials:>6} {wrong['cbc']:>9} {wrong['highs']:>11} "
              f"{wrong['tool']:>11} {wrong['refused']:>13}")  # fmt: skip


if __name__ == "__main__":
    main()
