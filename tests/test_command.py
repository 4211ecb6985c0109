"""The shared options of every command (cli/command.py): declared once, read into a Run, the body
run under guard; a command that keeps an option of its own under a shared name keeps its value."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.testing import CliRunner

from prioritizer.cli.command import Run, command
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


def _app(*bodies: typer.models.CommandFunctionType) -> typer.Typer:
    app = typer.Typer(add_completion=False)
    for body in bodies:
        app.command()(body)
    app.command("unused")(lambda: None)  # two commands, so each is called by name
    return app


seen: list[Run] = []


@command()
def shared(run: Run, count: Annotated[int, typer.Option("--count")] = 1) -> None:
    """Records what it was told."""
    seen.append(run)
    if count < 0:
        raise InputError("--count", expected=phrase("a whole number >= 0"), got=count)


@command(inputs=False, as_json=False)
def own(
    run: Run,
    inputs: Annotated[Path | None, typer.Option("--inputs", help="Its own folder.")] = None,
) -> None:
    """Says the folder it was given under its own --inputs."""
    typer.echo(f"{inputs} {run.inputs} {run.lang}")


def test_shared_options_reach_the_body_in_one_run() -> None:
    seen.clear()
    result = CliRunner().invoke(
        _app(shared), ["shared", "--count", "2", "--inputs", "data", "--lang", "es", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert seen == [Run(inputs=Path("data"), language=seen[0].language, as_json=True, debug=False)]
    assert seen[0].lang == "es"


def test_the_body_runs_under_guard() -> None:
    result = CliRunner().invoke(_app(shared), ["shared", "--count", "-1", "--lang", "en"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: --count")


def test_a_command_keeps_its_own_option_of_a_shared_name() -> None:
    result = CliRunner().invoke(_app(own), ["own", "--inputs", "mine", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output == "mine None en\n"


def test_options_left_out_are_not_offered() -> None:
    result = CliRunner().invoke(_app(own), ["own", "--json"])
    assert result.exit_code == 2 and "--json" in result.output
