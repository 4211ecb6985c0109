"""Check a roadmap against every rule in plain Python, independently of the ILP that made it.

The optimiser's "Optimal" is not trusted: each plan it returns is re-checked here with exact
integer arithmetic (budgets, carry-over, pools' eligibility and shares, precedence in time,
exclusions, levels, commitments, concurrency caps, synergies) and its value recomputed.
`plan_from` makes the `Plan` of chosen options and payments with the same arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from prioritizer.results.plan import Funding, Plan, PlanStatus, PoolYear, Scheduled
from prioritizer.results.plan_problem import PlanProblem

Choices = Mapping[str, tuple[int, int]]
"""Project id -> (level index, start year) for the projects in a plan."""


def active_synergies(problem: PlanProblem, choices: Choices) -> tuple[str, ...]:
    """Ids of the synergies whose projects are all in the plan."""
    return tuple(s.id for s in problem.synergies if all(p in choices for p in s.projects))


def plan_value(problem: PlanProblem, choices: Choices) -> float:
    """Value of a plan: its projects' values at their levels plus the synergies that hold."""
    own = [problem.project(p).levels[li].value for p, (li, _) in choices.items()]
    active = set(active_synergies(problem, choices))
    extra = [s.extra_value for s in problem.synergies if s.id in active]
    return math.fsum(own + extra)


def spend_by_year(problem: PlanProblem, choices: Choices) -> dict[str, tuple[int, ...]]:
    """Each chosen project's spend per plan year, its synergy savings taken in its start year."""
    active = set(active_synergies(problem, choices))
    out: dict[str, tuple[int, ...]] = {}
    for pid, (li, start) in choices.items():
        level = problem.project(pid).levels[li]
        saving = sum(s.saving_pen for s in problem.synergies if s.id in active and s.bearer == pid)
        out[pid] = tuple(
            problem.cost_in(level, start, t) - (saving if t == start else 0) for t in problem.years
        )
    return out


def choice_violations(problem: PlanProblem, choices: Choices) -> list[str]:
    """Broken rules that do not involve money: options, mandatory, precedence, exclusion,
    groups started together, caps."""
    broken: list[str] = []
    for pid, option in choices.items():
        if option not in problem.options(problem.project(pid)):
            broken.append(f"option:{pid}")
    ends: dict[str, int] = {}
    for pid, (li, start) in choices.items():
        ends[pid] = start + problem.project(pid).levels[li].duration - 1
    for project in problem.projects:
        pid = project.id
        if project.mandatory and pid not in choices:
            broken.append(f"mandatory:{pid}")
        if pid not in choices:
            continue
        start = choices[pid][1]
        for other in project.requires:
            if other not in ends or ends[other] >= start:
                broken.append(f"requires:{pid}>{other}")
        for other in project.excludes:
            if other in choices:
                broken.append(f"excludes:{pid}|{other}")
    for group in problem.together:
        if len({choices[p][1] if p in choices else None for p in group}) > 1:
            broken.append(f"together:{'|'.join(group)}")
    for unit, cap in problem.unit_caps.items():
        for t in problem.years:
            running = [
                p
                for p in choices
                if problem.project(p).unit == unit and choices[p][1] <= t <= ends[p]
            ]
            if len(running) > cap:
                broken.append(f"unit:{unit}@{t}")
    return broken


def plan_violations(problem: PlanProblem, plan: Plan) -> list[str]:
    """Every rule `plan` breaks, as short codes (empty when the plan is valid)."""
    broken: list[str] = []
    choices: dict[str, tuple[int, int]] = {}
    for entry in plan.scheduled:
        if entry.project not in problem.positions or entry.project in choices:
            broken.append(f"entry:{entry.project}")
            continue
        project = problem.project(entry.project)
        names = [level.name for level in project.levels]
        if entry.level not in names:
            broken.append(f"level:{entry.project}")
            continue
        li = names.index(entry.level)
        choices[entry.project] = (li, entry.start)
        if entry.end != entry.start + project.levels[li].duration - 1:
            broken.append(f"end:{entry.project}")
    broken += choice_violations(problem, choices)
    spend = spend_by_year(problem, choices)
    for entry in plan.scheduled:
        if entry.project in spend and entry.spend_pen != spend[entry.project]:
            broken.append(f"spend:{entry.project}")
    broken += _funding_violations(problem, plan, choices, spend)
    if not math.isclose(plan.value, plan_value(problem, choices), rel_tol=1e-9, abs_tol=1e-9):
        broken.append("value")
    if set(plan.synergies) != set(active_synergies(problem, choices)):
        broken.append("synergies")
    return broken


def _funding_violations(
    problem: PlanProblem, plan: Plan, choices: Choices, spend: Mapping[str, tuple[int, ...]]
) -> list[str]:
    """Who pays what: whole soles >= 0, eligible pools, each year's spend paid exactly, pools'
    money per year (cumulated with carry-over), each pool's share of a project, pool years."""
    broken: list[str] = []
    pools = {pool.id: pool for pool in problem.pools}
    paid: dict[tuple[str, int], int] = {}
    by_pool: dict[tuple[str, int], int] = {}
    by_project_pool: dict[tuple[str, str], int] = {}
    for f in plan.funding:
        code = f"funding:{f.project}/{f.pool}@{f.year}"
        if (
            f.pool not in pools
            or f.project not in choices
            or f.year not in problem.years
            or isinstance(f.amount_pen, bool)
            or not isinstance(f.amount_pen, int)
            or f.amount_pen < 0
        ):
            broken.append(code)
            continue
        if f.amount_pen and not pools[f.pool].funds(problem.project(f.project)):
            broken.append(f"eligible:{code}")
        paid[(f.project, f.year)] = paid.get((f.project, f.year), 0) + f.amount_pen
        by_pool[(f.pool, f.year)] = by_pool.get((f.pool, f.year), 0) + f.amount_pen
        key = (f.project, f.pool)
        by_project_pool[key] = by_project_pool.get(key, 0) + f.amount_pen
    for pid, amounts in spend.items():
        for t, amount in zip(problem.years, amounts, strict=True):
            if paid.get((pid, t), 0) != amount:
                broken.append(f"paid:{pid}@{t}")
    for pool in problem.pools:
        stock = 0
        for t, amount in zip(problem.years, pool.amounts_pen, strict=True):
            available = amount + stock
            used = by_pool.get((pool.id, t), 0)
            if used > available:
                broken.append(f"budget:{pool.id}@{t}")
            stock = available - used if pool.carry_over else 0
    for (pid, pool_id), amount in by_project_pool.items():
        li = choices[pid][0]
        cap = pools[pool_id].cap_pen(problem.project(pid).levels[li])
        if cap is not None and amount > cap:
            broken.append(f"share:{pid}/{pool_id}")
    if plan.pool_years != pool_years(problem, by_pool):
        broken.append("pool_years")
    return broken


def pool_years(problem: PlanProblem, used: Mapping[tuple[str, int], int]) -> tuple[PoolYear, ...]:
    """Each pool's year: amount plus carried in, used, left and carried on (given the use)."""
    out: list[PoolYear] = []
    for pool in problem.pools:
        stock = 0
        for t, amount in zip(problem.years, pool.amounts_pen, strict=True):
            available = amount + stock
            spent = used.get((pool.id, t), 0)
            left = available - spent
            carried = left if pool.carry_over else 0
            out.append(PoolYear(pool.id, t, available, spent, left, carried))
            stock = carried
    return tuple(out)


def plan_from(
    problem: PlanProblem,
    choices: Mapping[str, tuple[int, int]],
    paid: Mapping[tuple[int, int, int], int],
    *,
    status: PlanStatus,
    solver: str,
) -> Plan:
    """The `Plan` of chosen options and payments f[p,k,t] (positions), with exact value."""
    spend = spend_by_year(problem, choices)
    scheduled = []
    for project in problem.projects:
        if project.id not in choices:
            continue
        li, start = choices[project.id]
        level = project.levels[li]
        scheduled.append(
            Scheduled(
                project.id,
                level.name,
                start,
                start + level.duration - 1,
                level.value,
                spend[project.id],
            )
        )
    funding = tuple(
        Funding(problem.projects[p].id, problem.pools[k].id, t, amount)
        for (p, k, t), amount in sorted(paid.items())
        if amount
    )
    used: dict[tuple[str, int], int] = {}
    for item in funding:
        used[(item.pool, item.year)] = used.get((item.pool, item.year), 0) + item.amount_pen
    return Plan(
        years=problem.years,
        scheduled=tuple(scheduled),
        funding=funding,
        pool_years=pool_years(problem, used),
        synergies=active_synergies(problem, choices),
        value=plan_value(problem, choices),
        status=status,
        solver=solver,
    )
