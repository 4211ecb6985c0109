"""The `prioritizer` command line: wires options to the library, prints, maps errors to exit codes.

The cli modules are the only ones that print. Every failure the user can cause is a
PrioritizerError and gets one clear message (exit 2 bad input, 3 infeasible or solver trouble);
anything else is an internal error (exit 1) whose traceback only `--debug` shows. Here: the
app and `--version`; the commands live in cli_data, cli_weights, cli_rank, cli_portfolio,
cli_compare, cli_robustness and cli_elicit, and are registered here in the order `--help`
lists them.
"""

from __future__ import annotations

from typing import Annotated

import typer

from prioritizer import __version__
from prioritizer.cli_compare import compare, report
from prioritizer.cli_data import init, show, validate
from prioritizer.cli_elicit import elicit, import_workbook, template
from prioritizer.cli_portfolio import frontier, portfolio
from prioritizer.cli_rank import rank
from prioritizer.cli_robustness import robustness
from prioritizer.cli_weights import weights_app

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


# The data-set commands, the analysis commands, then the workshop and spreadsheet ones
# (cli_elicit), in the order `--help` lists them; typer lists the `weights` group last.
app.command()(init)
app.command()(validate)
app.command()(show)
app.add_typer(weights_app, name="weights")
app.command()(rank)
app.command()(portfolio)
app.command()(frontier)
app.command()(compare)
app.command()(report)
app.command()(robustness)
app.command("elicit")(elicit)
app.command("template")(template)
app.command("import")(import_workbook)
