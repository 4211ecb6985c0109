"""Start-up: `prioritizer --help` imports no command and no heavy library, and the commands that
load on first use print exactly what typer prints when every command is registered up front.

No timing here (a loaded machine would make it flaky); `benchmarks/bench_startup.py` times it.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from prioritizer.cli.app import COMMANDS, app, main

ROOT = Path(__file__).resolve().parents[1]

# Each of these adds tens of milliseconds up to a second to a start-up whose floor (`import rich,
# typer`) is about 0.1 s; the commands import them when they run.
HEAVY = {
    "numpy",
    "pandas",
    "pydantic",
    "matplotlib",
    "openpyxl",
    "pymcdm",
    "pulp",
    "scipy",
    "highspy",
    "ruamel",
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "jinja2",
    "segno",
}
# Lighter, but `--help` and `--version` need none of them either.
LIGHT = {"yaml", "rich.console", "importlib.metadata"}

# Runs the program's entry in a fresh interpreter and reports what it imported beyond the floor.
PROBE = """
import contextlib, io, json, sys
import rich, typer
floor = set(sys.modules)
from prioritizer.cli.entry import run
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = run(sys.argv[1:])
print(json.dumps({"code": code, "imported": sorted(set(sys.modules) - floor)}))
"""


def _imported_by(*args: str) -> tuple[int, set[str]]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": ""}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    return report["code"], set(report["imported"])


@pytest.mark.parametrize(
    ("args", "code", "unwanted"),
    [
        (("--help",), 0, HEAVY | LIGHT),
        (("--version",), 0, HEAVY | {"yaml", "rich.console"}),
        ((), 2, HEAVY),  # the usage error goes through the error printer (rich, yaml)
    ],
)
def test_start_up_imports_no_command_and_no_heavy_library(
    args: tuple[str, ...], code: int, unwanted: set[str]
) -> None:
    exit_code, imported = _imported_by(*args)
    assert exit_code == code
    assert sorted(unwanted & imported) == [], (
        f"`prioritizer {' '.join(args)}` imports what it does not need"
    )
    commands = {where.module for where in COMMANDS.values()} | {"prioritizer.cli.options"}
    assert sorted(imported & commands) == []


def _first_paragraph(target: object) -> str:
    """A command's summary as its own help gives it: the first paragraph, on one line."""
    text = target.info.help if isinstance(target, typer.Typer) else target.__doc__
    return " ".join(inspect.cleandoc(str(text)).split("\n\n")[0].split())


def _eager_app() -> typer.Typer:
    """The program as typer builds it with every command registered up front, each listed by
    the first paragraph of its own help (not the lazy summaries)."""
    eager = typer.Typer(
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        rich_markup_mode=None,
    )
    eager.callback()(main)
    for name, where in COMMANDS.items():
        target = getattr(importlib.import_module(where.module), where.attribute)
        if isinstance(target, typer.Typer):
            eager.add_typer(target, name=name, short_help=_first_paragraph(target))
        else:
            eager.command(name, short_help=_first_paragraph(target))(target)
    return eager


@pytest.mark.parametrize("columns", ["60", "100"])
def test_lazy_commands_print_what_eager_registration_prints(columns: str) -> None:
    eager = _eager_app()
    runner = CliRunner()
    cases = [
        [],
        ["--help"],
        ["--version"],
        ["nocommand"],
        ["rnak"],
        *([name, "--help"] for name in COMMANDS),
        ["weights", "ahp", "--help"],
        ["weights", "nocommand"],
    ]
    for args in cases:
        env = {"COLUMNS": columns, "PRIORITIZER_LANG": ""}
        lazy_result = runner.invoke(app, args, env=env)
        eager_result = runner.invoke(eager, args, env=env)
        assert lazy_result.exit_code == eager_result.exit_code, args
        assert lazy_result.stdout == eager_result.stdout, args
        assert lazy_result.stderr == eager_result.stderr, args


def test_summaries_are_the_first_paragraph_of_each_help() -> None:
    commands = typer.main.get_group(app).commands
    assert list(commands) == list(COMMANDS)
    for name, where in COMMANDS.items():
        help_text = inspect.cleandoc(commands[name].help or "")
        first = help_text.split("\n\n")[0].split()
        assert where.summary.split() == first, name


def test_help_lists_compare_first_and_every_summary_whole() -> None:
    shown = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "80", "PRIORITIZER_LANG": ""})
    listing = shown.stdout.split("Commands:")[1]
    assert listing.split()[0] == "compare"
    assert "..." not in listing
    flat = " ".join(listing.split())
    for name, where in COMMANDS.items():
        assert f"{name} {where.summary}" in flat, name
