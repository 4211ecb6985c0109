"""Why no roadmap meets the rules: mandatory projects without a start or a pool, mandatory
projects that exclude each other or whose predecessor cannot end in time, and committed spend
beyond what the pools that may pay it hold in a year (per pool first, then together)."""

from __future__ import annotations

from prioritizer.results.plan import PlanCause
from prioritizer.results.plan_problem import PlanProblem, PlanProject, Pool


def diagnose_plan(problem: PlanProblem) -> tuple[PlanCause, ...]:
    """The causes found, most specific first; `rules_conflict` when none is found."""
    must = [p for p in problem.projects if p.mandatory]
    causes: list[PlanCause] = []
    for project in must:
        options = problem.options(project)
        if not options:
            causes.append(PlanCause("no_window", (project.id,)))
        elif not _pools_of(problem, project) and all(
            _spend(problem, project, li, s) for li, s in options
        ):
            causes.append(PlanCause("no_pool", (project.id,)))
        for other in project.excludes:
            if problem.project(other).mandatory and (project.id < other):
                causes.append(PlanCause("mandatory_excluded", (project.id, other)))
        for other in project.requires:
            before = problem.options(problem.project(other))
            ends = [s + problem.project(other).levels[li].duration - 1 for li, s in before]
            if options and (not ends or min(ends) >= max(s for _, s in options)):
                causes.append(PlanCause("predecessor_late", (project.id, other)))
    causes += _money(problem, [p for p in must if len(problem.options(p)) == 1])
    return tuple(causes) or (PlanCause("rules_conflict", tuple(p.id for p in must)),)


def _pools_of(problem: PlanProblem, project: PlanProject) -> list[Pool]:
    return [pool for pool in problem.pools if pool.funds(project)]


def _spend(problem: PlanProblem, project: PlanProject, li: int, start: int) -> int:
    return sum(problem.cost_in(project.levels[li], start, t) for t in problem.years)


def _money(problem: PlanProblem, fixed: list[PlanProject]) -> list[PlanCause]:
    """Committed spend per year against the most the pools that may pay it can give by then
    (a pool with carry-over can give all it has received so far)."""
    causes: list[PlanCause] = []
    for i, t in enumerate(problem.years):
        need: dict[str, int] = {}
        for project in fixed:
            ((li, start),) = problem.options(project)
            amount = problem.cost_in(project.levels[li], start, t)
            if t == start:  # the most its synergies could save, so a cause is never overstated
                amount -= sum(s.saving_pen for s in problem.synergies if s.bearer == project.id)
            if amount > 0:
                need[project.id] = amount
        if not need:
            continue
        groups: list[tuple[tuple[str, ...], list[str]]] = []
        for pool in problem.pools:  # per pool: what only this pool may pay
            alone = [
                p
                for p in need
                if [k.id for k in _pools_of(problem, problem.project(p))] == [pool.id]
            ]
            if alone:
                groups.append(((pool.id,), alone))
        pools = sorted({k.id for p in need for k in _pools_of(problem, problem.project(p))})
        groups.append((tuple(pools), list(need)))
        for pool_ids, projects in groups:
            wanted = sum(need[p] for p in projects)
            most = sum(_reach(pool, i) for pool in problem.pools if pool.id in pool_ids)
            if wanted > most:
                causes.append(
                    PlanCause(
                        "over_budget",
                        tuple(projects),
                        year=t,
                        pools=pool_ids,
                        need_pen=wanted,
                        available_pen=most,
                        shortfall_pen=wanted - most,
                    )
                )
                break
    return causes


def _reach(pool: Pool, index: int) -> int:
    """The most `pool` can pay in the year at `index`."""
    return sum(pool.amounts_pen[: index + 1]) if pool.carry_over else pool.amounts_pen[index]
