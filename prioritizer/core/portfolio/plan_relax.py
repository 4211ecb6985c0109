"""The roadmap with its years summed: a small model whose best selection of projects and levels
is the best plan's whenever some schedule of that selection meets every yearly rule.

Symbols: u[p,l] binary, project p at level l (for the levels p has an option at); z_p =
sum_l u[p,l], a binary of its own when p has several levels (the search then branches on "in
or out" before "which level": 15 % less CPU at 100 candidates, median of 8 seeds); f[p,k] >= 0
what pool k pays for p over the whole plan; y_S synergy S holds.
Rows: sum_k f[p,k] = what p costs inside the plan at its level, less its synergy savings;
sum_p f[p,k] <= all of k's money over the plan; f[p,k] <= k's share cap at p's level; a
precedence "p requires q" keeps only the levels of q that can end before a start of p at its
level; exclusions as in the plan; a `together` group all in or all out; a capped unit's
project-years <= cap times the plan's years, and in each year its projects that run then
whichever start they take <= cap; synergies as in the plan. Objective: maximise
sum v[p,l] u[p,l] + sum extra_S y_S.

Every plan's projects and levels meet these rows with the same value (sum its yearly rows),
so the optimum here bounds every plan. `plan_model.solve_plan` looks for a fundable schedule of
that selection on a model of the selected projects alone: when one exists it is a best plan.
On benchmarks/bench_plan_scale.py's instances (3 years; seeds 10-19 at 10 candidates, 30-39 at
30, 100-107 at 100) the first selection was always schedulable, and the two small solves take
about a fifth of the time-indexed model's search at 100 candidates. With pools that carry
nothing over, some selections are not (see `plan_model._TRIES`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulp

from prioritizer.core.portfolio.plan_search import exclusions, holds
from prioritizer.results.plan_problem import PlanProblem

Selection = Mapping[str, int]
"""Project id -> level index, for the projects in a plan."""
RELAXED_HIGHS: Mapping[str, object] = {
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
}
"""HiGHS options for this model: without RINS and RENS (sub-MIPs nested up to 10 deep) it
takes about 30 % less CPU at 100 candidates (0.15 s against 0.21 s, median of 5 seeds); the
root's reduced-cost heuristic stays, without it the search takes 10-100 times longer."""


@dataclass(frozen=True, slots=True)
class Relaxed:
    """The PuLP model of the plan with its years summed, and its u[p,l] by position."""

    model: Any
    u: dict[tuple[int, int], Any]

    def selection(self, problem: PlanProblem) -> dict[str, int]:
        """The solved model's projects and levels (u read as 0/1)."""
        return {
            problem.projects[p].id: li
            for (p, li), v in self.u.items()
            if v.varValue is not None and float(v.varValue) > 0.5
        }


def relaxed_model(
    problem: PlanProblem, force: Mapping[str, bool], excluded: Sequence[Selection] = ()
) -> Relaxed:
    """The model above; each selection in `excluded` is cut off (it has no fundable schedule)."""
    model = pulp.LpProblem("plan_relaxed", pulp.LpMinimize)
    starts: dict[tuple[int, int], list[int]] = {}
    for p, project in enumerate(problem.projects):
        for li, s in problem.options(project):
            starts.setdefault((p, li), []).append(s)
    u: dict[tuple[int, int], Any] = {}
    chosen: list[Any] = []
    spend: list[Any] = []
    objective: list[Any] = []
    for p, project in enumerate(problem.projects):
        levels = [li for li in range(len(project.levels)) if (p, li) in starts]
        highest = 0 if force.get(project.id) is False else 1
        for li in levels:
            u[(p, li)] = model.add_variable(f"u_{p}_{li}", 0, highest, "Integer")
            objective.append(project.levels[li].value * u[(p, li)])
        total = pulp.lpSum(u[(p, li)] for li in levels)
        lowest = 1 if project.mandatory or force.get(project.id) is True else 0
        if len(levels) > 1:
            z = model.add_variable(f"z_{p}", lowest, highest, "Integer")
            model += z == total
            total = z
        elif lowest:
            model += total >= 1, f"in_{p}"
        chosen.append(total)
        spend.append(pulp.lpSum(_inside(problem, starts, p, li) * u[(p, li)] for li in levels))
    exclusions(problem, model, chosen)
    for p, project in enumerate(problem.projects):
        for other in project.requires:
            _precedence(problem, model, u, starts, (p, problem.positions[other]))
    for group in problem.together:  # started in the same year: all in or all out
        first, *rest = (problem.positions[pid] for pid in group)
        for q in rest:
            model += chosen[first] == chosen[q]
    for i, synergy in enumerate(problem.synergies):
        y = holds(problem, model, chosen, i)
        objective.append(synergy.extra_value * y)
        b = problem.positions[synergy.bearer]
        if any(s >= problem.years[0] for (q, _), mine in starts.items() if q == b for s in mine):
            spend[b] = spend[b] - synergy.saving_pen * y
    _funding(problem, model, u, spend)
    _caps(problem, model, u, starts)
    for cut in excluded:
        inside = {(problem.positions[pid], li) for pid, li in cut.items()}
        model += pulp.lpSum(v if key in inside else -v for key, v in u.items()) <= len(inside) - 1
    model += -pulp.lpSum(objective)
    return Relaxed(model, u)


Starts = Mapping[tuple[int, int], list[int]]
"""(project position, level index) -> the years it may start at that level."""


def _inside(problem: PlanProblem, starts: Starts, p: int, li: int) -> int:
    """What p at level l costs inside the plan (the least over its starts: all equal but for a
    commitment, which has one)."""
    level = problem.projects[p].levels[li]
    return min(sum(problem.cost_in(level, s, t) for t in problem.years) for s in starts[(p, li)])


def _precedence(
    problem: PlanProblem,
    model: Any,
    u: Mapping[tuple[int, int], Any],
    starts: Starts,
    pair: tuple[int, int],
) -> None:
    """p (requiring q) at level l only with q at a level that can end before p's latest start
    at l."""
    p, q = pair
    durations = [level.duration for level in problem.projects[q].levels]
    for (r, li), mine in starts.items():
        if r != p:
            continue
        fits = [
            (q, lq)
            for lq in range(len(durations))
            if any(s + durations[lq] - 1 < max(mine) for s in starts.get((q, lq), ()))
        ]
        model += u[(p, li)] <= pulp.lpSum(u[key] for key in fits)


def _funding(
    problem: PlanProblem, model: Any, u: Mapping[tuple[int, int], Any], spend: list[Any]
) -> None:
    """f[p,k] over the whole plan: each project paid, pools' money and share caps."""
    levels: dict[int, list[int]] = {}
    for p, li in u:
        levels.setdefault(p, []).append(li)
    by_pool: dict[int, list[Any]] = {}
    for p, project in enumerate(problem.projects):
        if not any(problem.projects[p].levels[li].total_pen for li in levels.get(p, ())):
            continue
        paid = []
        for k, pool in enumerate(problem.pools):
            if not pool.funds(project):
                continue
            f = model.add_variable(f"f_{p}_{k}", 0, None)
            paid.append(f)
            by_pool.setdefault(k, []).append(f)
            if pool.max_share is not None:
                model += f <= pulp.lpSum(
                    int(pool.cap_pen(project.levels[li]) or 0) * u[(p, li)] for li in levels[p]
                )
        model += pulp.lpSum(paid) == spend[p]
    for k, pool in enumerate(problem.pools):
        if k in by_pool:
            model += pulp.lpSum(by_pool[k]) <= sum(pool.amounts_pen)


def _caps(
    problem: PlanProblem, model: Any, u: Mapping[tuple[int, int], Any], starts: Starts
) -> None:
    """A capped unit's project-years over the plan, and its projects sure to run in a year."""
    runs: dict[tuple[int, int], list[set[int]]] = {}
    for (p, li), begins in starts.items():
        duration = problem.projects[p].levels[li].duration
        runs[(p, li)] = [{t for t in problem.years if s <= t < s + duration} for s in begins]
    for unit, cap in problem.unit_caps.items():
        theirs = [key for key in u if problem.projects[key[0]].unit == unit]
        years = {key: min(len(r) for r in runs[key]) for key in theirs}
        if sum(years.values()) > cap * len(problem.years):
            model += pulp.lpSum(years[key] * u[key] for key in theirs) <= cap * len(problem.years)
        for t in problem.years:
            sure = [u[key] for key in theirs if all(t in r for r in runs[key])]
            if len(sure) > cap:
                model += pulp.lpSum(sure) <= cap


def selected_problem(problem: PlanProblem, chosen: Selection) -> PlanProblem | None:
    """The chosen projects alone, each in the plan at its chosen level, with the synergies they
    all make up; None when one of them requires a project not chosen."""
    projects = []
    for project in problem.projects:
        if project.id not in chosen:
            continue
        if any(other not in chosen for other in project.requires):
            return None
        projects.append(
            dataclasses.replace(
                project,
                levels=(project.levels[chosen[project.id]],),
                excludes=tuple(other for other in project.excludes if other in chosen),
                mandatory=True,
            )
        )
    synergies = [s for s in problem.synergies if all(p in chosen for p in s.projects)]
    together = [group for group in problem.together if group[0] in chosen]
    return dataclasses.replace(
        problem, projects=tuple(projects), synergies=tuple(synergies), together=tuple(together)
    )
