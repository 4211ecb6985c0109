"""`weights` and `weights ahp`: stakeholders' AHP weights and consistency, the group's weights,
and the priorities of any pairwise comparison matrix in a CSV file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from prioritizer.cli.command import Run, command
from prioritizer.cli.common import (
    RegionOption,
    emit,
    emit_json,
    stdout,
)
from prioritizer.cli.declared import argument, option
from prioritizer.cli.options import (
    AggregationOption,
    PrioritiesOption,
    RandomIndexOption,
    _check_random_index,
    _check_random_index_tables,
    _check_region,
    option_error,
)
from prioritizer.data.load import load_random_index
from prioritizer.data.load.pairwise import Judgments, load_judgments
from prioritizer.data.models.criteria import RandomIndexTable
from prioritizer.data.workbook import load_inputs
from prioritizer.errors import InputError, InvalidMatrix
from prioritizer.options import RunOptions
from prioritizer.phrases import Phrase, phrase, show
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
    stakeholder: Annotated[str | None, option("weights-stakeholder")] = None,
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
            raise option_error(
                "--stakeholder",
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


InfluenceOption = Annotated[str | None, option("influence")]


@weights_app.command("ahp")
@command(inputs=False)
def weights_ahp(
    run: Run,
    matrix_file: Annotated[list[Path], argument("matrix-file")],
    random_index: RandomIndexOption = None,
    priorities: PrioritiesOption = Priorities.EIGENVECTOR,
    aggregation: AggregationOption = Aggregation.AIJ,
    influence: InfluenceOption = None,
) -> None:
    """AHP priorities, λmax, CI and CR of any pairwise comparison matrix in a CSV file; blank
    cells are judgments not given, completed from the others. Several files are a group's
    judgments, combined by --aggregation with each file's --influence. `prioritizer methods`
    lists the published examples that check each option."""
    from prioritizer.core.weigh.consistency import analyse_pairwise
    from prioritizer.present.render.consistency import render_pairwise_analysis

    data_tables = load_random_index()
    _check_random_index_tables(data_tables, random_index)
    chosen = data_tables.get(random_index)
    if len(matrix_file) > 1 or influence is not None:
        _weigh_group(matrix_file, influence, (aggregation, priorities), chosen, run)
        return
    pairwise = load_judgments(matrix_file[0])
    if any(math.isnan(value) for row in pairwise.matrix for value in row):
        if priorities is not Priorities.EIGENVECTOR:
            raise option_error(
                "--priorities",
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
        emit_json(_with_notes(result.to_dict(), pairwise.notes, run.lang))
    else:
        emit(render_pairwise_analysis(result, lang=run.lang))
        _emit_notes(pairwise.notes, run.lang)


def _with_notes(payload: dict[str, Any], notes: Sequence[Phrase], lang: str) -> dict[str, Any]:
    """The JSON with how printed values were read (`notes`, in `lang`), when there are any."""
    return {**payload, "notes": [show(note, lang) for note in notes]} if notes else payload


def _emit_notes(notes: Sequence[Phrase], lang: str) -> None:
    """How printed values were read, after the result: never silently."""
    for note in notes:
        emit(Text(f"• {show(note, lang)}", style="dim"))


def _weigh_incomplete(
    pairwise: Judgments, table: Mapping[int, float], lang: str, as_json: bool
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
        emit_json(_with_notes(result.to_dict(), pairwise.notes, lang))
    else:
        emit(render_incomplete_ahp(result, lang=lang))
        _emit_notes(pairwise.notes, lang)


def _weigh_group(
    files: Sequence[Path],
    influence: str | None,
    how: tuple[Aggregation, Priorities],
    table: RandomIndexTable,
    run: Run,
) -> None:
    """`weights ahp A.csv B.csv …`: each member's priorities and CR (or GCI, by the row
    geometric mean), and the group's by AIJ or AIP, each member weighed by its influence."""
    from prioritizer.core.weigh import StakeholderInput, aggregate_weights
    from prioritizer.core.weigh.group_geometric import geometric_group

    aggregation, priorities = how

    members = [load_judgments(path) for path in files]
    shares = _influences(influence, len(files))
    ids = members[0].ids
    stems = [path.stem for path in files]
    names = stems if len(set(stems)) == len(stems) else [member.file for member in members]
    inputs = []
    matrices: list[list[list[float]]] = []
    for name, member, share in zip(names, members, shares, strict=True):
        if set(member.ids) != set(ids):
            raise InputError(
                member.file,
                expected=phrase(
                    "the criteria of {file} ({ids})", file=members[0].file, ids=", ".join(ids)
                ),
                got=", ".join(member.ids),
            )
        if any(math.isnan(value) for row in member.matrix for value in row):
            raise InputError(
                member.file,
                expected=phrase("every pair judged (a group combines complete matrices)"),
                got=phrase("blank pairs"),
                hint=phrase("weigh this file alone to see its blank pairs completed"),
            )
        order = [member.ids.index(criterion) for criterion in ids]
        matrix = [[member.matrix[i][j] for j in order] for i in order]
        inputs.append(StakeholderInput(name, member.file, share, matrix=matrix))
        matrices.append(matrix)
    notes = [note for member in members for note in member.notes]
    if priorities is Priorities.GEOMETRIC:
        from prioritizer.present.render.consistency import render_pairwise_group

        by_rgm = geometric_group(
            matrices,
            ids,
            names,
            shares,
            files=[member.file for member in members],
            method=aggregation,
            random_index=table.values,
            random_index_table=table.id,
        )
        payload, shown = by_rgm.to_dict(), render_pairwise_group(by_rgm, lang=run.lang)
    else:
        result = aggregate_weights(inputs, ids, method=aggregation, random_index=table.values)
        payload, shown = result.to_dict(), render_weight_set(result, lang=run.lang)
    if run.as_json:
        emit_json(_with_notes(payload, notes, run.lang))
    else:
        emit(shown)
        _emit_notes(notes, run.lang)


def _influences(text: str | None, count: int) -> list[float]:
    """--influence `2,1,1`: one positive number per matrix file (all 1 when not given)."""
    if text is None:
        return [1.0] * count
    parts = [part.strip() for part in text.split(",")]
    values = []
    for part in parts:
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise option_error("--influence", got=part, expected=phrase("a positive number"))
        values.append(value)
    if len(values) != count:
        raise option_error(
            "--influence",
            got=text,
            expected=phrase("one value per matrix file ({count})", count=count),
        )
    return values
