"""The roadmap as a time-indexed integer programme (PuLP), and the checked solve (which tries
the plan with its years summed, `plan_relax`, first).

Symbols (PlanProblem): x[p,l,s] binary, project p at level l starts in year s, for the options
the problem allows (a commitment has one); z_p = sum x[p,.,.] <= 1 (= 1 when mandatory).
f[p,k,t] >= 0 soles (whole: see `_funding`) that pool k pays for p in year t, only for eligible
pools (the others are absent, i.e. fixed at 0; one pool open to all pays what the others leave).
Spend of p in t = sum_{l,s} C[p,l,t-s] x[p,l,s] minus the savings of synergies p bears, booked
in its start year; sum_k f[p,k,t] = spend(p,t).
Pools: sum_p f[p,k,t] <= a[k,t], or with carry-over the same summed over years <= t (the
stock never goes negative). Shares: sum_t f[p,k,t] <= sum floor(share_k * C[p,l]) x[p,l,s].
Precedence (q requires p, finish before start), cumulated: for every start s' of q,
sum_{l, s <= s'} x[q,l,s] <= sum of x[p,l,s] over the options ending before s'.
Exclusion z_p + z_q <= 1. Together (one shared project's part per region): for p, q in a
group and every year s, sum_l x[p,l,s] = sum_l x[q,l,s]. Caps: projects of unit u running in
t (s <= t < s + d) <= cap_u.
Synergy S: y_S <= z_p for p in S, y_S >= sum_S z_p - |S| + 1; its saving uses w[S,t] =
y_S AND (bearer starts in t): w <= y_S, w <= sum_l x[b,l,t], w >= y_S + sum_l x[b,l,t] - 1.
y and w are continuous: the rows fix them to 0/1 once x is binary. Objective: maximise
sum v[p,l] x[p,l,s] + sum extra_S y_S.

What lets the search prove a 3-year plan of 100 candidates optimal (`plan_search`, measured
in benchmarks/bench_plan_scale.py): z_p, u[p,l] = sum_s x[p,l,s] and b[p,s] = "started by s"
are binaries of their own (the search branches on in/out, level, early/late instead of moving
a project between equivalent years), the cumulated precedence rows, knapsack rows on the x
alone, and continuous payments where whole ones follow. None changes the plans or their value.
(Past 400 lines because this docstring writes out every row beside the code that adds it.)
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pulp

from prioritizer.core.portfolio.limits import Deadline
from prioritizer.core.portfolio.plan_check import Choices, plan_from, plan_violations
from prioritizer.core.portfolio.plan_relax import (
    RELAXED_HIGHS,
    Selection,
    relaxed_model,
    selected_problem,
)
from prioritizer.core.portfolio.plan_search import (
    Option,
    _chosen,
    _money_by_class,
    _spend,
    _starts,
    exclusions,
    holds,
)
from prioritizer.core.portfolio.solve import (
    SOLVER_NAMES,
    Solver,
    SolveState,
    _engine,
    _quiet_stdout,
    _scratch,
    refuse_broken,
    solve_state,
)
from prioritizer.errors import SolverFailure
from prioritizer.phrases import phrase
from prioritizer.results.plan import Plan, PlanStatus
from prioritizer.results.plan_problem import PlanProblem

_INTEGRALITY = 1e-5
_WHOLE_SOL = 1e-6
"""How far from a whole sol a continuous payment may be and still be read as that sol."""
Force = Mapping[str, bool]
"""Project id -> True (must be in the plan) or False (must stay out)."""
_TRIES = 5
"""Selections of the plan with its years summed tried before the time-indexed model: with
pools that carry nothing over, 30 candidates needed 1-5 (16 instances), each failed one
costing about 0.5 s, the time-indexed model 1-5 s."""


@dataclass(frozen=True, slots=True)
class _Model:
    model: Any
    x: dict[tuple[int, int, int], Any]
    f: dict[tuple[int, int, int], Any]


def build_plan_model(
    problem: PlanProblem, force: Force | None = None, *, whole_pay: bool = False
) -> _Model:
    """A fresh PuLP model of `problem` (variables named by position, never by id); f is
    integer only where a pool's share cap needs it, or everywhere with `whole_pay`."""
    force = force or {}
    model = pulp.LpProblem("plan", pulp.LpMinimize)
    first = problem.years[0]
    x: dict[tuple[int, int, int], Any] = {}
    options: list[list[Option]] = []
    for p, project in enumerate(problem.projects):
        mine = problem.options(project)
        for li, s in mine:
            x[(p, li, s)] = model.add_variable(f"x_{p}_{li}_{s - first}", 0, 1, "Integer")
        options.append([(li, s, x[(p, li, s)]) for li, s in mine])
    chosen = [
        _chosen(model, p, project, options[p], force.get(project.id, None))
        for p, project in enumerate(problem.projects)
    ]
    starts = [_starts(model, p, own, first) for p, own in enumerate(options)]
    objective: list[Any] = [problem.projects[p].levels[li].value * v for (p, li, _), v in x.items()]
    exclusions(problem, model, chosen)
    for p, project in enumerate(problem.projects):
        for other in project.requires:
            q = problem.positions[other]
            ends = [(s + problem.projects[q].levels[li].duration - 1, v) for li, s, v in options[q]]
            for s in starts[p]:
                begun = pulp.lpSum(starts[p][r] for r in starts[p] if r <= s)
                model += begun <= pulp.lpSum(v for end, v in ends if end < s)
    _together(problem, model, starts)
    savings = _synergies(problem, model, chosen, starts, objective)
    _caps(problem, model, x)
    f = _funding(problem, model, options, savings, whole_pay)
    _money_by_class(problem, model, options, savings)
    model += -pulp.lpSum(objective)
    return _Model(model, x, f)


def _synergies(
    problem: PlanProblem,
    model: Any,
    chosen: list[Any],
    starts: list[dict[int, Any]],
    objective: list[Any],
) -> dict[tuple[int, int], list[Any]]:
    """y_S and w[S,t] rows; returns (bearer, year) -> the saving terms to subtract from spend."""
    savings: dict[tuple[int, int], list[Any]] = {}
    for i, synergy in enumerate(problem.synergies):
        y = holds(problem, model, chosen, i)
        if synergy.extra_value:
            objective.append(synergy.extra_value * y)
        if not synergy.saving_pen:
            continue
        b = problem.positions[synergy.bearer]
        for t in problem.years:
            if t not in starts[b]:
                continue
            w = model.add_variable(f"w_{i}_{t - problem.years[0]}", 0, 1)
            model += w <= y
            model += w <= starts[b][t]
            model += w >= y + starts[b][t] - 1
            savings.setdefault((b, t), []).append(synergy.saving_pen * w)
    return savings


def _together(problem: PlanProblem, model: Any, starts: list[dict[int, Any]]) -> None:
    """Projects of a `together` group start in the same year (each year's starts equal)."""
    for group in problem.together:
        members = [problem.positions[p] for p in group]
        years = sorted({s for p in members for s in starts[p]})
        for p, q in itertools.pairwise(members):
            for s in years:
                model += pulp.lpSum([starts[p].get(s, 0)]) == pulp.lpSum([starts[q].get(s, 0)])


def _caps(problem: PlanProblem, model: Any, x: Mapping[tuple[int, int, int], Any]) -> None:
    """Projects of each capped executing unit running in a year, at most its cap."""
    for unit, cap in problem.unit_caps.items():
        for t in problem.years:
            running = [
                v
                for (p, li, s), v in x.items()
                if problem.projects[p].unit == unit
                and s <= t < s + problem.projects[p].levels[li].duration
            ]
            if len(running) > cap:
                model += pulp.lpSum(running) <= cap


def _funding(
    problem: PlanProblem,
    model: Any,
    options: list[list[Option]],
    savings: Mapping[tuple[int, int], list[Any]],
    whole_pay: bool,
) -> dict[tuple[int, int, int], Any]:
    """f[p,k,t], each project's yearly spend paid exactly, pools' years and shares.

    f is integer only for pools with a share cap (or all, `whole_pay`): once those are whole,
    what is left to pay is a flow from pool years (carried on from year to year) to the
    projects' years with whole supplies and demands, which has a whole solution whenever it
    has one at all; the search runs faster on continuous f (`pay_schedule` makes it whole).
    The first pool open to every project without a share cap gets no variables: it pays what
    the others leave, f[p,k,t] = spend(p,t) - the rest (an expression, whole when they are),
    with rest <= spend. HiGHS CPU at 100 candidates, median of 5 seeds: 1.68 s against 1.84 s
    for the whole model (better on every seed), 0.055 s against 0.072 s for a schedule's check."""
    f: dict[tuple[int, int, int], Any] = {}
    by_pool_year: dict[tuple[int, int], list[Any]] = {}
    first = problem.years[0]
    unlimited = (None, None, None, None)
    rest = next(
        (
            k
            for k, pool in enumerate(problem.pools)
            if (pool.groups, pool.mechanisms, pool.regions, pool.max_share) == unlimited
        ),
        None,
    )
    for p, project in enumerate(problem.projects):
        eligible = [k for k, pool in enumerate(problem.pools) if pool.funds(project)]
        mine = options[p]
        for t in problem.years:
            top = max((problem.cost_in(project.levels[li], s, t) for li, s, _ in mine), default=0)
            if not top:
                continue
            for k in eligible:
                if k == rest:
                    continue
                capped = problem.pools[k].max_share is not None
                kind = "Integer" if whole_pay or capped else "Continuous"
                f[(p, k, t)] = model.add_variable(f"f_{p}_{k}_{t - first}", 0, top, kind)
                by_pool_year.setdefault((k, t), []).append(f[(p, k, t)])
            paid = pulp.lpSum(f[(p, k, t)] for k in eligible if k != rest)
            spend = _spend(problem, p, mine, savings, (t,))
            if rest is None:
                model += paid == spend
                continue
            model += paid <= spend
            f[(p, rest, t)] = spend - paid
            by_pool_year.setdefault((rest, t), []).append(f[(p, rest, t)])
        for k in eligible:
            cap = [(problem.pools[k].cap_pen(project.levels[li]), v) for li, _, v in mine]
            mine_f = [f[(p, k, t)] for t in problem.years if (p, k, t) in f]
            if mine_f and cap[0][0] is not None:
                model += pulp.lpSum(mine_f) <= pulp.lpSum(int(c or 0) * v for c, v in cap)
    for k, pool in enumerate(problem.pools):
        spent: list[Any] = []
        offered = 0
        for t, amount in zip(problem.years, pool.amounts_pen, strict=True):
            year = by_pool_year.get((k, t), [])
            spent = [*spent, *year] if pool.carry_over else year
            offered = offered + amount if pool.carry_over else amount
            if year:
                model += pulp.lpSum(spent) <= offered
    return f


def solve_plan(
    problem: PlanProblem,
    *,
    force: Force | None = None,
    solver: Solver = "highs",
    time_limit: float | None = None,
) -> Plan | None:
    """The best plan (None when no plan meets the rules), re-checked in plain Python.

    First the plan with its years summed (`plan_relax`): when the selected projects at their
    levels have a fundable schedule, it is a best plan (a plan "best_found" when `time_limit`,
    which bounds the whole call, stopped that search); when `_TRIES` selections in turn have
    none, or a search stops, the time-indexed model decides."""
    deadline = Deadline(time_limit)
    excluded: list[Selection] = []
    for _ in range(_TRIES):
        relaxed = relaxed_model(problem, force or {}, excluded)
        state = _solve(relaxed.model, solver, _left(deadline), RELAXED_HIGHS)
        if state == "infeasible":
            return None
        if state not in ("optimal", "best_found"):
            break
        chosen = relaxed.selection(problem)
        found, choices, paid = _schedule(problem, chosen, solver, deadline)
        if found == "optimal":
            return _checked(problem, choices, paid, state, solver, force)
        if found != "infeasible" or state != "optimal":
            break
        excluded.append(chosen)
    built = build_plan_model(problem, force)
    state = _solve(built.model, solver, _left(deadline))
    if state == "infeasible":
        return None
    if state not in ("optimal", "best_found"):
        raise SolverFailure(phrase("{solver} found no plan", solver=SOLVER_NAMES[solver]))
    choices = {}
    for (p, li, s), v in built.x.items():
        if _whole(v, solver) == 1:
            choices[problem.projects[p].id] = (li, s)
    whole = _paid(built)
    if whole is None:
        whole = pay_schedule(problem, choices, solver=solver)
    return _checked(problem, choices, whole, state, solver, force)


def _left(deadline: Deadline) -> float | None:
    left = deadline.remaining()
    return None if left is None else max(left, 1e-3)


def _schedule(
    problem: PlanProblem, chosen: Selection, solver: Solver, deadline: Deadline
) -> tuple[SolveState, dict[str, tuple[int, int]], dict[tuple[int, int, int], int]]:
    """A fundable schedule of the chosen projects at their levels, searched on the model of
    them alone: the solve's state, the choices and whole payments (positions in `problem`)."""
    if not chosen:
        return "optimal", {}, {}
    alone = selected_problem(problem, chosen)
    if alone is None:
        return "infeasible", {}, {}
    built = build_plan_model(alone)
    state = _solve(built.model, solver, _left(deadline))
    if state != "optimal":
        return state, {}, {}
    starts = {alone.projects[p].id: s for (p, _, s), v in built.x.items() if _whole(v, solver)}
    whole = _paid(built)
    if whole is None:
        whole = pay_schedule(alone, {pid: (0, s) for pid, s in starts.items()}, solver=solver)
    at = [problem.positions[project.id] for project in alone.projects]
    return (
        state,
        {pid: (chosen[pid], s) for pid, s in starts.items()},
        {(at[p], k, t): amount for (p, k, t), amount in whole.items()},
    )


def _checked(
    problem: PlanProblem,
    choices: Mapping[str, tuple[int, int]],
    paid: Mapping[tuple[int, int, int], int],
    state: SolveState,
    solver: Solver,
    force: Force | None,
) -> Plan:
    """The plan of `choices` and `paid`, after the independent check (SolverFailure if not)."""
    status: PlanStatus = "optimal" if state == "optimal" else "best_found"
    plan = plan_from(problem, choices, paid, status=status, solver=SOLVER_NAMES[solver])
    broken = plan_violations(problem, plan)
    broken += [f"force:{p}" for p, v in (force or {}).items() if (p in choices) != v]
    refuse_broken(SOLVER_NAMES[solver], broken, what="plan")
    return plan


def pay_schedule(
    problem: PlanProblem, choices: Choices, *, solver: Solver = "highs"
) -> dict[tuple[int, int, int], int]:
    """Who pays what, in whole soles, for a fundable schedule (project id -> level index and
    start): the model with the schedule fixed and every f integer. Used when the optimum's
    continuous payments are not whole; it always succeeds then (see `_funding`)."""
    fixed = dataclasses.replace(
        problem,
        projects=tuple(
            dataclasses.replace(p, committed=(choices[p.id][1], p.levels[choices[p.id][0]].name))
            if p.id in choices
            else p
            for p in problem.projects
        ),
    )
    out = {p.id: False for p in problem.projects if p.id not in choices}
    built = build_plan_model(fixed, out, whole_pay=True)
    if _solve(built.model, solver, None) != "optimal":
        raise SolverFailure(
            phrase("{solver} could not pay the plan in whole soles", solver=SOLVER_NAMES[solver])
        )
    return {key: _whole(v, solver) for key, v in built.f.items()}


def _solve(
    model: Any, solver: Solver, time_limit: float | None, highs: Mapping[str, object] = {}
) -> SolveState:
    """Run the engine on the PuLP model, quietly (CBC in a scratch folder for its files; HiGHS
    runs in process and writes none); the solve's state. `highs`: options for HiGHS."""
    engine = _engine(solver, mip=True, time_limit=time_limit)
    if solver == "highs":
        engine.optionsDict.update(highs)
    with _quiet_stdout(), ExitStack() as stack:
        if solver == "cbc":
            engine.tmpDir = stack.enter_context(_scratch())
        try:
            model.solve(engine)
        except pulp.PulpSolverError as exc:
            raise SolverFailure(
                phrase("{solver} failed: {reason}", solver=SOLVER_NAMES[solver], reason=str(exc))
            ) from exc
    return solve_state(model.status, model.sol_status)


def _paid(built: _Model) -> dict[tuple[int, int, int], int] | None:
    """The payments f rounded to the sol, or None when one is not a whole number of soles."""
    out: dict[tuple[int, int, int], int] = {}
    for key, v in built.f.items():
        raw = pulp.value(v)
        value = 0.0 if raw is None else float(raw)
        if abs(value - round(value)) > _WHOLE_SOL:
            return None
        out[key] = round(value)
    return out


def _whole(variable: Any, solver: str) -> int:
    raw = pulp.value(variable)
    value = 0.0 if raw is None else float(raw)
    if abs(value - round(value)) > _INTEGRALITY * max(1.0, abs(value)):
        raise SolverFailure(
            phrase("{solver} returned fractional plan values", solver=SOLVER_NAMES[solver])
        )
    return round(value)
