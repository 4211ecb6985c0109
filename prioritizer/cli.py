"""The `prioritizer` command line: wires options to the library, prints, maps errors to exit codes.

The cli modules are the only ones that print. Every failure the user can cause is a
PrioritizerError and gets one clear message (exit 2 bad input, 3 infeasible or solver trouble);
anything else is an internal error (exit 1) whose traceback only `--debug` shows. Here: the
app, `init`, `validate`, `show` and `weights`; the other commands live in cli_rank,
cli_portfolio, cli_compare, cli_robustness and cli_elicit, and are registered here in the order
`--help` lists them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
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
    stdout,
)
from prioritizer.cli_compare import compare, report
from prioritizer.cli_elicit import elicit, import_workbook, template
from prioritizer.cli_options import (
    AggregationOption,
    RandomIndexOption,
    _check_random_index,
    _check_random_index_tables,
    _check_region,
)
from prioritizer.cli_portfolio import frontier, portfolio
from prioritizer.cli_rank import rank
from prioritizer.cli_robustness import robustness
from prioritizer.errors import (
    InputError,
    InvalidMatrix,
)
from prioritizer.folders import new_folder
from prioritizer.i18n import language_from_env, t
from prioritizer.load import (
    load_pairwise_csv,
    load_random_index,
)
from prioritizer.options import RunOptions
from prioritizer.payload import display_names
from prioritizer.phrases import phrase
from prioritizer.render.catalog import render_catalog
from prioritizer.render.validation import render_validation
from prioritizer.render.weights import render_ahp_weights, render_weight_set
from prioritizer.resources import embedded_dir
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


# The analysis commands, then the workshop and spreadsheet ones (cli_elicit), in the order
# `--help` lists them.
app.command()(rank)
app.command()(portfolio)
app.command()(frontier)
app.command()(compare)
app.command()(report)
app.command()(robustness)
app.command("elicit")(elicit)
app.command("template")(template)
app.command("import")(import_workbook)
