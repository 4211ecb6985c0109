"""An independent oracle for roadmaps: every schedule enumerated, every rule re-written here
(not imported from the optimiser), and who-pays-what settled by a separate small integer
programme (scipy's milp) per schedule, best value first."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from prioritizer.results.plan_problem import PlanProblem, PlanProject

Choice = dict[str, tuple[int, int]]


def _options(problem: PlanProblem, project: PlanProject) -> list[tuple[int, int] | None]:
    if project.committed is not None:
        names = [lv.name for lv in project.levels]
        return [(names.index(project.committed[1]), project.committed[0])]
    lo = project.earliest if project.earliest is not None else problem.years[0]
    hi = project.latest if project.latest is not None else problem.years[-1]
    out: list[tuple[int, int] | None] = [None]
    for li, level in enumerate(project.levels):
        for s in range(lo, hi + 1):
            if s + len(level.costs_pen) - 1 <= problem.years[-1]:
                out.append((li, s))
    return out if not project.mandatory else out[1:]


def _end(problem: PlanProblem, pid: str, choice: tuple[int, int]) -> int:
    return choice[1] + len(problem.project(pid).levels[choice[0]].costs_pen) - 1


def _rules_hold(problem: PlanProblem, chosen: Choice) -> bool:
    for project in problem.projects:
        if project.id not in chosen:
            continue
        start = chosen[project.id][1]
        for other in project.requires:
            if other not in chosen or _end(problem, other, chosen[other]) >= start:
                return False
        if any(other in chosen for other in project.excludes):
            return False
    for group in problem.together:
        if len({chosen[p][1] if p in chosen else None for p in group}) > 1:
            return False
    for unit, cap in problem.unit_caps.items():
        for t in problem.years:
            busy = sum(
                1
                for pid, c in chosen.items()
                if problem.project(pid).unit == unit and c[1] <= t <= _end(problem, pid, c)
            )
            if busy > cap:
                return False
    return True


def _value(problem: PlanProblem, chosen: Choice) -> float:
    total = math.fsum(problem.project(p).levels[c[0]].value for p, c in chosen.items())
    extra = math.fsum(
        s.extra_value for s in problem.synergies if all(p in chosen for p in s.projects)
    )
    return total + extra


def _spend(problem: PlanProblem, chosen: Choice) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for pid, (li, s) in chosen.items():
        costs = problem.project(pid).levels[li].costs_pen
        for t in problem.years:
            if 0 <= t - s < len(costs):
                out[(pid, t)] = costs[t - s]
    for synergy in problem.synergies:
        if all(p in chosen for p in synergy.projects):
            start = chosen[synergy.bearer][1]
            if start in problem.years:
                out[(synergy.bearer, start)] -= synergy.saving_pen
    return {k: v for k, v in out.items() if v}


def fundable(problem: PlanProblem, chosen: Choice) -> bool:
    """Whether the schedule's yearly spend can be paid from the pools within their rules."""
    spend = _spend(problem, chosen)
    if not spend:
        return True
    keys = [
        (pid, k, t)
        for (pid, t) in spend
        for k, pool in enumerate(problem.pools)
        if pool.funds(problem.project(pid))
    ]
    if not keys:
        return False
    rows, lo, hi = [], [], []
    for (pid, t), amount in spend.items():
        rows.append([1.0 if (a, c) == (pid, t) else 0.0 for a, _, c in keys])
        lo.append(amount)
        hi.append(amount)
    for k, pool in enumerate(problem.pools):
        for i, t in enumerate(problem.years):
            years = problem.years[: i + 1] if pool.carry_over else (t,)
            rows.append([1.0 if kk == k and c in years else 0.0 for _, kk, c in keys])
            lo.append(0)
            hi.append(sum(pool.amounts_pen[: i + 1]) if pool.carry_over else pool.amounts_pen[i])
        if pool.max_share is not None:
            for pid, (li, _) in chosen.items():
                total = sum(problem.project(pid).levels[li].costs_pen)
                cap = math.floor(Fraction(str(pool.max_share)) * total)
                rows.append([1.0 if a == pid and kk == k else 0.0 for a, kk, _ in keys])
                lo.append(0)
                hi.append(cap)
    result = milp(
        c=np.zeros(len(keys)),
        constraints=LinearConstraint(np.array(rows), lo, hi),
        integrality=np.ones(len(keys)),
        bounds=Bounds(0, np.inf),
    )
    return bool(result.status == 0)


def schedules(problem: PlanProblem) -> list[tuple[float, Choice]]:
    """Every schedule meeting every rule but money, with its value, best first."""
    ids = [p.id for p in problem.projects]
    candidates: list[tuple[float, Choice]] = []
    for combo in itertools.product(*(_options(problem, p) for p in problem.projects)):
        chosen = {pid: c for pid, c in zip(ids, combo, strict=True) if c is not None}
        if _rules_hold(problem, chosen):
            candidates.append((_value(problem, chosen), chosen))
    candidates.sort(key=lambda item: -item[0])
    return candidates


def brute_force(problem: PlanProblem) -> tuple[float, Choice] | None:
    """The best value over every schedule meeting every rule, with one schedule reaching it."""
    for value, chosen in schedules(problem):
        if fundable(problem, chosen):
            return value, chosen
    return None
