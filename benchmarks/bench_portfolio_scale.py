"""Portfolio answers at scale: the optimum and every why-line, beside bare solves (ratios).

Run from the checkout: ``python benchmarks/bench_portfolio_scale.py [--sizes 30,100,150]
[--deadline 60]``.

For each size n, a structured random problem (benchmarks/instances.py: groups with minimum
counts, requires, excludes, a budget of a third of the total cost) is timed, in this process:

- bare CBC / bare HiGHS: one PuLP model built and solved once (PuLP's bundled CBC as a
  process; PuLP's HiGHS class in process), the baseline a user of PuLP would write; HiGHS's
  default relative gap (1e-4) can stop short of the optimum, so "HiGHS gap 0" is also timed:
  the same bare solve asked for the proof the optimum gives (mip_rel_gap = mip_abs_gap = 0);
- optimum: `select_portfolio(..., explain=False)`: HiGHS on the kept model with its proof,
  the cheapest of equal value, the LP relaxation and the CBC cross-check;
- why-lines: `select_portfolio(..., deadline=D)` minus the optimum, with how many lines were
  settled exactly (or proven impossible) and how many were left as proven intervals;
- frontier: `sweep_budget(..., points=50)` against 50 bare solves;
- core index: `core_index` over `--scenarios` uniform weight scenarios (TOPSIS values of a
  seeded random 3-criterion matrix) past the enumeration limit, against as many bare solves
  (sizes up to `--core-max-n`, by default every size).

Every figure is printed as seconds and as a ratio to the bare CBC and bare HiGHS solves of the
same run (the machine is shared and noisy: read the ratios, not the seconds). Medians of
`--repeats` runs for the bare solves and the optimum; the why-lines run once.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pulp
from instances import structured_problem

from prioritizer.core.frontier import sweep_budget
from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.portfolio.solve import _build, _quiet_stdout, _Spec
from prioritizer.core.robustness import core_index
from prioritizer.results.portfolio_problem import PortfolioProblem


def bare(problem: PortfolioProblem, solver: str) -> float:
    """Seconds for one PuLP model built and solved once, as a plain PuLP user would."""
    start = time.perf_counter()
    model, *_ = _build(problem, _Spec("value", budget_pen=problem.budget_pen))
    if solver == "cbc":
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            engine = pulp.PULP_CBC_CMD(msg=False)
    elif solver == "highs":
        engine = pulp.HiGHS(msg=False)
    else:
        engine = pulp.HiGHS(msg=False, gapRel=0.0, gapAbs=0.0)
    with _quiet_stdout():
        model.solve(engine)
    assert pulp.LpStatus[model.status] == "Optimal"
    return time.perf_counter() - start


def median(call: Callable[[], Any], repeats: int) -> float:
    """Median seconds of `repeats` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print one row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30,100,150,300,500")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=60.0)
    parser.add_argument("--scenarios", type=int, default=1_000)
    parser.add_argument("--core-max-n", type=int, default=5_000)
    args = parser.parse_args()
    print(
        f"{'n':>5} {'bare CBC':>9} {'bare HiGHS':>10} {'gap 0':>7} {'optimum':>9} {'/CBC':>6}"
        f" {'/HiGHS':>7} {'/gap 0':>7}"
        f" {'why-lines':>10} {'/CBC':>7} {'/HiGHS':>7} {'exact':>6} {'bounded':>8}"
        f" {'frontier50':>10} {'/50 CBC':>8} {'core':>8} {'/S CBC':>7}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        problem = structured_problem(n, seed=n)
        cbc = statistics.median(bare(problem, "cbc") for _ in range(args.repeats))
        highs = statistics.median(bare(problem, "highs") for _ in range(args.repeats))
        gap0 = statistics.median(bare(problem, "highs-gap0") for _ in range(args.repeats))
        optimum = median(lambda p=problem: select_portfolio(p, explain=False), args.repeats)
        start = time.perf_counter()
        result = select_portfolio(problem, deadline=args.deadline)
        lines = max(0.0, time.perf_counter() - start - optimum)
        bounded = sum(r.loss_bounds is not None for r in result.reasons)
        exact = sum(r.flip_checked for r in result.reasons) - bounded
        start = time.perf_counter()
        sweep_budget(problem, points=50)
        frontier = time.perf_counter() - start
        core = "-"
        core_ratio = "-"
        if n <= args.core_max_n:
            rng = np.random.default_rng(n)
            matrix = rng.uniform(1, 10, size=(n, 3))
            weights = rng.dirichlet(np.ones(3), size=args.scenarios)
            start = time.perf_counter()
            core_index(problem, matrix, [1, 1, 1], ["a", "b", "c"], weights, max_enumerated=0)
            seconds = time.perf_counter() - start
            core, core_ratio = f"{seconds:.2f}", f"{seconds / (args.scenarios * cbc):.2f}"
        print(
            f"{n:>5} {cbc:>9.3f} {highs:>10.3f} {gap0:>7.3f} {optimum:>9.3f}"
            f" {optimum / cbc:>6.1f} {optimum / highs:>7.1f} {optimum / gap0:>7.1f}"
            f" {lines:>10.2f} {lines / cbc:>7.1f} {lines / highs:>7.1f}"
            f" {exact:>6} {bounded:>8} {frontier:>10.2f} {frontier / (50 * cbc):>8.2f}"
            f" {core:>8} {core_ratio:>7}",
            flush=True,
        )


if __name__ == "__main__":
    main()
