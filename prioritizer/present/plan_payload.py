"""The `roadmap` command's JSON: the plan with names and why-lines in the chosen language, the
pools as given (so that a reader can recompute every pool-year), a re-plan after cuts, or why
no roadmap exists. Keys are stable; money is whole soles in `*_pen` keys."""

from __future__ import annotations

from typing import Any

from prioritizer.data.models import Dataset
from prioritizer.data.models.roadmap import DEFAULT_LEVEL
from prioritizer.errors.plan import PlanInfeasible, cause_text
from prioritizer.i18n import t
from prioritizer.present.payload import display_names
from prioritizer.present.render.plan import PlanLabels, describe_start
from prioritizer.results.plan import Plan, Replan
from prioritizer.results.plan_problem import PlanProblem


def plan_payload(
    plan: Plan, problem: PlanProblem, *, lang: str, labels: PlanLabels
) -> dict[str, Any]:
    """The plan as JSON: raw plan fields plus one entry per candidate with names and why."""
    projects = []
    for project in problem.projects:
        entry = plan.entry(project.id)
        projects.append(
            {
                "id": project.id,
                "name": labels.project(project.id),
                "selected": entry is not None,
                "level": None if entry is None else entry.level,
                "level_name": None if entry is None else labels.level(project.id, entry.level),
                "start": None if entry is None else entry.start,
                "end": None if entry is None else entry.end,
                "value": None if entry is None else entry.value,
                "spend_pen": None if entry is None else list(entry.spend_pen),
                "unit": project.unit,
                "why": describe_start(plan, project.id, lang=lang, labels=labels),
            }
        )
    return {
        "status": "planned",
        "years": list(plan.years),
        "value": plan.value,
        "optimal": plan.status == "optimal",
        "projects": projects,
        "pools": [
            {
                "id": pool.id,
                "name": labels.pool(pool.id),
                "amounts_pen": list(pool.amounts_pen),
                "carry_over": pool.carry_over,
                "max_share": pool.max_share,
            }
            for pool in problem.pools
        ],
        "unit_caps": dict(problem.unit_caps),
        "plan": plan.to_dict(),
    }


def replan_payload(
    replan: Replan,
    problem: PlanProblem,
    *,
    removed_pen: dict[int, int],
    lang: str,
    labels: PlanLabels,
) -> dict[str, Any]:
    """A re-plan after cuts as JSON: the cuts, the soles they take per year, the projects kept,
    the changes, the value lost and the new plan (on the cut pools)."""
    return {
        "cuts": [{"year": cut.year, "share": cut.share, "pool": cut.pool} for cut in replan.cuts],
        "removed_pen": {str(year): amount for year, amount in sorted(removed_pen.items())},
        "kept": list(replan.kept),
        "changes": [
            {
                "project": change.project,
                "kind": change.kind,
                "old_start": change.old_start,
                "new_start": change.new_start,
                "old_level": change.old_level,
                "new_level": change.new_level,
            }
            for change in replan.changes
        ],
        "value_lost": replan.value_lost,
        "plan": plan_payload(replan.plan, problem, lang=lang, labels=labels),
    }


def infeasible_plan_payload(
    error: PlanInfeasible, *, lang: str, labels: PlanLabels
) -> dict[str, Any]:
    """Why no roadmap exists, as JSON: each cause with its sentence in `lang`."""
    return {
        "status": "infeasible",
        "shortfall_pen": error.shortfall_pen,
        "causes": [
            {
                "kind": cause.kind,
                "projects": list(cause.projects),
                "year": cause.year,
                "pools": list(cause.pools),
                "need_pen": cause.need_pen,
                "available_pen": cause.available_pen,
                "shortfall_pen": cause.shortfall_pen,
                "text": cause_text(cause, lang=lang, names=labels.projects),
            }
            for cause in error.causes
        ],
    }


def plan_labels(data: Dataset, region_id: str, lang: str) -> PlanLabels:
    """Names in `lang` of the region roadmap's projects, levels, pools, units and synergies."""
    roadmap = data.roadmap_of(region_id)
    levels: dict[tuple[str, str], str] = {
        (project.id, DEFAULT_LEVEL): t("roadmap.level_base", lang) for project in data.projects
    }
    pools: dict[str, str] = {}
    others: dict[str, str] = {}
    if roadmap is not None:
        levels |= {(item.project, item.level): item.name.get(lang) for item in roadmap.levels}
        pools = {pool.id: pool.name.get(lang) for pool in roadmap.pools}
        others = {unit.id: unit.name.get(lang) for unit in roadmap.units}
        others |= {synergy.id: synergy.name.get(lang) for synergy in roadmap.synergies}
        others |= {region.id: region.name.get(lang) for region in data.regions}
    return PlanLabels(display_names(data, lang), levels, pools, others)
