"""The roadmap over years: the best plan with its reasons, or why none exists; and a stable
re-plan after budget cuts that keeps what year 1 started.

Model and solve in `plan_model` (what helps its search in `plan_search`; the plan with its years
summed, tried first, in `plan_relax`), the independent checker in `plan_check`, reasons in
`plan_reasons`, infeasibility causes in `plan_infeasible`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from fractions import Fraction

from prioritizer.core.portfolio.plan_infeasible import diagnose_plan
from prioritizer.core.portfolio.plan_model import Force, solve_plan
from prioritizer.core.portfolio.plan_reasons import plan_reasons
from prioritizer.core.portfolio.solve import Solver
from prioritizer.errors import InvalidMatrix
from prioritizer.errors.plan import PlanInfeasible
from prioritizer.phrases import phrase
from prioritizer.results.plan import BudgetCut, ChangeKind, Plan, PlanChange, Replan
from prioritizer.results.plan_problem import PlanProblem, Pool


def select_plan(
    problem: PlanProblem,
    *,
    solver: Solver = "highs",
    time_limit: float | None = None,
    explain: bool = True,
    flips: bool = False,
    force: Force | None = None,
) -> Plan:
    """The best roadmap with a reason per project (`flips`: also re-solve each one flipped);
    `force` keeps projects in (True) or out (False).

    Raises PlanInfeasible, with causes per pool and year in soles, when no plan exists.
    """
    plan = solve_plan(problem, solver=solver, time_limit=time_limit, force=force)
    if plan is None:
        raise PlanInfeasible(diagnose_plan(problem))
    if not explain:
        return plan
    return dataclasses.replace(plan, reasons=plan_reasons(problem, plan, flips=flips))


def cut_problem(problem: PlanProblem, cuts: Sequence[BudgetCut]) -> PlanProblem:
    """`problem` with each cut's share of a year's money taken away (rounded up to the sol,
    so the cut is never smaller than asked), in one pool or in all."""
    known = {pool.id for pool in problem.pools}
    pools = list(problem.pools)
    for i, cut in enumerate(cuts):
        if cut.year not in problem.years:
            raise InvalidMatrix("cuts", expected=phrase("a year of the plan"), got=cut.year, row=i)
        if not 0.0 <= cut.share <= 1.0:
            raise InvalidMatrix(
                "cuts", expected=phrase("a share between 0 and 1"), got=cut.share, row=i
            )
        if cut.pool is not None and cut.pool not in known:
            raise InvalidMatrix("cuts", expected=phrase("a pool of the plan"), got=cut.pool, row=i)
        at = problem.years.index(cut.year)
        pools = [
            _cut(pool, at, cut.share) if cut.pool in (None, pool.id) else pool for pool in pools
        ]
    return dataclasses.replace(problem, pools=tuple(pools))


def _cut(pool: Pool, at: int, share: float) -> Pool:
    amounts = list(pool.amounts_pen)
    amounts[at] -= math.ceil(Fraction(repr(float(share))) * amounts[at])
    return dataclasses.replace(pool, amounts_pen=tuple(amounts))


def replan(
    problem: PlanProblem,
    plan: Plan,
    cuts: Sequence[BudgetCut],
    *,
    solver: Solver = "highs",
    explain: bool = True,
) -> Replan:
    """Re-plan under `cuts` keeping every project the plan started by its first year (at its
    level and start, its later years funded first); the others may start from the second year.

    Year 1 is under way, so cuts apply from the second year on. Raises PlanInfeasible when the
    kept projects alone no longer fit the cut budgets.
    """
    first = problem.years[0]
    for i, cut in enumerate(cuts):
        if cut.year == first:
            raise InvalidMatrix(
                "cuts", expected=phrase("a year after the first of the plan"), got=cut.year, row=i
            )
    kept = tuple(e.project for e in plan.scheduled if e.start <= first)
    projects = []
    stopped: dict[str, bool] = {}
    for project in problem.projects:
        entry = plan.entry(project.id)
        if entry is not None and project.id in kept:
            project = dataclasses.replace(project, committed=(entry.start, entry.level))
        elif project.committed is None and len(problem.years) > 1:
            earliest = max(project.earliest or first, problem.years[1])
            if project.latest is not None and project.latest < earliest:
                stopped[project.id] = False  # its window has passed
            else:
                project = dataclasses.replace(project, earliest=earliest)
        projects.append(project)
    fixed = dataclasses.replace(cut_problem(problem, cuts), projects=tuple(projects))
    new = select_plan(fixed, solver=solver, explain=explain, force=stopped)
    return Replan(new, tuple(cuts), kept, _changes(plan, new), plan.value - new.value)


def _changes(old: Plan, new: Plan) -> tuple[PlanChange, ...]:
    """Projects cut, delayed, advanced, at another level, or added, in the old plan's order."""
    out: list[PlanChange] = []
    ids = [e.project for e in old.scheduled] + [
        e.project for e in new.scheduled if old.entry(e.project) is None
    ]
    for pid in ids:
        a, b = old.entry(pid), new.entry(pid)
        if a is None and b is not None:
            out.append(PlanChange(pid, "added", None, b.start, None, b.level))
        elif a is not None and b is None:
            out.append(PlanChange(pid, "cut", a.start, None, a.level, None))
        elif a is not None and b is not None and (a.start, a.level) != (b.start, b.level):
            kind: ChangeKind = "level_changed"
            if b.start != a.start:
                kind = "delayed" if b.start > a.start else "advanced"
            out.append(PlanChange(pid, kind, a.start, b.start, a.level, b.level))
    return tuple(out)
