"""`rank`: a region's mechanisms or projects, or a user's own matrix, with every method,
the explanation of the scores and the rank reversals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
)
from prioritizer.cli.declared import option
from prioritizer.cli.options import (
    AggregationOption,
    CriteriaOption,
    MatrixOption,
    NormalizationOption,
    RandomIndexOption,
    TopOption,
    _check_random_index,
    option_error,
    region_given,
)
from prioritizer.cli.progress import stage_progress
from prioritizer.data.load import (
    load_decision_csv,
)
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import (
    InputError,
    InvalidMatrix,
)
from prioritizer.options import RunOptions, WeightsFrom
from prioritizer.phrases import phrase
from prioritizer.present.payload import display_names
from prioritizer.present.render.problem import render_problem
from prioritizer.present.render.ranking import (
    render_agreement,
    render_ranking,
    render_reversals,
    render_topsis_explanation,
    render_weight_sources,
)
from prioritizer.results.problem import Level
from prioritizer.results.ranking import AhpMode, Method, Normalization, Ranking
from prioritizer.results.weights import Aggregation


# -- rank ----------------------------------------------------------------------------------------
@command()
def rank(
    run: Run,
    region: RegionOption = None,
    level: Annotated[Level, option("level")] = Level.MECHANISMS,
    method: Annotated[Method, option("rank-method")] = Method.TOPSIS,
    normalization: NormalizationOption = Normalization.VECTOR,
    ahp_mode: Annotated[AhpMode, option("ahp-mode")] = AhpMode.DISTRIBUTIVE,
    vikor_v: Annotated[float, option("vikor-v")] = 0.5,
    weights_from: Annotated[WeightsFrom, option("rank-weights")] = WeightsFrom.GIVEN,
    aggregation: AggregationOption = Aggregation.AIJ,
    compare: Annotated[bool, option("compare")] = False,
    explain: Annotated[bool, option("explain")] = False,
    matrix: MatrixOption = None,
    criteria: CriteriaOption = None,
    top: TopOption = None,
    random_index: RandomIndexOption = None,
) -> None:
    """Rank a region's mechanisms or projects (or your own matrix) with TOPSIS, AHP and others.

    `prioritizer methods` lists each method and option with the published example a test
    reproduces."""

    if not 0.0 <= vikor_v <= 1.0:
        raise option_error("--vikor-v", got=vikor_v, expected=phrase("a number from 0 to 1"))
    if matrix is not None or criteria is not None:
        variant = {"normalization": normalization, "ahp_mode": ahp_mode, "vikor_v": vikor_v}
        _rank_file(
            matrix, criteria, method, variant, compare, run.lang, run.as_json, top, weights_from
        )
        return
    if weights_from is not WeightsFrom.GIVEN:
        raise option_error(
            "--weights",
            got=weights_from.value,
            expected=phrase(
                "weights from the data only with --matrix (a region has its stakeholders' weights)"
            ),
        )
    from prioritizer.core.analysis import gap_drivers, rank_region  # not needed by --matrix

    data = load_inputs(run.inputs)
    region = region_given(
        data,
        region,
        phrase(
            "a region ({regions}), or --matrix and --criteria", regions=", ".join(data.region_ids)
        ),
    )
    _check_random_index(data, random_index)
    options = RunOptions(
        method=method,
        normalization=normalization,
        ahp_mode=ahp_mode,
        vikor_v=vikor_v,
        aggregation=aggregation,
        level=level,
        random_index=random_index,
        lang=run.lang,
    )
    result = rank_region(data, region, options, compare=compare)
    drivers = gap_drivers(result.problem, result.weights)
    if run.as_json:
        payload = result.ranking.to_dict()
        payload["region"] = region
        payload["level"] = level.value
        payload["weights"] = result.weights.to_dict()["weights"]
        payload["drivers"] = {k: [{"gap": g, "share": s} for g, s in v] for k, v in drivers.items()}
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
    names = display_names(data, run.lang)
    emit(render_ranking(result.ranking, lang=run.lang, names=names, top=top))
    if explain:
        emit(render_problem(result.problem, lang=run.lang, names=names, drivers=drivers))
        if result.ranking.method is Method.TOPSIS:
            emit(render_topsis_explanation(result.ranking, lang=run.lang, names=names))
    if result.reversals or explain:
        flips = [r.to_dict() for r in result.reversals]
        emit(render_reversals(flips, lang=run.lang, names=names))
    if compare and result.agreement is not None:
        emit(render_agreement(result.agreement, lang=run.lang))


def _weights_shown(
    criteria: tuple[str, ...],
    weights: Any,
    weights_from: WeightsFrom,
    decision: Any,
) -> dict[str, Any]:
    """The weights from the data beside the criteria file's own (JSON form), when asked for."""
    if weights_from is WeightsFrom.GIVEN:
        return {}
    shown: dict[str, Any] = {
        "objective_weights": {
            "method": weights_from.value,
            "weights": dict(zip(criteria, map(float, weights), strict=True)),
        }
    }
    if decision.weights_given:
        total = sum(decision.weights)
        shown["subjective_weights"] = {
            c: w / total for c, w in zip(criteria, decision.weights, strict=True)
        }
    return shown


def _rank_file(
    matrix: Path | None,
    criteria: Path | None,
    method: Method,
    variant: dict[str, Any],
    compare: bool,
    lang: str,
    as_json: bool,
    top: int | None,
    weights_from: WeightsFrom,
) -> None:
    from prioritizer.core.agreement import compare_rankings
    from prioritizer.core.rank import objective_weights, rank_alternatives, rank_reversal_check

    if matrix is None or criteria is None:
        raise InputError(
            "--matrix/--criteria",
            expected=phrase("both --matrix M.csv and --criteria C.csv"),
            got=phrase("only one of them"),
        )
    objective = weights_from is not WeightsFrom.GIVEN
    decision = load_decision_csv(matrix, criteria, weights_needed=not objective)
    variant = {**variant, "preferences": decision.preferences}
    weights: Any = decision.weights
    if objective:
        try:
            weights = objective_weights(decision.matrix, weights_from.value)
        except InvalidMatrix as error:
            raise decision.locate(error) from None
    given = (decision.matrix, weights, decision.types, decision.ids, decision.criteria)
    shown = _weights_shown(decision.criteria, weights, weights_from, decision)

    def run(chosen: Method) -> Ranking:
        try:
            return rank_alternatives(*given, method=chosen, **variant)
        except InvalidMatrix as error:
            raise decision.locate(error) from None

    ranking = run(method)
    others = tuple(ranking if m is method else run(m) for m in Method) if compare else ()
    checked = rank_reversal_check(
        *given, method=method, ranking=ranking, progress=stage_progress(lang), **variant
    )
    flips = [r.to_dict() for r in checked]
    if as_json:
        payload = ranking.to_dict()
        payload.update(shown)
        payload["rank_reversals"] = flips
        if others:
            payload["comparison"] = {r.method.value: r.to_dict()["ranking"] for r in others}
            payload["agreement"] = compare_rankings(others).to_dict()
        emit_json(payload)
        return
    emit(render_ranking(ranking, lang=lang, names={}, top=top))
    if objective:
        emit(render_weight_sources(shown, lang=lang))
    if flips:
        emit(render_reversals(flips, lang=lang, names={}))
    if others:
        emit(render_agreement(compare_rankings(others), lang=lang))
