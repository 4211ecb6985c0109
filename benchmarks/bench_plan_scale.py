"""The roadmap at scale: a 3-year plan of n candidates beside the one-period optimum of the
same candidates and a bare CBC solve of that one-period model, in the same process (ratios;
the machine is shared and noisy: read the ratios, not the seconds).

Run from the checkout: ``python benchmarks/bench_plan_scale.py [--sizes 10,30,100]
[--seeds 3] [--repeats 3] [--time-limit 60]``.

The candidates are `instances.structured_problem(n)` (benchmarks/instances.py); for the plan
each project gets two levels (a province level at 60 % of its cost and value, the whole-region
level at full cost), a duration of 1-2 years with its cost split evenly, a group, a mechanism
and one of four executing units (at most 6 projects each at once); "requires" become
finish-before-start; the budget of a third of the total cost is spread over three pools per
year (regional government 50 % with carry-over, canon/FOCAM 30 % for coffee and camelid,
cooperation 20 % paying at most 60 % of one project), with one coffee-camelid synergy in ten.
The one-period time is `select_portfolio(..., explain=False)` on the original problem (its
proof and cross-check included), the bare time one PuLP model of it solved once by CBC
(`bench_portfolio_scale.bare`), the plan time `select_plan(..., explain=False)` (HiGHS at gap
0 on the plan with its years summed, then on a schedule of its selection; the plan
re-checked), the bare plan time the time-indexed model as `build_plan_model` builds it, built
and solved once by HiGHS through PuLP at gap 0 and nothing else (`bare_plan`): plan ÷ bare
plan is `select_plan` against the model's own hardness (below 1 when the summed plan settles
it). One row per instance (seeds n, n+1, ...; medians of `--repeats`), then the median ratios
per size; a plan stopped by `--time-limit` shows `best_found`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
import pulp
from bench_portfolio_scale import bare
from common import machine, median_time
from instances import structured_problem

from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.portfolio.plan import select_plan
from prioritizer.core.portfolio.plan_model import build_plan_model
from prioritizer.core.portfolio.solve import _quiet_stdout
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool, Synergy
from prioritizer.results.portfolio_problem import PortfolioProblem

YEARS = (2027, 2028, 2029)
UNITS = ("dre-cusco", "dirceturp", "drpa", "gore-pdc")


def _split(total: int, years: int) -> tuple[int, ...]:
    part = total // years
    return (*[part] * (years - 1), total - part * (years - 1))


def plan_problem(problem: PortfolioProblem, *, seed: int) -> PlanProblem:
    """The portfolio's candidates as a 3-year roadmap with levels, pools, units and synergies."""
    rng = np.random.default_rng(seed)
    needs: dict[str, list[str]] = {}
    for a, b in problem.requires:
        needs.setdefault(a, []).append(b)
    projects = []
    for i, pid in enumerate(problem.ids):
        cost = int(problem.costs_pen[i])
        value = float(problem.values[i])
        years = int(rng.integers(1, 3))
        province = cost * 6 // 10
        levels = (
            Level("province", _split(province, years), round(0.6 * value, 4)),
            Level("region", _split(cost, years), value),
        )
        projects.append(
            PlanProject(
                pid,
                levels,
                group=problem.groups[i],
                mechanism=f"m{i % 5}",
                unit=UNITS[i % len(UNITS)],
                requires=tuple(needs.get(pid, ())),
                excludes=tuple(b for a, b in problem.excludes if a == pid),
            )
        )
    yearly = problem.budget_pen // len(YEARS)
    pools = [
        Pool("gore", (yearly // 2,) * 3, carry_over=True),
        Pool("canon", (yearly * 3 // 10,) * 3, groups=("coffee", "camelid")),
        Pool("coop", (yearly // 5,) * 3, max_share=0.6),
    ]
    coffee = [p.id for p in projects if p.group == "coffee"]
    camelid = [p.id for p in projects if p.group == "camelid"]
    synergies = []
    for k in range(min(len(coffee), len(camelid)) // 10):
        a, b = coffee[k], camelid[k]
        least = min(lv.costs_pen[0] for lv in projects[problem.positions[b]].levels)
        synergies.append(Synergy(f"s{k}", (a, b), extra_value=0.1, saving_pen=least // 5))
    return PlanProblem.build(
        years=YEARS,
        projects=projects,
        pools=pools,
        synergies=synergies,
        unit_caps=dict.fromkeys(UNITS, 6),
    )


def bare_plan(problem: PlanProblem) -> float:
    """Seconds for the plan's time-indexed model built and solved once by HiGHS at gap 0."""
    start = time.perf_counter()
    built = build_plan_model(problem)
    with _quiet_stdout():
        built.model.solve(pulp.HiGHS(msg=False, gapRel=0.0, gapAbs=0.0))
    assert pulp.LpStatus[built.model.status] == "Optimal"
    return time.perf_counter() - start


def main() -> None:
    """Print one row per instance (one period, bare CBC, bare plan, plan, ratios), then medians
    per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,30,100")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    for line in machine("pulp", "highspy"):
        print(line)
    print(
        f"{'n':>5} {'seed':>5} {'one period':>11} {'bare CBC':>9} {'bare plan':>10}"
        f" {'3-year plan':>12} {'/one':>6} {'/CBC':>6} {'/bare plan':>10} {'in plan':>8} status"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        ratios: list[tuple[float, float, float]] = []
        for seed in range(n, n + args.seeds):
            problem = structured_problem(n, seed=seed)
            roadmap = plan_problem(problem, seed=seed)
            one, _ = median_time(lambda p=problem: select_portfolio(p, explain=False), args.repeats)
            cbc = statistics.median(bare(problem, "cbc") for _ in range(args.repeats))
            alone = statistics.median(bare_plan(roadmap) for _ in range(args.repeats))
            three, plan = median_time(
                lambda p=roadmap, s=args.time_limit: select_plan(p, explain=False, time_limit=s),
                args.repeats,
            )
            ratios.append((three / one, three / cbc, three / alone))
            print(
                f"{n:>5} {seed:>5} {one:>11.3f} {cbc:>9.3f} {alone:>10.3f} {three:>12.3f}"
                f" {three / one:>6.1f} {three / cbc:>6.1f} {three / alone:>10.2f}"
                f" {len(plan.scheduled):>8} {plan.status}",
                flush=True,
            )
        print(
            f"{n:>5} {'median':>5} {'':>11} {'':>9} {'':>10} {'':>12}"
            f" {statistics.median(r[0] for r in ratios):>6.1f}"
            f" {statistics.median(r[1] for r in ratios):>6.1f}"
            f" {statistics.median(r[2] for r in ratios):>10.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
