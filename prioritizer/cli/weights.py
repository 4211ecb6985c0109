"""`weights` and `weights ahp`: stakeholders' AHP weights and consistency, the group's weights,
and the priorities of any pairwise comparison matrix in a CSV file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
    stdout,
)
from prioritizer.cli.options import (
    AggregationOption,
    PrioritiesOption,
    RandomIndexOption,
    _check_random_index,
    _check_random_index_tables,
    _check_region,
)
from prioritizer.data.load import PairwiseFile, load_pairwise_csv, load_random_index
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.options import RunOptions
from prioritizer.phrases import phrase
from prioritizer.present.payload import display_names
from prioritizer.present.render.weights import render_ahp_weights, render_weight_set
from prioritizer.results.consistency import Priorities
from prioritizer.results.weights import Aggregation

weights_app = typer.Typer(
    help="Stakeholder weights: each one's AHP priorities and CR, the group's, the disagreement.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@weights_app.callback()
@command()
def weights(
    run: Run,
    ctx: typer.Context,
    region: RegionOption = None,
    stakeholder: Annotated[
        str | None, typer.Option("--stakeholder", help="Only this stakeholder's weights.")
    ] = None,
    aggregation: AggregationOption = Aggregation.AIJ,
    random_index: RandomIndexOption = None,
) -> None:
    """Each stakeholder's weights and CR, the group's weights, and how far each one is from them."""
    if ctx.invoked_subcommand is not None:
        return

    from prioritizer.core.analysis import region_weights

    data = load_inputs(run.inputs)
    _check_region(data, region)
    _check_random_index(data, random_index)
    options = RunOptions(aggregation=aggregation, random_index=random_index, lang=run.lang)
    names = display_names(data, run.lang)
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
        if run.as_json:
            emit_json({"region": regions[0], **single.to_dict()})
        elif single.ahp is not None:
            emit(render_ahp_weights(single.ahp, lang=run.lang, names=names))
        else:
            emit(render_weight_set(sets[regions[0]], lang=run.lang, names=names))
        return
    if run.as_json:
        emit_json({"regions": {r: ws.to_dict() for r, ws in sets.items()}})
        return
    for r, weight_set in sets.items():
        stdout().print(Text(data.region(r).name.get(run.lang), style="bold"))
        emit(render_weight_set(weight_set, lang=run.lang, names=names))


@weights_app.command("ahp")
@command(inputs=False)
def weights_ahp(
    run: Run,
    matrix_file: Annotated[Path, typer.Argument(help="CSV: ids in the header and first column.")],
    random_index: RandomIndexOption = None,
    priorities: PrioritiesOption = Priorities.EIGENVECTOR,
) -> None:
    """AHP priorities, λmax, CI and CR of any pairwise comparison matrix in a CSV file; blank
    cells are judgments not given, completed from the others."""
    from prioritizer.core.weigh.consistency import analyse_pairwise
    from prioritizer.present.render.consistency import render_pairwise_analysis

    pairwise = load_pairwise_csv(matrix_file)
    data_tables = load_random_index()
    _check_random_index_tables(data_tables, random_index)
    chosen = data_tables.get(random_index)
    if any(math.isnan(value) for row in pairwise.matrix for value in row):
        if priorities is not Priorities.EIGENVECTOR:
            raise InputError(
                "--priorities",
                field="priorities",
                got=priorities.value,
                expected=phrase("eigenvector for a matrix with judgments not given"),
            )
        _weigh_incomplete(pairwise, chosen.values, run.lang, run.as_json)
        return
    try:
        result = analyse_pairwise(
            pairwise.matrix,
            pairwise.ids,
            random_index=chosen.values,
            priorities=priorities,
            random_index_table=chosen.id,
        )
    except InvalidMatrix as error:
        raise pairwise.locate(error) from None
    if run.as_json:
        emit_json(result.to_dict())
    else:
        emit(render_pairwise_analysis(result, lang=run.lang))


def _weigh_incomplete(
    pairwise: PairwiseFile, table: Mapping[int, float], lang: str, as_json: bool
) -> None:
    """`weights ahp` on a matrix with blank cells: the missing judgments completed, or one line
    naming the criteria no judgment links and the pairs that would link them."""
    from prioritizer.core.weigh.incomplete import complete
    from prioritizer.present.render.judgments import render_incomplete_ahp

    try:
        result = complete(pairwise.matrix, pairwise.ids, random_index=table)
    except InvalidMatrix as error:
        raise pairwise.locate(error) from None
    if not result.connected:
        raise InputError(
            pairwise.file,
            got=phrase(
                "{criteria} without a judgment linking them to {group}",
                criteria=", ".join(c for group in result.groups[1:] for c in group),
                group=", ".join(result.group),
            ),
            expected=phrase(
                "judgments that link every criterion (judging {pairs} would link them)",
                pairs=", ".join(
                    f"{row} vs {column}" for row, column in result.questions_to_connect
                ),
            ),
        )
    if as_json:
        emit_json(result.to_dict())
    else:
        emit(render_incomplete_ahp(result, lang=lang))
