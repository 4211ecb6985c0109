"""`portfolio` and `frontier`: the projects to fund within a budget with the reason for
each, and the best value at every budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
)
from prioritizer.cli.declared import option
from prioritizer.cli.options import (
    MAX_ALTERNATIVES,
    AlternativesOption,
    ByGroupOption,
    DeadlineOption,
    MethodOption,
    ProjectsOption,
    RequireCoverageOption,
    SolverOption,
    TimeLimitOption,
    ValueOption,
    WithinOption,
    check_alternatives,
    check_budget,
    check_by_group,
    check_deadline,
    nothing_given,
    option_error,
    region_given,
)
from prioritizer.cli.progress import stage_progress
from prioritizer.cli.roadmap import roadmap_payload
from prioritizer.data.load import (
    load_candidates_csv,
)
from prioritizer.data.models import Dataset
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import (
    InfeasiblePortfolio,
)
from prioritizer.errors.portfolio import infeasible_to_dict
from prioritizer.i18n import t
from prioritizer.options import DEFAULT_DEADLINE, RunOptions, SolverChoice, ValueMode
from prioritizer.phrases import phrase
from prioritizer.present.payload import display_names
from prioritizer.present.render.alternatives import render_alternatives, render_by_group
from prioritizer.present.render.compare_roadmap import render_roadmaps
from prioritizer.present.render.portfolio import (
    describe_reason,
    render_infeasible,
    render_portfolio,
)
from prioritizer.present.render.ranking import (
    render_reversals,
)
from prioritizer.results.alternatives import Alternatives, GroupPerspectives
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.ranking import Method


def candidates_problem(
    projects: Path,
    *,
    budget: int | None,
    mandatory: Sequence[str] = (),
    min_per_group: int | None = None,
    max_projects: int | None = None,
) -> tuple[PortfolioProblem, dict[str, str]]:
    """The portfolio problem of a user's candidates file, and the names by id."""
    candidates = load_candidates_csv(projects)
    if budget is None:
        raise nothing_given(
            "--budget", phrase("a budget in soles with --projects (e.g. --budget 400000)")
        )
    groups = {g for g in candidates.groups if g is not None}
    if min_per_group and not groups:
        raise option_error(
            "--min-per-group",
            got=min_per_group,
            expected=phrase(
                "a 'group' column in {file} (the minimum counts projects per group)",
                file=candidates.file,
            ),
        )
    unknown = [m for m in mandatory if m not in candidates.ids]
    if unknown:
        raise option_error(
            "--mandatory",
            got=unknown[0],
            expected=phrase("a project of {file}", file=candidates.file),
        )
    problem = PortfolioProblem.build(
        ids=candidates.ids,
        names=candidates.names,
        costs_pen=candidates.costs_pen,
        values=candidates.values,
        budget_pen=budget,
        groups=candidates.groups,
        requires=candidates.requires,
        excludes=candidates.excludes,
        mandatory=[*candidates.mandatory, *mandatory],
        min_per_group={g: min_per_group for g in sorted(groups)} if min_per_group else {},
        max_projects=max_projects,
    )
    return problem, dict(zip(candidates.ids, candidates.names, strict=True))


def typed_budget(region: str | None, amount: int | None) -> tuple[tuple[str, int], ...]:
    """The budget typed on the command line, as the run options hold it: the region's, or the
    candidates file's (no region); none when none was typed."""
    return ((region or "", amount),) if amount is not None else ()


def portfolio_problem_of(
    *,
    region: str | None,
    projects: Path | None,
    inputs: Path | None,
    options: RunOptions,
    mandatory: Sequence[str] = (),
    min_per_group: int | None = None,
) -> tuple[PortfolioProblem, dict[str, str], list[dict[str, Any]], Dataset | None]:
    """The portfolio problem of a region of the data set, or of a user's candidates file, with
    the rank reversals of the project scores its values come from (JSON form) and the data
    set (None for a candidates file)."""
    from prioritizer.core.analysis import portfolio_problem, portfolio_values, project_scores

    if projects is not None:
        problem, names = candidates_problem(
            projects,
            budget=options.budget_for(""),
            mandatory=mandatory,
            min_per_group=min_per_group,
            max_projects=options.max_projects,
        )
        return problem, names, [], None
    data = load_inputs(inputs)
    region = region_given(
        data,
        region,
        phrase("a region ({regions}), or --projects P.csv", regions=", ".join(data.region_ids)),
    )
    known = {p.id for p in data.projects_in(region)}
    unknown = [m for m in mandatory if m not in known]
    if unknown:
        raise option_error(
            "--mandatory",
            got=unknown[0],
            expected=phrase("a candidate project of {region}", region=region),
        )
    names = display_names(data, options.lang)
    if options.value == "coverage":
        return portfolio_problem(data, region, options, mandatory=mandatory), names, [], data
    scored = project_scores(data, region, options)
    values = portfolio_values(scored.ranking)
    problem = portfolio_problem(data, region, options, values=values, mandatory=mandatory)
    return problem, names, [r.to_dict() for r in scored.reversals], data


@command()
def portfolio(
    run: Run,
    region: RegionOption = None,
    budget: Annotated[int | None, option("portfolio-budget")] = None,
    value: ValueOption = ValueMode.SCORE,
    method: MethodOption = Method.TOPSIS,
    require_coverage: RequireCoverageOption = False,
    max_projects: Annotated[int | None, option("max-projects")] = None,
    mandatory: Annotated[list[str] | None, option("mandatory")] = None,
    solver: SolverOption = SolverChoice.HIGHS,
    time_limit: TimeLimitOption = None,
    deadline: DeadlineOption = DEFAULT_DEADLINE,
    projects: ProjectsOption = None,
    min_per_group: Annotated[int | None, option("min-per-group")] = None,
    alternatives: AlternativesOption = None,
    within: WithinOption = None,
    by_group: ByGroupOption = False,
    roadmap: Annotated[bool, option("portfolio-roadmap")] = False,
) -> None:
    """Choose the pilot projects to fund within a budget, and say why each one is in or out."""

    from prioritizer.core.portfolio import rank_portfolios, select_portfolio
    from prioritizer.core.portfolio.limits import Deadline

    asked = check_budget("--budget", budget)
    check_alternatives(alternatives, within)
    if by_group:
        check_by_group(projects, value)
    if roadmap and (projects is not None or region is None):
        raise option_error(
            "--roadmap",
            got="--projects" if projects is not None else phrase("no --region"),
            expected=phrase("--region R of a data set with roadmap files"),
        )
    options = RunOptions(
        method=method,
        value=value.value,
        require_coverage=require_coverage,
        max_projects=max_projects,
        solver=solver.value,
        time_limit=time_limit,
        budgets_pen=typed_budget(region, asked),
        lang=run.lang,
    )
    problem, names, flips, data = portfolio_problem_of(
        region=region,
        projects=projects,
        inputs=run.inputs,
        options=options,
        mandatory=mandatory or [],
        min_per_group=min_per_group,
    )
    clock = Deadline(check_deadline(deadline))  # one clock for everything the run does
    progress = stage_progress(run.lang)
    try:
        result = select_portfolio(
            problem,
            solver=solver.value,
            time_limit=time_limit,
            deadline=clock,
            progress=progress,
        )
    except InfeasiblePortfolio as error:
        if run.as_json:
            emit_json(infeasible_to_dict(error, run.lang, names))
        else:
            emit(render_infeasible(error, lang=run.lang, names=names))
        raise typer.Exit(error.exit_code) from None
    ranked: Alternatives | None = None
    if alternatives is not None or within is not None:
        ranked = rank_portfolios(
            problem,
            count=alternatives,
            within_pct=within,
            best=result,
            limit=MAX_ALTERNATIVES,
            time_limit=time_limit,
            deadline=clock,
            progress=progress,
        )
    groups: GroupPerspectives | None = None
    if by_group and data is not None and region is not None:
        from prioritizer.core.analysis import group_portfolios

        groups = group_portfolios(
            data,
            region,
            options,
            problem=problem,
            common=result,
            deadline=clock,
            progress=progress,
        )
    if ranked is not None and groups is not None:
        from prioritizer.core.analysis import appraise_alternatives

        ranked = appraise_alternatives(ranked, groups, problem)
    plan = None
    if roadmap and data is not None and region is not None:
        plan = roadmap_payload(data, region, options, run.lang)
        if plan is None:
            from prioritizer.core.analysis.roadmap import region_roadmap

            region_roadmap(data, region)  # raises, naming the missing roadmap file
    if run.as_json:
        payload = result.to_dict(describe=lambda r: describe_reason(r, lang=run.lang, names=names))
        if plan is not None:
            payload["roadmap"] = plan
        payload["rank_reversals"] = flips
        payload["deadline"] = deadline
        if ranked is not None:
            payload |= ranked.to_dict()
        if groups is not None:
            payload["by_group"] = groups.to_dict()
        emit_json(payload)
        return
    emit(render_portfolio(result, lang=run.lang, names=names))
    if flips:
        subject = t("portfolio.reversal_subject", run.lang)
        emit(render_reversals(flips, lang=run.lang, names=names, subject=subject))
    if ranked is not None:
        emit(render_alternatives(ranked, lang=run.lang, names=names))
    if groups is not None:
        emit(render_by_group(groups, lang=run.lang, names=names))
    if plan is not None and data is not None and region is not None:
        shown = {region: {"name": data.region(region).name.get(run.lang), "roadmap": plan}}
        emit(render_roadmaps(shown, [region], run.lang))
