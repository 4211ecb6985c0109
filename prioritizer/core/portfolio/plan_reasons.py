"""Why each project starts when it does, at its level, or is out of the roadmap: the rule or the
money behind it, as data (`PlanReason`), read off the plan with the same pools' years; with
`flips`, the plan re-solved with the project forced the other way gives the loss."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from prioritizer.core.portfolio.plan_model import solve_plan
from prioritizer.results.plan import LevelOption, Plan, PlanReason
from prioritizer.results.plan_problem import PlanProblem, PlanProject

_RELATED = 3  # the projects named as where a year's money went


def plan_reasons(
    problem: PlanProblem, plan: Plan, *, flips: bool = False
) -> tuple[PlanReason, ...]:
    """One reason per candidate, in the problem's order."""
    out = []
    for project in problem.projects:
        entry = plan.entry(project.id)
        reason = _in(problem, plan, project) if entry else _out(problem, plan, project)
        if flips and not project.mandatory:
            other = solve_plan(problem, force={project.id: entry is None})
            loss = None if other is None else plan.value - other.value
            reason = _with(reason, flip_loss=loss, flip_checked=True)
        out.append(reason)
    return tuple(out)


def _with(reason: PlanReason, **changes: Any) -> PlanReason:
    return replace(reason, **changes)


def _left(plan: Plan, pools: list[str], year: int) -> int:
    return sum(p.left_pen for p in plan.pool_years if p.pool in pools and p.year == year)


def _paid_from(plan: Plan, pools: list[str], year: int, skip: str) -> tuple[str, ...]:
    """The projects the pools pay most for in `year` (largest first)."""
    totals: dict[str, int] = {}
    for f in plan.funding:
        if f.pool in pools and f.year == year and f.project != skip:
            totals[f.project] = totals.get(f.project, 0) + f.amount_pen
    ranked = sorted(totals, key=lambda p: (-totals[p], p))
    return tuple(ranked[:_RELATED])


def _paying(plan: Plan, pools: list[str], year: int, skip: str) -> dict[str, Any]:
    """A money reason's year, the pools that could pay, and what they pay for instead then."""
    return {"year": year, "pools": tuple(pools), "related": _paid_from(plan, pools, year, skip)}


def _busy_year(
    problem: PlanProblem, plan: Plan, project: PlanProject, li: int, s: int
) -> int | None:
    """The first year of a run from `s` in which the project's unit is already at its cap."""
    cap = problem.unit_caps.get(project.unit or "")
    if project.unit is None or cap is None:
        return None
    for t in range(s, s + project.levels[li].duration):
        running = sum(
            1
            for e in plan.scheduled
            if e.project != project.id
            and problem.project(e.project).unit == project.unit
            and e.start <= t <= e.end
        )
        if running >= cap:
            return t
    return None


def _short(
    problem: PlanProblem, plan: Plan, project: PlanProject, li: int, s: int
) -> tuple[int, int] | None:
    """The first year (and soles short) in which the project's pools lack its cost from `s`."""
    pools = [k.id for k in problem.pools if k.funds(project)]
    for t in problem.years:
        cost = problem.cost_in(project.levels[li], s, t)
        if cost > _left(plan, pools, t):
            return t, cost - _left(plan, pools, t)
    return None


def _level(problem: PlanProblem, project: PlanProject, li: int) -> dict[str, Any]:
    """Why this level, against the other levels that could have run within the plan."""
    chosen = project.levels[li]
    possible = {lj for lj, _ in problem.options(project)}
    others = tuple(
        LevelOption(lv.name, lv.value, lv.total_pen)
        for j, lv in enumerate(project.levels)
        if j != li and j in possible
    )
    if not others:
        return {"level_kind": "only", "level": chosen.name}
    best = all(chosen.value >= o.value for o in others)
    return {
        "level_kind": "best" if best else "cheaper",
        "level": chosen.name,
        "alternatives": others,
    }


def _in(problem: PlanProblem, plan: Plan, project: PlanProject) -> PlanReason:
    entry = plan.entry(project.id)
    assert entry is not None
    li = [lv.name for lv in project.levels].index(entry.level)
    synergies = tuple(
        s.id for s in problem.synergies if s.id in plan.synergies and project.id in s.projects
    )
    base = PlanReason(project.id, True, synergies=synergies, **_level(problem, project, li))
    if project.committed is not None:
        return _with(base, start_kind="committed")
    earlier = [s for lj, s in problem.options(project) if lj == li and s < entry.start]
    if not earlier:
        return _with(base, start_kind="first_year")
    ends = {r: e.end for r in project.requires if (e := plan.entry(r)) is not None}
    if ends and max(ends.values()) + 1 == entry.start:
        last = max(ends.values())
        related = tuple(r for r, end in ends.items() if end == last)
        return _with(base, start_kind="after_predecessor", related=related, year=last)
    busy = {s: _busy_year(problem, plan, project, li, s) for s in earlier}
    open_starts = [s for s, b in busy.items() if b is None]
    if not open_starts:
        first = busy[min(earlier)]
        return _with(base, start_kind="unit_busy", year=first, related=(project.unit or "",))
    base = _with(base, **_unit_years(project, busy))
    pools = [k.id for k in problem.pools if k.funds(project)]
    year = max(open_starts)  # why not sooner: the latest start its unit had room for
    short = _short(problem, plan, project, li, year)
    if short is None:  # the money was there: an equally good plan starts it sooner
        return _with(base, start_kind="equal_value", year=year)
    return _with(
        base,
        start_kind="budget",
        **_paying(plan, pools, short[0], project.id),
        amount_pen=short[1],
    )


def _unit_years(project: PlanProject, busy: Mapping[int, int | None]) -> dict[str, Any]:
    """The starts the unit's cap rules out, named beside a money reason for the others."""
    years = tuple(sorted(s for s, b in busy.items() if b is not None))
    return {"unit": project.unit, "unit_years": years} if years else {}


def _out(problem: PlanProblem, plan: Plan, project: PlanProject) -> PlanReason:
    base = PlanReason(project.id, False)
    options = problem.options(project)
    if not options:
        return _with(base, out_kind="no_window")
    pools = [k.id for k in problem.pools if k.funds(project)]
    if not pools and all(any(lv.costs_pen) for lv in project.levels):
        return _with(base, out_kind="no_pool")
    excluders = tuple(p for p in project.excludes if plan.entry(p) is not None)
    excluders += tuple(
        q.id for q in problem.projects if project.id in q.excludes and plan.entry(q.id) is not None
    )
    if excluders:
        return _with(base, out_kind="excluded", related=tuple(dict.fromkeys(excluders)))
    missing = tuple(other for other in project.requires if plan.entry(other) is None)
    if missing:
        return _with(base, out_kind="requires", related=missing)
    ends = {other: plan.entry(other).end for other in project.requires}  # type: ignore[union-attr]
    late = tuple(r for r, end in ends.items() if all(s <= end for _, s in options))
    if late:
        year = max(ends[r] for r in late)
        return _with(base, out_kind="requires_late", related=late, year=year)
    # every start it could have had, at every level: what stops each one
    blocked = [
        (li, s, _busy_year(problem, plan, project, li, s), _short(problem, plan, project, li, s))
        for li, s in options
    ]
    free = [(li, s) for li, s, busy, short in blocked if busy is None and short is None]
    if free:  # the money and the unit were there: the plan is worth more without it
        year = min(s for _, s in free)
        return _with(base, out_kind="by_value", **_paying(plan, pools, year, project.id))
    money = [(short, s) for _, s, busy, short in blocked if busy is None and short is not None]
    if not money:
        busy_years = [busy for _, _, busy, _ in blocked if busy is not None]
        return _with(
            base, out_kind="unit_busy", year=min(busy_years), related=(project.unit or "",)
        )
    (year, amount), _ = min(money, key=lambda m: (m[0][1], m[1]))  # the start nearest to fit
    money_starts = {s for _, s in money}
    busy = {s: b for _, s, b, _ in blocked if b is not None and s not in money_starts}
    return _with(
        base,
        **_unit_years(project, busy),
        out_kind="budget",
        **_paying(plan, pools, year, project.id),
        amount_pen=amount,
    )
