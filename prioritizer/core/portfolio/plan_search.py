"""What helps the roadmap's search without changing its plans: binaries of their own for
"in or out", "which level" and "started by year s", and knapsack rows on the start variables;
and the exclusion and synergy rows the time-indexed and the summed models share.

Measured with benchmarks/bench_plan_scale.py's instances and HiGHS: without them a 3-year plan
of 30 candidates was not proven optimal after 56,000 nodes (gap 0.4 %), nor one of 100 after
24,000; with them both take a few hundred to a thousand nodes. Dropping u[p,l] multiplies the
nodes at 100 candidates by about 15; the knapsack rows save 15-40 % of the time, b[p,s] about
15 % at 30 candidates and nothing at 100 (within the noise).
Their validity is tested by fixing fundable schedules in the model (tests/test_plan.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulp

from prioritizer.results.plan_problem import PlanProblem, PlanProject

Option = tuple[int, int, Any]
"""(level index, start year, x[p,l,s]) of one project."""


def _chosen(
    model: Any, p: int, project: PlanProject, mine: list[Option], wanted: bool | None
) -> Any:
    """z_p, whether p is in the plan: a binary of its own when p has several options, with
    u[p,l] for each level that has several starts, so that the search branches on "in or out"
    and "which level" instead of on one start at a time; the plain sum otherwise."""
    total = pulp.lpSum(v for _, _, v in mine)
    lowest = 1 if project.mandatory or wanted is True else 0
    highest = 0 if wanted is False else 1
    if len(mine) < 2:
        if lowest:
            model += total >= 1, f"in_{p}"
        if not highest:
            model += total <= 0, f"out_{p}"
        return total
    z = model.add_variable(f"z_{p}", lowest, highest, "Integer")
    model += z == total
    levels = sorted({li for li, _, _ in mine})
    for li in levels if len(levels) > 1 else ():
        at = [v for lj, _, v in mine if lj == li]
        if len(at) > 1:
            model += model.add_variable(f"u_{p}_{li}", 0, 1, "Integer") == pulp.lpSum(at)
    return z


def exclusions(problem: PlanProblem, model: Any, chosen: list[Any]) -> None:
    """z_p + z_q <= 1 for each pair that excludes each other (once, however it is listed)."""
    for p, project in enumerate(problem.projects):
        for other in project.excludes:
            q = problem.positions[other]
            if p < q or project.id not in problem.project(other).excludes:
                model += chosen[p] + chosen[q] <= 1


def holds(problem: PlanProblem, model: Any, chosen: list[Any], i: int) -> Any:
    """y_S of the i-th synergy: 1 exactly when all its projects are in (continuous, the rows
    fix it once z is binary)."""
    members = [problem.positions[p] for p in problem.synergies[i].projects]
    y = model.add_variable(f"y_{i}", 0, 1)
    for p in members:
        model += y <= chosen[p]
    model += y >= pulp.lpSum(chosen[p] for p in members) - len(members) + 1
    return y


def _starts(model: Any, p: int, mine: list[Option], first: int) -> dict[int, Any]:
    """Start year s -> sum_l x[p,l,s]; with b[p,s], "p has started by s", a binary of its own
    for each start but the last, so that the search can split early from late starts."""
    starts: dict[int, Any] = {}
    for _, s, v in mine:
        starts[s] = starts.get(s, 0) + v
    by = sorted(starts)
    for s in by[:-1]:
        begun = model.add_variable(f"b_{p}_{s - first}", 0, 1, "Integer")
        model += begun == pulp.lpSum(starts[r] for r in by if r <= s)
    return starts


def _spend(
    problem: PlanProblem,
    p: int,
    mine: list[Option],
    savings: Mapping[tuple[int, int], list[Any]],
    years: tuple[int, ...],
) -> Any:
    """What project p spends over `years`: its level's costs there less its synergy savings."""
    levels = problem.projects[p].levels
    gross = [(sum(problem.cost_in(levels[li], s, t) for t in years), v) for li, s, v in mine]
    saved = [term for t in years for term in savings.get((p, t), [])]
    return pulp.lpSum(c * v for c, v in gross if c) - pulp.lpSum(saved)


def _money_by_class(
    problem: PlanProblem,
    model: Any,
    options: list[list[Option]],
    savings: Mapping[tuple[int, int], list[Any]],
) -> None:
    """Implied rows without f: for each set K of pools that some project's eligible pools make
    up (and all pools), what the projects only K may fund spend in the first years <= what K
    offers in them. The relaxation does not get stronger, but the search sees knapsack rows
    on the x and derives its cover cuts from them."""
    eligible = [
        frozenset(k for k, pool in enumerate(problem.pools) if pool.funds(project))
        for project in problem.projects
    ]
    for pools in sorted(set(eligible) | {frozenset(range(len(problem.pools)))}, key=sorted):
        members = [p for p, own in enumerate(eligible) if own <= pools and options[p]]
        for i in range(len(problem.years) if members else 0):
            years = problem.years[: i + 1]
            offered = sum(sum(problem.pools[k].amounts_pen[: i + 1]) for k in pools)
            spend = pulp.lpSum(_spend(problem, p, options[p], savings, years) for p in members)
            model += spend <= offered
