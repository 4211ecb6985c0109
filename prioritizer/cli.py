"""The `prioritizer` command line: wires options to the library, prints, maps errors to exit codes.

The only module that prints. Every failure the user can cause is a PrioritizerError and gets one
clear message (exit 2 bad input, 3 infeasible or solver trouble); anything else is an internal
error (exit 1) whose traceback only `--debug` shows.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.progress import Progress
from rich.text import Text

from prioritizer import __version__
from prioritizer.cli_common import (
    DebugOption,
    InputsOption,
    JsonOption,
    LangOption,
    RegionOption,
    emit,
    emit_json,
    guard,
    say_error,
    stdout,
)
from prioritizer.cli_elicit import elicit, import_workbook, template
from prioritizer.errors import (
    InfeasiblePortfolio,
    InputError,
    InvalidMatrix,
    OutputError,
)
from prioritizer.export.csv import defuse
from prioritizer.folders import new_folder
from prioritizer.i18n import language_from_env, t
from prioritizer.load import (
    load_candidates_csv,
    load_decision_csv,
    load_pairwise_csv,
    load_random_index,
)
from prioritizer.models import Dataset, RandomIndexTables
from prioritizer.options import RunOptions, SolverChoice, ValueMode
from prioritizer.payload import comparison_payload, display_names
from prioritizer.phrases import phrase
from prioritizer.render.catalog import render_catalog
from prioritizer.render.compare import render_comparison
from prioritizer.render.portfolio import (
    describe_reason,
    render_frontier,
    render_infeasible,
    render_portfolio,
)
from prioritizer.render.problem import render_problem
from prioritizer.render.ranking import (
    render_agreement,
    render_ranking,
    render_reversals,
    render_topsis_explanation,
)
from prioritizer.render.robustness import (
    render_acceptability,
    render_core_index,
    render_stability,
)
from prioritizer.render.validation import render_validation
from prioritizer.render.weights import render_ahp_weights, render_weight_set
from prioritizer.resources import embedded_dir
from prioritizer.results.portfolio import PortfolioProblem, infeasible_to_dict
from prioritizer.results.problem import DecisionProblem, Level
from prioritizer.results.ranking import AhpMode, Method, Normalization, Ranking
from prioritizer.results.robustness import RobustnessReport, Sampler
from prioritizer.results.weights import Aggregation
from prioritizer.validation import summarize_dataset
from prioritizer.views import Catalog, catalog_view
from prioritizer.weigh import ahp_weights
from prioritizer.workbook import load_inputs

# The computation stages (pymcdm pulls in matplotlib, about 1 s) and the exporters are imported
# inside the commands that use them, so `--help`, `show`, `validate`, `init`, `report` and the
# workshop commands start at once.

app = typer.Typer(
    name="prioritizer",
    help="Rank innovation-policy mechanisms and choose pilot-project portfolios (Cusco and Puno).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)


def _check_region(data: Dataset, region: str | None) -> None:
    if region is not None and region not in data.region_ids:
        raise InputError(
            "--region",
            field="region",
            got=region,
            expected=phrase(
                "one of the regions of the data set ({regions})",
                regions=", ".join(data.region_ids),
            ),
        )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prioritizer {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Multi-criteria decision support for regional innovation policy (EU-Peru report data)."""


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(help="New folder for the editable copy.")],
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Write an editable copy of the embedded data set (criteria/ and inputs/) into DIRECTORY."""
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        with new_folder(directory, prefix=".prioritizer-init-") as staging:
            for kind in ("criteria", "inputs"):
                shutil.copytree(
                    embedded_dir(kind),
                    staging / kind,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
        stdout().print(t("init.done", language, path=str(directory)), markup=False)

    guard(language, False, debug, work)


@app.command()
def validate(
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Check a data set: every file, field and cross-reference; print counts and warnings."""
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        data = load_inputs(inputs)
        summary = summarize_dataset(data)
        if as_json:
            emit_json(summary.to_dict())
        else:
            emit(render_validation(summary, lang=language.value))

    guard(language, as_json, debug, work)


@app.command()
def show(
    what: Annotated[Catalog, typer.Argument(help="What to list.")],
    region: RegionOption = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """List criteria, gaps, mechanisms, value chains, regions, projects or stakeholders."""
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        data = load_inputs(inputs)
        _check_region(data, region)
        rows = catalog_view(data, what, lang=language.value, region=region)
        if what is Catalog.STAKEHOLDERS:
            ratios = summarize_dataset(data).consistency_ratios
            for row in rows:
                row["consistency_ratio"] = ratios.get(row["id"])
        if as_json:
            emit_json(rows)
            return
        code = language.value
        levels = {level.id: level.name.get(code) for level in data.relevance_scale.levels}
        names = display_names(data, code)
        region_name = data.region(region).name.get(code) if region else None
        emit(
            render_catalog(
                what, rows, lang=code, level_names=levels, region_name=region_name, names=names
            )
        )

    guard(language, as_json, debug, work)


# -- weights -------------------------------------------------------------------------------------
weights_app = typer.Typer(
    help="Stakeholder weights: each one's AHP priorities and CR, the group's, the disagreement.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(weights_app, name="weights")

AggregationOption = Annotated[
    Aggregation,
    typer.Option(
        "--aggregation", help="aij: geometric mean of judgments; aip: mean of priorities."
    ),
]
RandomIndexOption = Annotated[
    str | None,
    typer.Option("--random-index", help="RI table id from criteria/random_index.yaml."),
]


@weights_app.callback()
def weights(
    ctx: typer.Context,
    region: RegionOption = None,
    stakeholder: Annotated[
        str | None, typer.Option("--stakeholder", help="Only this stakeholder's weights.")
    ] = None,
    aggregation: AggregationOption = Aggregation.AIJ,
    random_index: RandomIndexOption = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Each stakeholder's weights and CR, the group's weights, and how far each one is from them."""
    if ctx.invoked_subcommand is not None:
        return
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        from prioritizer.analysis import region_weights

        data = load_inputs(inputs)
        _check_region(data, region)
        _check_random_index(data, random_index)
        options = RunOptions(
            aggregation=aggregation, random_index=random_index, lang=language.value
        )
        names = display_names(data, language.value)
        regions = [region] if region else list(data.region_ids)
        if stakeholder is not None:
            person = next((s for s in data.stakeholders if s.id == stakeholder), None)
            if person is None or (region is not None and person.region != region):
                known = ", ".join(s.id for s in data.stakeholders if region in (None, s.region))
                raise InputError(
                    "--stakeholder",
                    field="stakeholder",
                    got=stakeholder,
                    expected=phrase("a stakeholder of the data set ({known})", known=known),
                )
            regions = [person.region]
        sets = {r: region_weights(data, r, options) for r in regions}
        if stakeholder is not None:
            single = next(s for s in sets[regions[0]].stakeholders if s.id == stakeholder)
            if as_json:
                emit_json({"region": regions[0], **single.to_dict()})
            elif single.ahp is not None:
                emit(render_ahp_weights(single.ahp, lang=language.value, names=names))
            else:
                emit(render_weight_set(sets[regions[0]], lang=language.value, names=names))
            return
        if as_json:
            emit_json({"regions": {r: ws.to_dict() for r, ws in sets.items()}})
            return
        for r, weight_set in sets.items():
            stdout().print(Text(data.region(r).name.get(language.value), style="bold"))
            emit(render_weight_set(weight_set, lang=language.value, names=names))

    guard(language, as_json, debug, work)


@weights_app.command("ahp")
def weights_ahp(
    matrix_file: Annotated[Path, typer.Argument(help="CSV: ids in the header and first column.")],
    random_index: RandomIndexOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """AHP priorities, λmax, CI and CR of any pairwise comparison matrix in a CSV file."""
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        pairwise = load_pairwise_csv(matrix_file)
        data_tables = load_random_index()
        _check_random_index_tables(data_tables, random_index)
        table = data_tables.get(random_index).values
        try:
            result = ahp_weights(pairwise.matrix, pairwise.ids, random_index=table)
        except InvalidMatrix as error:
            raise pairwise.locate(error) from None
        if as_json:
            emit_json(result.to_dict())
        else:
            emit(render_ahp_weights(result, lang=language.value))

    guard(language, as_json, debug, work)


def _check_random_index(data: Dataset, table: str | None) -> None:
    _check_random_index_tables(data.random_index, table)


def _check_random_index_tables(tables: RandomIndexTables, table: str | None) -> None:
    known = [item.id for item in tables.tables]
    if table is not None and table not in known:
        raise InputError(
            "--random-index",
            field="random-index",
            got=table,
            expected=phrase(
                "one of the tables in criteria/random_index.yaml ({known})", known=", ".join(known)
            ),
        )


# -- rank ----------------------------------------------------------------------------------------
@app.command()
def rank(
    region: RegionOption = None,
    level: Annotated[
        Level, typer.Option("--level", help="Rank mechanisms or projects.")
    ] = Level.MECHANISMS,
    method: Annotated[Method, typer.Option("--method", help="Ranking method.")] = Method.TOPSIS,
    normalization: Annotated[
        Normalization, typer.Option("--normalization", help="TOPSIS normalisation.")
    ] = Normalization.VECTOR,
    ahp_mode: Annotated[
        AhpMode, typer.Option("--ahp-mode", help="AHP synthesis mode.")
    ] = AhpMode.DISTRIBUTIVE,
    aggregation: AggregationOption = Aggregation.AIJ,
    compare: Annotated[
        bool,
        typer.Option("--compare", help="Also rank with every other method and show agreement."),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Show how the matrix is built and what drives each score."),
    ] = False,
    matrix: Annotated[
        Path | None, typer.Option("--matrix", help="Your own decision matrix (CSV).")
    ] = None,
    criteria: Annotated[
        Path | None, typer.Option("--criteria", help="Criteria of --matrix (CSV).")
    ] = None,
    top: Annotated[int | None, typer.Option("--top", help="Show only the first N rows.")] = None,
    random_index: RandomIndexOption = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Rank a region's mechanisms or projects (or your own matrix) with TOPSIS, AHP and others."""
    language = language_from_env(lang.value if lang else None)
    code = language.value

    def work() -> None:
        from prioritizer.analysis import gap_drivers, rank_region

        if matrix is not None or criteria is not None:
            _rank_file(
                matrix, criteria, method, normalization, ahp_mode, compare, code, as_json, top
            )
            return
        data = load_inputs(inputs)
        if region is None:
            raise InputError(
                "--region",
                field="region",
                got=phrase("nothing"),
                expected=phrase(
                    "a region ({regions}), or --matrix and --criteria",
                    regions=", ".join(data.region_ids),
                ),
            )
        _check_region(data, region)
        _check_random_index(data, random_index)
        options = RunOptions(
            method=method,
            normalization=normalization,
            ahp_mode=ahp_mode,
            aggregation=aggregation,
            level=level,
            random_index=random_index,
            lang=code,
        )
        result = rank_region(data, region, options, compare=compare)
        drivers = gap_drivers(result.problem, result.weights)
        if as_json:
            payload = result.ranking.to_dict()
            payload["region"] = region
            payload["level"] = level.value
            payload["weights"] = result.weights.to_dict()["weights"]
            payload["drivers"] = {
                k: [{"gap": g, "share": s} for g, s in v] for k, v in drivers.items()
            }
            payload["rank_reversals"] = [r.to_dict() for r in result.reversals]
            if explain:
                payload["problem"] = result.problem.to_dict()
            if compare and result.agreement is not None:
                payload["comparison"] = {
                    r.method.value: r.to_dict()["ranking"] for r in result.comparison
                }
                payload["agreement"] = result.agreement.to_dict()
            emit_json(payload)
            return
        names = display_names(data, code)
        emit(render_ranking(result.ranking, lang=code, names=names, top=top))
        if explain:
            emit(render_problem(result.problem, lang=code, names=names, drivers=drivers))
            if result.ranking.method is Method.TOPSIS:
                emit(render_topsis_explanation(result.ranking, lang=code, names=names))
        if result.reversals or explain:
            flips = [r.to_dict() for r in result.reversals]
            emit(render_reversals(flips, lang=code, names=names))
        if compare and result.agreement is not None:
            emit(render_agreement(result.agreement, lang=code))

    guard(language, as_json, debug, work)


def _rank_file(
    matrix: Path | None,
    criteria: Path | None,
    method: Method,
    normalization: Normalization,
    ahp_mode: AhpMode,
    compare: bool,
    lang: str,
    as_json: bool,
    top: int | None,
) -> None:
    from prioritizer.agreement import compare_rankings
    from prioritizer.rank import rank_alternatives, rank_reversal_check

    if matrix is None or criteria is None:
        raise InputError(
            "--matrix/--criteria",
            expected=phrase("both --matrix M.csv and --criteria C.csv"),
            got=phrase("only one of them"),
        )
    decision = load_decision_csv(matrix, criteria)
    given = (decision.matrix, decision.weights, decision.types, decision.ids, decision.criteria)
    variant: dict[str, Any] = {"normalization": normalization, "ahp_mode": ahp_mode}

    def run(chosen: Method) -> Ranking:
        try:
            return rank_alternatives(*given, method=chosen, **variant)
        except InvalidMatrix as error:
            raise decision.locate(error) from None

    ranking = run(method)
    others = tuple(run(m) for m in Method) if compare else ()
    flips = [r.to_dict() for r in rank_reversal_check(*given, method=method, **variant)]
    if as_json:
        payload = ranking.to_dict()
        payload["rank_reversals"] = flips
        if others:
            payload["comparison"] = {r.method.value: r.to_dict()["ranking"] for r in others}
            payload["agreement"] = compare_rankings(others).to_dict()
        emit_json(payload)
        return
    emit(render_ranking(ranking, lang=lang, names={}, top=top))
    if flips:
        emit(render_reversals(flips, lang=lang, names={}))
    if others:
        emit(render_agreement(compare_rankings(others), lang=lang))


# -- portfolio and frontier ------------------------------------------------------------------
ValueOption = Annotated[
    ValueMode,
    typer.Option("--value", help="score: sum of project scores; coverage: weighted gap coverage."),
]
SolverOption = Annotated[
    SolverChoice, typer.Option("--solver", help="cbc (bundled with PuLP) or highs (highspy).")
]
MethodOption = Annotated[Method, typer.Option("--method", help="Method that scores the projects.")]
ProjectsOption = Annotated[
    Path | None,
    typer.Option(
        "--projects", help="Your own candidates: CSV with id, cost, value, [requires, …]."
    ),
]


def _problem(
    *,
    region: str | None,
    projects: Path | None,
    inputs: Path | None,
    options: RunOptions,
    mandatory: list[str],
    min_per_group: int | None,
) -> tuple[PortfolioProblem, dict[str, str], list[dict[str, Any]]]:
    """The portfolio problem of a region of the data set, or of a user's candidates file, with
    the rank reversals of the project scores its values come from (JSON form)."""
    from prioritizer.analysis import portfolio_problem, portfolio_values, project_scores

    if projects is not None:
        candidates = load_candidates_csv(projects)
        budget = options.budget_for("")
        if budget is None:
            raise InputError(
                "--budget",
                field="budget",
                got=phrase("nothing"),
                expected=phrase("a budget in soles with --projects (e.g. --budget 400000)"),
            )
        groups = {g for g in candidates.groups if g is not None}
        unknown = [m for m in mandatory if m not in candidates.ids]
        if unknown:
            raise InputError(
                "--mandatory",
                field="mandatory",
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
            max_projects=options.max_projects,
        )
        return problem, dict(zip(candidates.ids, candidates.names, strict=True)), []
    data = load_inputs(inputs)
    if region is None:
        raise InputError(
            "--region",
            field="region",
            got=phrase("nothing"),
            expected=phrase(
                "a region ({regions}), or --projects P.csv", regions=", ".join(data.region_ids)
            ),
        )
    _check_region(data, region)
    known = {p.id for p in data.projects_in(region)}
    unknown = [m for m in mandatory if m not in known]
    if unknown:
        raise InputError(
            "--mandatory",
            field="mandatory",
            got=unknown[0],
            expected=phrase("a candidate project of {region}", region=region),
        )
    names = display_names(data, options.lang)
    if options.value == "coverage":
        return portfolio_problem(data, region, options, mandatory=mandatory), names, []
    scored = project_scores(data, region, options)
    values = portfolio_values(scored.ranking)
    problem = portfolio_problem(data, region, options, values=values, mandatory=mandatory)
    return problem, names, [r.to_dict() for r in scored.reversals]


@app.command()
def portfolio(
    region: RegionOption = None,
    budget: Annotated[
        int | None, typer.Option("--budget", help="Budget in soles (default: the region's).")
    ] = None,
    value: ValueOption = ValueMode.SCORE,
    method: MethodOption = Method.TOPSIS,
    require_coverage: Annotated[
        bool, typer.Option("--require-coverage", help="Address every gap of severity HIGH+.")
    ] = False,
    max_projects: Annotated[
        int | None, typer.Option("--max-projects", help="Fund at most this many projects.")
    ] = None,
    mandatory: Annotated[
        list[str] | None, typer.Option("--mandatory", help="A project that must be funded.")
    ] = None,
    solver: SolverOption = SolverChoice.CBC,
    time_limit: Annotated[
        float | None, typer.Option("--time-limit", help="Seconds per solve; then best found.")
    ] = None,
    projects: ProjectsOption = None,
    min_per_group: Annotated[
        int | None, typer.Option("--min-per-group", help="With --projects: K per group.")
    ] = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Choose the pilot projects to fund within a budget, and say why each one is in or out."""
    language = language_from_env(lang.value if lang else None)
    code = language.value

    def work() -> None:
        from prioritizer.portfolio import select_portfolio

        key = region or ""
        options = RunOptions(
            method=method,
            value=value.value,
            require_coverage=require_coverage,
            max_projects=max_projects,
            solver=solver.value,
            time_limit=time_limit,
            budgets_pen=((key, budget),) if budget is not None else (),
            lang=code,
        )
        problem, names, flips = _problem(
            region=region,
            projects=projects,
            inputs=inputs,
            options=options,
            mandatory=mandatory or [],
            min_per_group=min_per_group,
        )
        try:
            result = select_portfolio(problem, solver=solver.value, time_limit=time_limit)
        except InfeasiblePortfolio as error:
            if as_json:
                emit_json(infeasible_to_dict(error, code))
            else:
                emit(render_infeasible(error, lang=code))
            raise typer.Exit(error.exit_code) from None
        if as_json:
            payload = result.to_dict(describe=lambda r: describe_reason(r, lang=code, names=names))
            payload["rank_reversals"] = flips
            emit_json(payload)
            return
        emit(render_portfolio(result, lang=code, names=names))
        if flips:
            subject = t("portfolio.reversal_subject", code)
            emit(render_reversals(flips, lang=code, names=names, subject=subject))

    guard(language, as_json, debug, work)


@app.command()
def frontier(
    region: RegionOption = None,
    points: Annotated[
        int | None, typer.Option("--points", help="N evenly spaced budgets (default: breakpoints).")
    ] = None,
    max_budget: Annotated[
        int | None, typer.Option("--max-budget", help="Largest budget to try, in soles.")
    ] = None,
    value: ValueOption = ValueMode.SCORE,
    method: MethodOption = Method.TOPSIS,
    solver: SolverOption = SolverChoice.CBC,
    projects: ProjectsOption = None,
    budget: Annotated[
        int | None, typer.Option("--budget", help="With --projects: the reference budget.")
    ] = None,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write the points to this CSV file.")
    ] = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """The best value at every budget where the chosen set changes, with what enters and leaves."""
    language = language_from_env(lang.value if lang else None)
    code = language.value

    def work() -> None:
        from prioritizer.frontier import sweep_budget

        if points is not None and points < 2:
            raise InputError(
                "--points", field="points", got=points, expected=phrase("2 or more budgets")
            )
        key = region or ""
        reference = budget if budget is not None else (max_budget if projects else None)
        options = RunOptions(
            method=method,
            value=value.value,
            solver=solver.value,
            budgets_pen=((key, reference),) if reference is not None else (),
            lang=code,
        )
        problem, names, _ = _problem(
            region=region,
            projects=projects,
            inputs=inputs,
            options=options,
            mandatory=[],
            min_per_group=None,
        )
        result = sweep_budget(problem, points=points, max_budget=max_budget, solver=solver.value)
        if csv_file is not None:
            _write_frontier_csv(result.to_dict(), csv_file)
        if as_json:
            emit_json(result.to_dict())
        else:
            emit(render_frontier(result, lang=code, names=names))

    guard(language, as_json, debug, work)


# -- compare and report ------------------------------------------------------------------------
@app.command()
def compare(
    method: MethodOption = Method.TOPSIS,
    value: ValueOption = ValueMode.SCORE,
    budget_cusco: Annotated[
        int | None, typer.Option("--budget-cusco", help="Cusco's budget in soles.")
    ] = None,
    budget_puno: Annotated[
        int | None, typer.Option("--budget-puno", help="Puno's budget in soles.")
    ] = None,
    joint: Annotated[
        bool, typer.Option("--joint", help="Also plan both regions as one problem.")
    ] = False,
    require_coverage: Annotated[
        bool, typer.Option("--require-coverage", help="Address every gap of severity HIGH+.")
    ] = False,
    aggregation: AggregationOption = Aggregation.AIJ,
    solver: SolverOption = SolverChoice.CBC,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Run folder to write (default: results/compare-<time>/)."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save/--no-save", help="Write the run folder (CSV, Excel, reports).")
    ] = True,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """Cusco and Puno side by side: weights, top mechanisms, portfolios, what differs and why."""
    language = language_from_env(lang.value if lang else None)
    code = language.value

    def work() -> None:
        from prioritizer.analysis import compare_regions

        if save and out is not None and out.exists():
            raise _existing_folder(out)
        data = load_inputs(inputs)
        budgets = tuple(
            (region, amount)
            for region, amount in (("cusco", budget_cusco), ("puno", budget_puno))
            if amount is not None and region in data.region_ids
        )
        for region, amount in budgets:
            if amount < 0:
                raise InputError(
                    f"--budget-{region}",
                    field=f"budget-{region}",
                    got=amount,
                    expected=phrase("a budget of 0 soles or more"),
                )
        options = RunOptions(
            method=method,
            value=value.value,
            require_coverage=require_coverage,
            aggregation=aggregation,
            solver=solver.value,
            budgets_pen=budgets,
            lang=code,
        )
        comparison = compare_regions(data, options, joint=joint)
        recorded = {
            "method": method.value,
            "value": value.value,
            "joint": joint,
            "require_coverage": require_coverage,
            "aggregation": aggregation.value,
            "solver": solver.value,
            "budgets": dict(budgets),
            "samples": options.samples,
            "seed": options.seed,
        }
        payload = comparison_payload(comparison, data, lang=code, options=recorded)
        folder = None
        if save:
            folder = _save_run(payload, data, out, "compare", recorded, code)
        if as_json:
            emit_json(payload if folder is None else {**payload, "run_folder": str(folder)})
            return
        emit(render_comparison(payload))
        if folder is not None:
            stdout().print(Text(t("compare.saved", code, path=str(folder)), style="dim"))

    guard(language, as_json, debug, work)


def _save_run(
    payload: dict[str, Any],
    data: Dataset,
    out: Path | None,
    kind: str,
    options: dict[str, Any],
    lang: str,
) -> Path:
    """Writes the run folder (atomically) and returns where it is."""
    from prioritizer.export import write_run_folder
    from prioritizer.export.manifest import build_manifest

    now = datetime.now(UTC)
    target = out
    if target is None:
        stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
        target = Path("results") / f"{kind}-{stamp}"
        suffix = 2
        while target.exists():
            target = Path("results") / f"{kind}-{stamp}-{suffix}"
            suffix += 1
    seed = options.get("seed")
    manifest = build_manifest(
        sys.argv, data.checksums, options, seed if isinstance(seed, int) else None, now
    )
    try:
        return write_run_folder(payload, out_dir=target, manifest=manifest, lang=lang)
    except FileExistsError:
        raise _existing_folder(target) from None
    except OSError as error:
        raise _unwritable(target, error) from None


def _existing_folder(folder: Path) -> OutputError:
    """A run folder is never overwritten: the error that says so."""
    return OutputError(
        phrase(
            "{folder} already exists; a run folder is never overwritten (choose another --out)",
            folder=str(folder),
        )
    )


def _unwritable(target: Path, error: OSError) -> OutputError:
    """The error for a file or folder the system would not let us write (its reason as given)."""
    return OutputError(
        phrase(
            "could not write {target}: {reason}",
            target=str(target),
            reason=error.strerror or str(error),
        )
    )


@app.command()
def report(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `compare`.")],
    lang: LangOption = None,
    debug: DebugOption = False,
) -> None:
    """Show a saved run again, as `compare` showed it."""
    language = language_from_env(lang.value if lang else None)

    def work() -> None:
        source = run_dir / "results.json"
        if not source.is_file():
            raise InputError(
                str(run_dir),
                expected=phrase("a run folder with results.json (from compare)"),
                got=phrase("a folder without results.json"),
            )
        written = phrase("the JSON written by compare")
        try:
            payload = json.loads(source.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise InputError(
                str(source),
                row=error.lineno,
                expected=written,
                got=phrase("invalid JSON ({problem})", problem=error.msg),
            ) from None
        except UnicodeDecodeError:
            raise InputError(
                str(source), expected=written, got=phrase("text that is not UTF-8")
            ) from None
        if not isinstance(payload, dict) or payload.get("command") != "compare":
            raise InputError(str(source), expected=written, got=phrase("another document"))
        emit(render_comparison(payload))

    guard(language, False, debug, work)


def _write_frontier_csv(frontier_dict: dict[str, Any], target: Path) -> None:
    """The frontier's points as CSV (UTF-8 with BOM for Excel), written whole or not at all."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["budget", "objective", "total_cost", "selected", "added", "removed"])
    for point in frontier_dict["points"]:
        writer.writerow(
            [
                point["budget"],
                point["objective"],
                point.get("total_cost", ""),
                defuse(";".join(point["selected"])),
                defuse(";".join(point["added"])),
                defuse(";".join(point["removed"])),
            ]
        )
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(buffer.getvalue(), encoding="utf-8-sig")
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _unwritable(target, error) from None


# -- robustness --------------------------------------------------------------------------------
@app.command()
def robustness(
    region: RegionOption = None,
    samples: Annotated[int, typer.Option("--samples", help="Weight scenarios to draw.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (recorded).")] = 0,
    weights_kind: Annotated[
        Sampler,
        typer.Option("--weights", help="uniform, around the group's, or the stakeholders' own."),
    ] = Sampler.GROUP,
    method: MethodOption = Method.TOPSIS,
    normalization: Annotated[
        Normalization, typer.Option("--normalization", help="TOPSIS normalisation.")
    ] = Normalization.VECTOR,
    matrix: Annotated[
        Path | None, typer.Option("--matrix", help="Your own decision matrix (CSV).")
    ] = None,
    criteria: Annotated[
        Path | None, typer.Option("--criteria", help="Criteria of --matrix (CSV).")
    ] = None,
    top: Annotated[int | None, typer.Option("--top", help="Show only the first N rows.")] = None,
    inputs: InputsOption = None,
    lang: LangOption = None,
    as_json: JsonOption = False,
    debug: DebugOption = False,
) -> None:
    """How much the answer depends on the weights: rank acceptability (SMAA-2), weight stability
    intervals and, for a region, the core index of every project."""
    language = language_from_env(lang.value if lang else None)
    code = language.value

    def work() -> None:
        from prioritizer.analysis import region_robustness

        if samples < 1:
            raise InputError(
                "--samples", field="samples", got=samples, expected=phrase("1 or more")
            )
        with _progress(enabled=not as_json) as tick:
            if matrix is not None or criteria is not None:
                report, names = _robustness_file(
                    matrix, criteria, weights_kind, samples, seed, method, normalization, tick
                )
            else:
                data = load_inputs(inputs)
                if region is None:
                    known = ", ".join(data.region_ids)
                    raise InputError(
                        "--region",
                        field="region",
                        got=phrase("nothing"),
                        expected=phrase(
                            "a region ({regions}), or --matrix and --criteria", regions=known
                        ),
                    )
                _check_region(data, region)
                options = RunOptions(method=method, normalization=normalization, lang=code)
                report = region_robustness(
                    data,
                    region,
                    options,
                    kind=weights_kind.value,
                    samples=samples,
                    seed=seed,
                    progress=tick,
                )
                names = display_names(data, code)
        if as_json:
            emit_json(report.to_dict())
            return
        emit(render_acceptability(report, lang=code, names=names, top=top))
        emit(render_stability(report, lang=code, names=names, criterion_names=names))
        if report.core_index is not None:
            emit(render_core_index(report, lang=code, names=names))

    try:
        guard(language, as_json, debug, work)
    except KeyboardInterrupt:
        say_error(t("error.interrupted", code))
        raise typer.Exit(130) from None


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr (stdout stays clean for --json); Ctrl-C propagates from it."""
    bar = Progress(console=Console(stderr=True), transient=True, disable=not enabled)
    task = bar.add_task("…", total=None)

    def tick(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    with bar:
        yield tick


def _robustness_file(
    matrix: Path | None,
    criteria: Path | None,
    kind: Sampler,
    samples: int,
    seed: int,
    method: Method,
    normalization: Normalization,
    tick: Callable[[int, int], None],
) -> tuple[RobustnessReport, dict[str, str]]:
    from prioritizer.robustness import assess_robustness, sampler_spec

    if matrix is None or criteria is None:
        raise InputError(
            "--matrix/--criteria",
            expected=phrase("both --matrix M.csv and --criteria C.csv"),
            got=phrase("only one of them"),
        )
    if kind is not Sampler.UNIFORM:
        raise InputError(
            "--weights",
            field="weights",
            got=kind.value,
            expected=phrase("uniform with --matrix (there are no stakeholders to sample)"),
        )
    decision = load_decision_csv(matrix, criteria)
    values = np.array(decision.matrix, dtype=np.float64)
    n, m = values.shape
    problem = DecisionProblem(
        region="",
        level=Level.PROJECTS,
        ids=decision.ids,
        names=decision.ids,
        criteria=decision.criteria,
        types=np.array(decision.types, dtype=np.int64),
        matrix=values,
        gaps=(),
        contributions=np.zeros((n, 0, m)),
        sources=(str(matrix),),
    )
    weights = np.array(decision.weights) / sum(decision.weights)
    spec = sampler_spec(kind.value, samples, seed, decision.criteria)
    try:
        report = assess_robustness(
            problem, spec, weights, method=method, normalization=normalization, progress=tick
        )
    except InvalidMatrix as error:
        raise decision.locate(error) from None
    return report, {}


# Workshop and spreadsheet commands (cli_elicit), listed after the analysis commands.
app.command("elicit")(elicit)
app.command("template")(template)
app.command("import")(import_workbook)
