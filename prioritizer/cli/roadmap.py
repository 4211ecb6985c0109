"""`roadmap`: a region's plan over years from its funding pools — which projects start when, at
which level, who pays what — and, with `--cut`, the stable re-plan after budget cuts."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.text import Text

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import RegionOption, emit, emit_json
from prioritizer.cli.declared import option
from prioritizer.cli.options import (
    JointOption,
    MethodOption,
    SolverOption,
    TimeLimitOption,
    option_error,
    region_given,
)
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import InputError
from prioritizer.errors.plan import PlanInfeasible
from prioritizer.i18n import t
from prioritizer.options import RunOptions, SolverChoice
from prioritizer.phrases import phrase
from prioritizer.present.plan_payload import (
    infeasible_plan_payload,
    plan_labels,
    plan_payload,
    replan_payload,
)
from prioritizer.present.render.compare_roadmap import roadmap_summary
from prioritizer.present.render.plan import (
    PlanLabels,
    render_plan,
    render_plan_infeasible,
    render_replan,
)
from prioritizer.results.plan import BudgetCut, Plan
from prioritizer.results.plan_problem import PlanProblem
from prioritizer.results.ranking import Method

if TYPE_CHECKING:
    from prioritizer.core.analysis.joint_roadmap import JointRoadmap

_CUT = re.compile(
    r"(?:(?P<pool>[a-z0-9]+(?:-[a-z0-9]+)*):)?(?P<year>\d{4})=(?P<pct>\d+(?:[.,]\d+)?)%"
)

CutOption = Annotated[list[str] | None, option("cut")]


def parse_cuts(texts: list[str], problem: PlanProblem) -> list[BudgetCut]:
    """`--cut` values as budget cuts, each checked against the plan's pools and later years."""
    pools = [pool.id for pool in problem.pools]
    later = problem.years[1:]
    cuts: list[BudgetCut] = []
    for text in texts:
        found = _CUT.fullmatch(text.strip())
        if found is None:
            raise option_error(
                "--cut", got=text, expected=phrase("YEAR=PCT% or POOL:YEAR=PCT% (e.g. 2028=20%)")
            )
        pool, year = found["pool"], int(found["year"])
        share = float(found["pct"].replace(",", ".")) / 100
        if pool is not None and pool not in pools:
            raise option_error(
                "--cut",
                got=pool,
                expected=phrase("a pool of the roadmap ({pools})", pools=", ".join(pools)),
            )
        if year not in later:
            raise option_error(
                "--cut",
                got=year,
                expected=phrase(
                    "a year of the plan after the first, which is under way ({years})",
                    years=", ".join(str(y) for y in later) or "-",
                ),
            )
        if share > 1:
            raise option_error("--cut", got=text, expected=phrase("a percentage from 0 to 100"))
        if any(
            (c.year == year and None in (c.pool, pool)) or (c.year, c.pool) == (year, pool)
            for c in cuts
        ):
            raise option_error(
                "--cut",
                got=text,
                expected=phrase(
                    "one cut per pool and year ({year} is cut twice: give the total share once)",
                    year=year,
                ),
            )
        cuts.append(BudgetCut(year, share, pool))
    return cuts


@command()
def roadmap(
    run: Run,
    region: RegionOption = None,
    cut: CutOption = None,
    method: MethodOption = Method.TOPSIS,
    solver: SolverOption = SolverChoice.HIGHS,
    time_limit: TimeLimitOption = None,
    joint: JointOption = False,
) -> None:
    """Projects over the years of a region's roadmap: when each starts, who pays what, and why.

    --cut YEAR=PCT% re-plans after a budget cut, keeping what the first year started; --joint
    plans it with the regions it shares projects with (each shared project starts in the same
    year in all of them).
    """
    from prioritizer.core.analysis.roadmap import (
        best_plan,
        cut_plan,
        plan_problem,
        removed_by_cuts,
    )
    from prioritizer.core.portfolio.plan import cut_problem

    data = load_inputs(run.inputs)
    region = region_given(
        data, region, phrase("a region ({regions})", regions=", ".join(data.region_ids))
    )
    options = RunOptions(method=method, solver=solver.value, time_limit=time_limit, lang=run.lang)
    problem = plan_problem(data, region, options)
    cuts = parse_cuts(cut or [], problem)
    labels = plan_labels(data, region, run.lang)
    name = data.region(region).name.get(run.lang)
    title = t(
        "roadmap.title", run.lang, region=name, first=problem.years[0], last=problem.years[-1]
    )
    if joint and cuts:
        raise InputError(
            "--joint",
            expected=phrase("--joint or --cut, one at a time"),
            got=phrase("both"),
        )
    together = _joint(data, data.region_ids, options, run.lang) if joint else None
    if together is not None and region in together.plans:
        payload = _joint_payload(data, region, together, run.lang)
        if run.as_json:
            emit_json({"region": region} | payload)
        else:
            plan = together.plans[region]
            emit(render_plan(plan, lang=run.lang, labels=labels, title=title))
            emit(Text(roadmap_summary(payload, run.lang)))
        return
    try:
        plan = best_plan(problem, options)
    except PlanInfeasible as error:
        _infeasible(run, region, error, labels)
    shared = _shared(data, region, plan)
    if not cuts:
        if run.as_json:
            payload = {"region": region} | plan_payload(plan, problem, lang=run.lang, labels=labels)
            emit_json(payload | {"shared": shared})
        else:
            emit(render_plan(plan, lang=run.lang, labels=labels, title=title))
            _say_shared(data, shared, labels, run.lang)
        return
    smaller = cut_problem(problem, cuts)
    removed = removed_by_cuts(problem, smaller)
    if not run.as_json:
        emit(render_plan(plan, lang=run.lang, labels=labels, title=title))
    try:
        replanned = cut_plan(problem, plan, cuts, options)
    except PlanInfeasible as error:
        _infeasible(run, region, error, labels)
    if run.as_json:
        payload = {"region": region} | plan_payload(plan, problem, lang=run.lang, labels=labels)
        payload["replan"] = replan_payload(
            replanned, smaller, removed_pen=removed, lang=run.lang, labels=labels
        )
        emit_json(payload)
        return
    emit(
        render_replan(
            replanned,
            removed_pen=removed,
            lang=run.lang,
            labels=labels,
            title=t("roadmap.cut.new_title", run.lang, region=name),
        )
    )


def _shared(data: Dataset, region: str, plan: Plan) -> list[dict[str, Any]]:
    """The planned projects this region shares with others: each region's roadmap plans its
    own share, so their years may differ (JSON `shared`)."""
    found = []
    for project in data.projects_in(region):
        entry = plan.entry(project.id)
        if project.interregional and entry is not None:
            others = [r for r in project.regions if r != region]
            found.append({"id": project.id, "start": entry.start, "other_regions": others})
    return found


def _say_shared(data: Dataset, shared: list[dict[str, Any]], labels: PlanLabels, lang: str) -> None:
    """One line naming the shared projects and where their other share is planned."""
    if not shared:
        return
    items = ", ".join(
        t(
            "roadmap.shared_item",
            lang,
            project=labels.project(item["id"]),
            start=item["start"],
            regions=", ".join(data.region(r).name.get(lang) for r in item["other_regions"]),
        )
        for item in shared
    )
    emit(Text(t("roadmap.shared", lang, items=items), style="yellow"))


def _infeasible(run: Run, region: str, error: PlanInfeasible, labels: PlanLabels) -> NoReturn:
    """Say why no roadmap exists (per pool and year, in soles) and exit with its code."""
    if run.as_json:
        emit_json({"region": region} | infeasible_plan_payload(error, lang=run.lang, labels=labels))
    else:
        emit(render_plan_infeasible(error, lang=run.lang, labels=labels))
    raise typer.Exit(error.exit_code) from None


def roadmap_payload(
    data: Dataset, region: str, options: RunOptions, lang: str
) -> dict[str, Any] | None:
    """The region's roadmap as the `roadmap` command's JSON (or why none exists), for the other
    commands that show it (`compare --roadmap`, `portfolio --roadmap`); None without roadmap
    files."""
    from prioritizer.core.analysis.roadmap import best_plan, plan_problem

    if data.roadmap_of(region) is None:
        return None
    problem = plan_problem(data, region, options)
    labels = plan_labels(data, region, lang)
    try:
        plan = best_plan(problem, options)
    except PlanInfeasible as error:
        return infeasible_plan_payload(error, lang=lang, labels=labels)
    return plan_payload(plan, problem, lang=lang, labels=labels)


def joint_roadmap_payloads(
    data: Dataset, regions: Sequence[str], options: RunOptions, lang: str
) -> dict[str, dict[str, Any]]:
    """The regions' roadmaps planned together (`compare --roadmap --joint`), as each region's
    `roadmap` payload with `joint`; empty when they share no project or no joint plan exists."""
    together = _joint(data, regions, options, lang)
    if together is None:
        return {}
    return {region: _joint_payload(data, region, together, lang) for region in together.plans}


def _joint(
    data: Dataset, regions: Sequence[str], options: RunOptions, lang: str
) -> JointRoadmap | None:
    """The regions' joint plan, its progress shown past a second."""
    from prioritizer.cli.progress import stage_progress
    from prioritizer.core.analysis.joint_roadmap import joint_roadmap

    return joint_roadmap(data, regions, options, stage_progress(lang))


def _joint_payload(data: Dataset, region: str, joint: JointRoadmap, lang: str) -> dict[str, Any]:
    """One region's part of a joint plan as the `roadmap` payload, with `joint`: the regions
    planned together, the others' names, the joint value and each shared project's start."""
    plan = joint.plans[region]
    labels = plan_labels(data, region, lang)
    payload = plan_payload(plan, joint.problems[region], lang=lang, labels=labels)
    starts = {}
    for pid, sharing in joint.shared.items():
        if region in sharing:
            entry = plan.entry(pid)
            starts[pid] = None if entry is None else entry.start
    others = [data.region(r).name.get(lang) for r in joint.plans if r != region]
    payload["joint"] = {
        "regions": list(joint.plans),
        "with": others,
        "value": joint.value,
        "shared_starts": starts,
    }
    return payload
