"""The `prioritizer` command line: wires options to the library, prints, maps errors to exit codes.

The cli modules are the only ones that print. Every failure the user can cause is a
PrioritizerError and gets one clear message (exit 2 bad input, 3 infeasible or solver trouble);
anything else is an internal error (exit 1) whose traceback only `--debug` shows. Here: the
app, `--version` and the list of commands, in the order `--help` lists them; the commands live
in the modules beside this one (one per command group), and each is imported only when it runs
(`lazy`), so `prioritizer --help` starts at once.
"""

from __future__ import annotations

from typing import Annotated

import typer

from prioritizer.cli.lazy import LazyCommand, LazyGroup

# `compare` (what most planners run), the data-set commands, the analysis commands, the workshop
# and spreadsheet ones, then the `weights` and `workshop` groups. A summary is the first
# paragraph of the command's help (a test checks that it still is); `--help` lists it whole.
COMMANDS = {
    "compare": LazyCommand(
        "prioritizer.cli.compare",
        "compare",
        "The regions side by side (Cusco and Puno, or --regions): weights, top mechanisms, "
        "portfolios, what differs and why.",
    ),
    "init": LazyCommand(
        "prioritizer.cli.data",
        "init",
        "Write an editable copy of the embedded data set (criteria/ and inputs/) into DIRECTORY.",
    ),
    "validate": LazyCommand(
        "prioritizer.cli.data",
        "validate",
        "Check a data set: every file, field and cross-reference; print counts and warnings.",
    ),
    "show": LazyCommand(
        "prioritizer.cli.data",
        "show",
        "List criteria, gaps, mechanisms, value chains, regions, projects or stakeholders.",
    ),
    "rank": LazyCommand(
        "prioritizer.cli.rank",
        "rank",
        "Rank a region's mechanisms or projects (or your own matrix) with TOPSIS, AHP and others.",
    ),
    "ahp": LazyCommand(
        "prioritizer.cli.ahp",
        "ahp",
        "A whole AHP hierarchy from a YAML file: global priorities and each node's CR.",
    ),
    "methods": LazyCommand(
        "prioritizer.cli.methods",
        "methods",
        "Each method and option, how to ask for it, and the published example that checks it.",
    ),
    "portfolio": LazyCommand(
        "prioritizer.cli.portfolio",
        "portfolio",
        "Choose the pilot projects to fund within a budget, and say why each one is in or out.",
    ),
    "frontier": LazyCommand(
        "prioritizer.cli.frontier",
        "frontier",
        "The best value at every budget where the chosen set changes, with what enters and leaves.",
    ),
    "roadmap": LazyCommand(
        "prioritizer.cli.roadmap",
        "roadmap",
        "Projects over the years of a region's roadmap: when each starts, who pays what, and why.",
    ),
    "report": LazyCommand(
        "prioritizer.cli.compare", "report", "Show a saved run again, as `compare` showed it."
    ),
    "robustness": LazyCommand(
        "prioritizer.cli.robustness",
        "robustness",
        "How much the answer depends on the weights: rank acceptability (SMAA-2), weight "
        "stability intervals and, for a region, the core index of every project.",
    ),
    "elicit": LazyCommand(
        "prioritizer.cli.elicit",
        "elicit",
        "Ask a stakeholder for pairwise judgments of the criteria and save them in the data set.",
    ),
    "template": LazyCommand(
        "prioritizer.cli.workbook",
        "template",
        "Write the whole data set as an Excel workbook (one sheet per table, with a README).",
    ),
    "import": LazyCommand(
        "prioritizer.cli.workbook",
        "import_workbook",
        "Write the data set of an Excel workbook as a folder (criteria/ and inputs/, as `init`).",
    ),
    "serve": LazyCommand(
        "prioritizer.cli.serve",
        "serve",
        "Start the workshop web app: each stakeholder weighs the criteria from their own phone.",
    ),
    "weights": LazyCommand(
        "prioritizer.cli.weights",
        "weights_app",
        "Stakeholder weights: each one's AHP priorities and CR, the group's, the disagreement.",
    ),
    "workshop": LazyCommand(
        "prioritizer.cli.workshop",
        "workshop_app",
        "The workshop's judgments into the data set, and new private links.",
    ),
}


class _Program(LazyGroup):
    """The program's group: the commands above, each imported when it runs."""

    lazy = COMMANDS


app = typer.Typer(
    cls=_Program,
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
        from prioritizer import __version__

        typer.echo(f"prioritizer {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Multi-criteria decision support for regional innovation policy (EU-Peru report data)."""
