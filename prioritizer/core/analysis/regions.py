"""Whole analyses: one region (ranking, portfolio, frontier), the regions side by side, and the
robustness of a region's answer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from prioritizer.core.analysis.portfolios import (
    _solver,
    plan_jointly,
    portfolio_problem,
    portfolio_values,
    project_scores,
    uncovered_gaps,
)
from prioritizer.core.analysis.ranking import (
    RegionRanking,
    rank_region,
    rank_shifts,
    severity_differences,
)
from prioritizer.core.analysis.weights import region_weights
from prioritizer.core.frontier import sweep_budget
from prioritizer.core.matrices import build_problem
from prioritizer.core.portfolio import select_portfolio
from prioritizer.core.portfolio.limits import Deadline, no_progress
from prioritizer.core.portfolio.limits import Progress as StageProgress
from prioritizer.core.robustness import assess_robustness, sampler_spec
from prioritizer.data.models import Dataset
from prioritizer.errors import InfeasiblePortfolio
from prioritizer.options import RunOptions
from prioritizer.results.analysis import (
    Difference,
    RegionAnalysis,
    RegionComparison,
)
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import Level
from prioritizer.results.ranking import Method
from prioritizer.results.robustness import RobustnessReport


def analyse_region(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    progress: StageProgress = no_progress,
    clock: Deadline | None = None,
) -> RegionAnalysis:
    """Weights, rankings, the chosen portfolio with its reasons and the budget frontier;
    `progress` sees the portfolio's and the frontier's stages (stage, done, total); `clock` is
    the run's deadline (shared by every region; by default `options.deadline` from now)."""
    clock = clock or Deadline(options.deadline)
    mechanisms = rank_region(data, region_id, replace(options, level=Level.MECHANISMS))
    scored = project_scores(data, region_id, options)
    problem = portfolio_problem(data, region_id, options, values=portfolio_values(scored.ranking))
    solver = _solver(options)
    chosen: Portfolio | None = None
    failure: InfeasiblePortfolio | None = None
    frontier: Frontier | None = None
    try:
        chosen = select_portfolio(
            problem,
            solver=solver,
            time_limit=options.time_limit,
            deadline=clock,
            progress=progress,
        )
    except InfeasiblePortfolio as error:
        failure = error
    else:
        frontier = sweep_budget(
            problem,
            points=options.frontier_points,
            solver=solver,
            deadline=clock,
            progress=progress,
        )
    return RegionAnalysis(
        region=region_id,
        budget_pen=problem.budget_pen,
        weights=region_weights(data, region_id, options),
        mechanisms=mechanisms.ranking,
        mechanism_problem=mechanisms.problem,
        mechanism_weights=mechanisms.weights,
        projects=scored.ranking,
        mechanism_reversals=mechanisms.reversals,
        project_reversals=scored.reversals,
        portfolio=chosen,
        infeasible=failure,
        frontier=frontier,
        uncovered=tuple(uncovered_gaps(data, region_id, chosen.selected if chosen else ())),
        shared=tuple(p.id for p in data.projects_in(region_id) if p.interregional),
        portfolio_problem=problem,
        robustness=region_robustness(
            data,
            region_id,
            options,
            samples=options.samples,
            seed=options.seed,
            progress=progress,
            scored=scored,
            portfolio=problem,
        )
        if options.samples > 0 and chosen is not None
        else None,
    )


def compare_regions(
    data: Dataset,
    options: RunOptions,
    *,
    regions: Sequence[str] | None = None,
    joint: bool = False,
    progress: StageProgress = no_progress,
) -> RegionComparison:
    """Analyses the regions alike and says what differs and why; `joint` also plans them as one."""
    ids = list(regions or data.region_ids)
    clock = Deadline(options.deadline)  # one deadline for the whole run
    analyses = tuple(analyse_region(data, r, options, progress=progress, clock=clock) for r in ids)
    differences: list[Difference] = []
    if len(ids) == 2:
        first, second = ids
        differences += severity_differences(data, first, second)
        a, b = analyses
        ranked = [
            RegionRanking(x.mechanism_problem, x.mechanism_weights, x.mechanisms) for x in (a, b)
        ]
        differences += rank_shifts(ranked[0], ranked[1])
        differences += _shared_in_one(a, b)
    plan = None
    if joint:
        problems = {x.region: x.portfolio_problem for x in analyses}
        separate = {x.region: x.portfolio for x in analyses if x.portfolio is not None}
        shared = sorted({p for x in analyses for p in x.shared})
        if len(separate) == len(analyses):
            plan = plan_jointly(problems, separate, shared)
    return RegionComparison(analyses, tuple(differences), plan)


def _shared_in_one(a: RegionAnalysis, b: RegionAnalysis) -> list[Difference]:
    found: list[Difference] = []
    if a.portfolio is None or b.portfolio is None:
        return found
    for project in sorted(set(a.shared) & set(b.shared)):
        chosen = [x.region for x in (a, b) if project in x.portfolio.selected]  # type: ignore[union-attr]
        if len(chosen) == 1:
            found.append(
                Difference(
                    kind="chosen_in_one",
                    subject=project,
                    values={x.region: project in x.portfolio.selected for x in (a, b)},  # type: ignore[union-attr]
                    reason="compare.reason.shared_in_one",
                    reason_values={"region": chosen[0]},
                )
            )
    return found


def region_robustness(
    data: Dataset,
    region_id: str,
    options: RunOptions,
    *,
    kind: str = "group",
    samples: int = 10_000,
    seed: int = 0,
    progress: StageProgress = no_progress,
    scored: RegionRanking | None = None,
    portfolio: PortfolioProblem | None = None,
) -> RobustnessReport:
    """SMAA-2 of the region's project ranking, stability intervals, and the portfolio core index.

    Scenarios are drawn over every criterion (cost included) for the ranking; the core index
    restricts them to the elements, as the portfolio's values are (cost is its constraint).
    `scored` and `portfolio` (from `project_scores` / `portfolio_problem`) are reused when given.
    """
    problem = build_problem(data, region_id, Level.PROJECTS, lang=options.lang)
    weights = region_weights(data, region_id, options, criteria=problem.criteria)
    spec = sampler_spec(kind, samples, seed, problem.criteria, weights)
    if scored is None:
        scored = project_scores(data, region_id, options)
    if portfolio is None:
        portfolio = portfolio_problem(
            data, region_id, options, values=portfolio_values(scored.ranking)
        )
    return assess_robustness(
        problem,
        spec,
        weights.weights,
        portfolio=portfolio
        if options.method is Method.TOPSIS and options.value == "score"
        else None,
        value_weights=scored.weights.weights,
        method=options.method,
        normalization=options.normalization,
        ahp_mode=options.ahp_mode,
        solver=_solver(options),
        progress=progress,
    )
