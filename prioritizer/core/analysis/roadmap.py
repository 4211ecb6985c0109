"""A region's roadmap over years as a plan problem: its candidates with their levels (values from
the same scores `portfolio` uses), the pools, units, commitments, windows and synergies of the
data set's roadmap; the best plan, and the stable re-plan after budget cuts."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from prioritizer.core.analysis.portfolios import _solver, portfolio_values, project_scores
from prioritizer.core.portfolio.plan import replan, select_plan
from prioritizer.data.models import Dataset
from prioritizer.data.models.roadmap import DEFAULT_LEVEL, Roadmap
from prioritizer.errors import InputError
from prioritizer.options import RunOptions
from prioritizer.phrases import phrase
from prioritizer.results.plan import BudgetCut, Plan, Replan
from prioritizer.results.plan_problem import Level, PlanProblem, PlanProject, Pool, Synergy


def region_roadmap(data: Dataset, region_id: str) -> Roadmap:
    """The region's roadmap; InputError naming the missing file when it has none."""
    roadmap = data.roadmap_of(region_id)
    if roadmap is None:
        raise InputError(
            f"{data.files.get('regions', 'inputs/regions')}/{region_id}/roadmap.yaml",
            expected=phrase(
                "a roadmap for {region} (the plan's years and funding pools)", region=region_id
            ),
            got=phrase("no such file"),
            hint=phrase("the embedded data set has one for cusco and puno: `prioritizer init DIR`"),
        )
    return roadmap


def plan_problem(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    values: npt.NDArray[np.float64] | None = None,
) -> PlanProblem:
    """The region's roadmap as a plan problem. A candidate's value at a level is its portfolio
    value (`values`, default the ranking's as `portfolio` computes it) times the level's factor;
    a candidate without levels runs one year at its cost to the region. A synergy's extra value
    is its percentage of the sum of its projects' values."""
    roadmap = region_roadmap(data, region_id)
    candidates = data.projects_in(region_id)
    if values is None:
        values = portfolio_values(project_scores(data, region_id, options).ranking)
    value_of = {p.id: float(v) for p, v in zip(candidates, values, strict=True)}
    ids = set(value_of)
    unit_of = {p: unit.id for unit in roadmap.units for p in unit.projects}
    windows = {w.project: w for w in roadmap.windows}
    committed = {c.project: (c.start, c.level) for c in roadmap.commitments}
    projects = []
    for candidate in candidates:
        listed = roadmap.levels_of(candidate.id)
        levels = tuple(
            Level(level.level, tuple(level.costs_pen), value_of[candidate.id] * level.value_factor)
            for level in listed
        ) or (Level(DEFAULT_LEVEL, (candidate.cost_in(region_id),), value_of[candidate.id]),)
        window = windows.get(candidate.id)
        projects.append(
            PlanProject(
                id=candidate.id,
                levels=levels,
                name=candidate.name.get(options.lang),
                group=candidate.value_chain,
                mechanism=candidate.mechanisms[0],
                region=region_id,
                unit=unit_of.get(candidate.id),
                earliest=window.earliest if window else None,
                latest=window.latest if window else None,
                requires=candidate.requires,
                excludes=tuple(other for other in candidate.excludes if other in ids),
                mandatory=candidate.mandatory,
                committed=committed.get(candidate.id),
            )
        )
    years = roadmap.years.years
    pools = [
        Pool(
            pool.id,
            tuple(pool.amounts_pen[year] for year in years),
            name=pool.name.get(options.lang),
            carry_over=pool.carry_over,
            groups=pool.value_chains,
            mechanisms=pool.mechanisms,
            max_share=pool.max_share,
        )
        for pool in roadmap.pools
    ]
    synergies = [
        Synergy(
            synergy.id,
            synergy.projects,
            extra_value=synergy.extra_value_pct / 100 * sum(value_of[p] for p in synergy.projects),
            saving_pen=synergy.saving_pen,
            bearer=synergy.bearer or "",
        )
        for synergy in roadmap.synergies
    ]
    return PlanProblem.build(
        years=years,
        projects=projects,
        pools=pools,
        synergies=synergies,
        unit_caps={unit.id: unit.max_running for unit in roadmap.units},
    )


def best_plan(problem: PlanProblem, options: RunOptions) -> Plan:
    """The best roadmap with a reason per project; PlanInfeasible says why none exists."""
    return select_plan(problem, solver=_solver(options), time_limit=options.time_limit)


def cut_plan(
    problem: PlanProblem, plan: Plan, cuts: Sequence[BudgetCut], options: RunOptions
) -> Replan:
    """The stable re-plan under `cuts`: what the plan started in its first year is kept."""
    return replan(problem, plan, cuts, solver=_solver(options))


def removed_by_cuts(before: PlanProblem, after: PlanProblem) -> dict[int, int]:
    """Soles the pools of `after` (a cut `before`) lack, per year (years that lose something)."""
    removed: dict[int, int] = {}
    for old_pool, new_pool in zip(before.pools, after.pools, strict=True):
        for year, old, new in zip(
            before.years, old_pool.amounts_pen, new_pool.amounts_pen, strict=True
        ):
            if old != new:
                removed[year] = removed.get(year, 0) + old - new
    return removed
