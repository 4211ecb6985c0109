"""The regions' roadmaps planned together: one plan over every region's pools, units and
synergies in which a project shared by regions starts in the same year in each of them (its
regional parts `together`) or is out of all; then each region's own plan with those decisions
fixed, so that its schedule, payments and why-lines read as the region's own.

Exact: given the shared projects' starts the regions are independent, so the regions' own
optima with those starts fixed add up to the joint optimum.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from prioritizer.core.analysis.portfolios import _solver
from prioritizer.core.analysis.roadmap import plan_problem
from prioritizer.core.portfolio.limits import Progress, no_progress
from prioritizer.core.portfolio.plan import select_plan
from prioritizer.core.portfolio.plan_model import solve_plan
from prioritizer.core.portfolio.solve import Solver
from prioritizer.data.models import Dataset
from prioritizer.errors import InputError
from prioritizer.options import RunOptions
from prioritizer.phrases import phrase
from prioritizer.results.plan import Plan, PlanReason
from prioritizer.results.plan_problem import PlanProblem, PlanProject, Pool, Synergy

_SEP = "/"
"""Between a region id and one of its roadmap's ids in the joint problem (`cusco/x`)."""


@dataclass(frozen=True, slots=True)
class JointRoadmap:
    """Each region's problem and plan (shared projects fixed as planned together), the regions
    sharing each shared project, and the joint plan's value."""

    problems: Mapping[str, PlanProblem]
    plans: Mapping[str, Plan]
    shared: Mapping[str, tuple[str, ...]]
    value: float


def joint_roadmap(
    data: Dataset, regions: Sequence[str], options: RunOptions, progress: Progress = no_progress
) -> JointRoadmap | None:
    """The roadmaps of `regions` planned together; None when fewer than two of them have a
    roadmap, when they share no project, or when no joint plan exists (each region's own plan
    then says why). InputError when their roadmaps cover different years."""
    problems = {r: plan_problem(data, r, options) for r in regions if data.roadmap_of(r)}
    spans = {r: (p.years[0], p.years[-1]) for r, p in problems.items()}
    if len(set(spans.values())) > 1:
        raise InputError(
            "--joint",
            expected=phrase("roadmaps over the same years in every region, to plan them together"),
            got=", ".join(f"{r} {first}-{last}" for r, (first, last) in spans.items()),
        )
    return plan_jointly(
        problems, solver=_solver(options), time_limit=options.time_limit, progress=progress
    )


def plan_jointly(
    problems: Mapping[str, PlanProblem],
    *,
    solver: Solver = "highs",
    time_limit: float | None,
    progress: Progress = no_progress,
) -> JointRoadmap | None:
    """The regions' problems (over the same years) planned together, projects with the same id
    being one shared project; None without two regions sharing a project or without a plan.
    `progress` hears of the joint plan, then of each region's ("roadmap", done, total)."""
    counts: dict[str, list[str]] = {}
    for region, problem in problems.items():
        for pid in problem.ids:
            counts.setdefault(pid, []).append(region)
    shared = {pid: tuple(rs) for pid, rs in counts.items() if len(rs) > 1}
    if not shared:
        return None
    joint = _joint_problem(problems, shared)
    total = 1 + len(problems)
    progress("roadmap", 0, total)
    plan = solve_plan(joint, solver=solver, time_limit=time_limit)
    if plan is None:
        progress("roadmap", total, total)
        return None
    progress("roadmap", 1, total)
    plans = {}
    for done, (region, problem) in enumerate(problems.items(), start=2):
        fixed, force = _fixed(problem, region, plan, shared)
        own = select_plan(fixed, solver=solver, time_limit=time_limit, force=force)
        plans[region] = dataclasses.replace(
            own, reasons=tuple(_joint_reason(r, region, shared) for r in own.reasons)
        )
        progress("roadmap", done, total)
    value = math.fsum(p.value for p in plans.values())
    return JointRoadmap(problems, plans, shared, value)


def _joint_problem(
    problems: Mapping[str, PlanProblem], shared: Mapping[str, tuple[str, ...]]
) -> PlanProblem:
    """Every region's projects, pools, units and synergies under region-prefixed ids, each
    pool funding its own region only; the parts of a shared project start together."""
    projects: list[PlanProject] = []
    pools: list[Pool] = []
    synergies: list[Synergy] = []
    caps: dict[str, int] = {}
    for region, problem in problems.items():
        own = _prefix(region)
        projects += [
            dataclasses.replace(
                p,
                id=own(p.id),
                requires=tuple(map(own, p.requires)),
                excludes=tuple(map(own, p.excludes)),
                unit=None if p.unit is None else own(p.unit),
                region=region,
            )
            for p in problem.projects
        ]
        pools += [dataclasses.replace(k, id=own(k.id), regions=(region,)) for k in problem.pools]
        synergies += [
            dataclasses.replace(
                s, id=own(s.id), projects=tuple(map(own, s.projects)), bearer=own(s.bearer)
            )
            for s in problem.synergies
        ]
        caps |= {own(unit): cap for unit, cap in problem.unit_caps.items()}
    years = next(iter(problems.values())).years
    together = [[_prefix(r)(pid) for r in regions] for pid, regions in shared.items()]
    return PlanProblem.build(
        years=years,
        projects=projects,
        pools=pools,
        synergies=synergies,
        unit_caps=caps,
        together=together,
    )


def _prefix(region: str) -> Callable[[str], str]:
    """The joint problem's id of one of `region`'s ids."""
    return lambda item: f"{region}{_SEP}{item}"


def _fixed(
    problem: PlanProblem, region: str, plan: Plan, shared: Mapping[str, tuple[str, ...]]
) -> tuple[PlanProblem, dict[str, bool]]:
    """The region's problem with each shared project's start fixed as the joint plan has it
    (or kept out), and the projects to keep out."""
    projects = []
    force: dict[str, bool] = {}
    for project in problem.projects:
        if project.id in shared:
            entry = plan.entry(f"{region}{_SEP}{project.id}")
            if entry is None:
                force[project.id] = False
            elif project.committed is None:
                project = dataclasses.replace(
                    project, earliest=entry.start, latest=entry.start, mandatory=True
                )
        projects.append(project)
    return dataclasses.replace(problem, projects=tuple(projects)), force


def _joint_reason(
    reason: PlanReason, region: str, shared: Mapping[str, tuple[str, ...]]
) -> PlanReason:
    """A shared project's why-line says it was planned with the other regions."""
    if reason.project not in shared:
        return reason
    others = tuple(r for r in shared[reason.project] if r != region)
    if not reason.selected:
        return PlanReason(reason.project, False, out_kind="joint", related=others)
    if reason.start_kind == "committed":
        return reason
    return PlanReason(
        reason.project,
        True,
        start_kind="joint",
        level_kind=reason.level_kind,
        level=reason.level,
        alternatives=reason.alternatives,
        related=others,
        synergies=reason.synergies,
    )
