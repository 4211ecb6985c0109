"""`robustness`: rank acceptability, weight stability intervals and the core index of a
region's projects or of a user's own matrix, with a progress bar.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import numpy as np

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
)
from prioritizer.cli.declared import option
from prioritizer.cli.options import (
    CriteriaOption,
    MatrixOption,
    MetaWeightsOption,
    NormalizationOption,
    SmaaMethodOption,
    TopOption,
    UncertainOption,
    check_budget,
    option_error,
    region_given,
)
from prioritizer.cli.progress import StageProgress, stage_progress
from prioritizer.data.load import (
    load_decision_csv,
)
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import (
    InputError,
    InvalidMatrix,
)
from prioritizer.options import RunOptions
from prioritizer.phrases import phrase
from prioritizer.present.payload import display_names
from prioritizer.present.render.robustness import (
    render_acceptability,
    render_core_index,
    render_stability,
)
from prioritizer.present.render.smaa import render_smaa_indices
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import DecisionProblem, Level
from prioritizer.results.ranking import Method, Normalization
from prioritizer.results.robustness import RobustnessReport, Sampler
from prioritizer.results.smaa import MetaWeights, SmaaMethod, UncertainValues


# -- robustness --------------------------------------------------------------------------------
@command()
def robustness(
    run: Run,
    region: RegionOption = None,
    samples: Annotated[int, option("samples")] = 10_000,
    seed: Annotated[int, option("seed")] = 0,
    weights_kind: Annotated[Sampler, option("robustness-weights")] = Sampler.GROUP,
    method: SmaaMethodOption = SmaaMethod.TOPSIS,
    normalization: NormalizationOption = Normalization.VECTOR,
    matrix: MatrixOption = None,
    criteria: CriteriaOption = None,
    uncertain: UncertainOption = None,
    meta_weights: MetaWeightsOption = MetaWeights.LINEAR,
    top: TopOption = None,
    projects: Annotated[Path | None, option("robustness-projects")] = None,
    budget: Annotated[int | None, option("robustness-budget")] = None,
) -> None:
    """How much the answer depends on the weights: rank acceptability (SMAA-2), weight stability
    intervals and, for a region, the core index of every project.

    With --matrix, --uncertain U.csv draws uncertain values with the weights; every run also
    gives pairwise winning indices, holistic acceptability and confidence factors."""

    from prioritizer.core.analysis import region_robustness

    if samples < 1:
        raise option_error("--samples", got=samples, expected=phrase("1 or more"))
    _check_smaa_options(method, matrix, uncertain, projects)
    portfolio = None
    names: dict[str, str] = {}
    if projects is not None:  # checked before the progress bar draws anything
        if matrix is None:
            raise InputError(
                "--projects",
                field="matrix",
                got=phrase("nothing"),
                expected=phrase(
                    "--matrix M.csv and --criteria C.csv with --projects: the criteria whose"
                    " weights vary"
                ),
            )
        from prioritizer.cli.portfolio import candidates_problem

        portfolio, names = candidates_problem(projects, budget=check_budget("--budget", budget))
    tick = stage_progress(run.lang)
    if matrix is not None or criteria is not None:
        report, _ = _robustness_file(
            matrix,
            criteria,
            weights_kind,
            samples,
            seed,
            method,
            normalization,
            tick,
            portfolio=portfolio,
            uncertain=uncertain,
        )
    else:
        data = load_inputs(run.inputs)
        known = ", ".join(data.region_ids)
        region = region_given(
            data,
            region,
            phrase("a region ({regions}), or --matrix and --criteria", regions=known),
        )
        options = RunOptions(
            method=Method(method.value), normalization=normalization, lang=run.lang
        )
        report = region_robustness(
            data,
            region,
            options,
            kind=weights_kind.value,
            samples=samples,
            seed=seed,
            progress=tick,
        )
        names = display_names(data, run.lang)
    report = replace(report, acceptability=replace(report.acceptability, meta_weights=meta_weights))
    if run.as_json:
        emit_json(report.to_dict())
        return
    emit(render_acceptability(report, lang=run.lang, names=names, top=top))
    emit(render_smaa_indices(report, lang=run.lang, names=names, top=top))
    emit(render_stability(report, lang=run.lang, names=names, criterion_names=names))
    if report.core_index is not None:
        emit(render_core_index(report, lang=run.lang, names=names))


def _check_smaa_options(
    method: SmaaMethod, matrix: Path | None, uncertain: Path | None, projects: Path | None
) -> None:
    """The weighted sum and uncertain values need the user's own matrix; the core index of
    --projects is computed on exact values, so it does not mix with --uncertain."""
    if matrix is None and (uncertain is not None or method is SmaaMethod.WEIGHTED_SUM):
        option = "--uncertain" if uncertain is not None else "--method"
        raise option_error(
            option,
            got=str(uncertain) if uncertain is not None else method.value,
            expected=phrase(
                "--matrix M.csv and --criteria C.csv: uncertain values and the weighted sum"
                " apply to your own matrix"
            ),
        )
    if uncertain is not None and projects is not None:
        raise InputError(
            "--uncertain",
            field="projects",
            got=str(projects),
            expected=phrase(
                "--uncertain or --projects, not both (the core index uses exact values)"
            ),
        )


def _robustness_file(
    matrix: Path | None,
    criteria: Path | None,
    kind: Sampler,
    samples: int,
    seed: int,
    method: SmaaMethod,
    normalization: Normalization,
    tick: StageProgress,
    *,
    portfolio: PortfolioProblem | None = None,
    uncertain: Path | None = None,
) -> tuple[RobustnessReport, dict[str, str]]:
    from prioritizer.core.robustness import assess_robustness, sampler_spec

    if matrix is None or criteria is None:
        raise InputError(
            "--matrix/--criteria",
            expected=phrase("both --matrix M.csv and --criteria C.csv"),
            got=phrase("only one of them"),
        )
    if kind is not Sampler.UNIFORM:
        raise option_error(
            "--weights",
            got=kind.value,
            expected=phrase("uniform with --matrix (there are no stakeholders to sample)"),
        )
    decision = load_decision_csv(matrix, criteria)
    drawn: UncertainValues | None = None
    if uncertain is not None:
        from prioritizer.data.load.uncertain import load_uncertain_csv

        drawn = load_uncertain_csv(uncertain, decision.ids, decision.criteria, seed=seed)
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
            problem,
            spec,
            weights,
            method=method,
            normalization=normalization,
            progress=tick,
            portfolio=portfolio,
            value_criteria=None if portfolio is None else decision.criteria,
            values=drawn,
        )
    except InvalidMatrix as error:
        if drawn is not None and error.field == "uncertain":
            raise InputError(
                drawn.source or "--uncertain",
                field="distribution",
                expected=error.expected,
                got=error.got,
            ) from None
        raise decision.locate(error) from None
    return report, {}
