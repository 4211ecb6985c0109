"""The `prioritizer` command line: wires options to the library, prints, maps errors to exit codes.

The only module that prints. Every failure the user can cause is a PrioritizerError and gets one
clear message (exit 2 bad input, 3 infeasible or solver trouble); anything else is an internal
error (exit 1) whose traceback only `--debug` shows.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType

from prioritizer import __version__
from prioritizer.errors import Described, InputError, PrioritizerError
from prioritizer.i18n import Language, language_from_env, t
from prioritizer.load import load_dataset
from prioritizer.models import Dataset
from prioritizer.render.catalog import render_catalog
from prioritizer.render.validation import render_validation
from prioritizer.resources import embedded_dir
from prioritizer.validation import summarize_dataset
from prioritizer.views import Catalog, catalog_view

app = typer.Typer(
    name="prioritizer",
    help="Rank innovation-policy mechanisms and choose pilot-project portfolios (Cusco and Puno).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

T = TypeVar("T")

InputsOption = Annotated[
    Path | None,
    typer.Option(
        "--inputs", help="Data set folder (from `prioritizer init`); default: embedded data."
    ),
]
LangOption = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of the output (default: $PRIORITIZER_LANG or en)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the traceback of internal errors.")
]
RegionOption = Annotated[str | None, typer.Option("--region", help="Region id (cusco, puno).")]


def _stdout() -> Console:
    return Console(soft_wrap=False, highlight=False)


def _say_error(message: str) -> None:
    """One line on stderr, never wrapped (paths stay copyable), no colour codes."""
    sys.stderr.write(message.replace("\n", " ") + "\n")


def _fail(error: PrioritizerError, lang: Language, as_json: bool) -> NoReturn:
    message = error.message() if isinstance(error, InputError) else str(error)
    if as_json:
        payload: dict[str, Any] = {"status": "error", "error": {"message": message}}
        if isinstance(error, InputError):
            payload["error"].update(
                {
                    "file": error.file,
                    "row": error.row,
                    "field": error.field,
                    "expected": error.expected,
                    "got": None if error.got is None else str(error.got),
                }
            )
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    _say_error(f"{t('error.prefix', lang)}: {message}")
    raise typer.Exit(error.exit_code)


def _guard(lang: Language, as_json: bool, debug: bool, work: Callable[[], T]) -> T:
    """Runs `work`, turning our errors into one message and others into a short internal error."""
    try:
        return work()
    except PrioritizerError as error:
        _fail(error, lang, as_json)
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as error:
        if debug:
            raise
        _say_error(t("error.internal", lang, kind=type(error).__name__))
        raise typer.Exit(1) from None


def _emit_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _emit(renderable: RenderableType) -> None:
    _stdout().print(renderable)


def _check_region(data: Dataset, region: str | None) -> None:
    if region is not None and region not in data.region_ids:
        raise InputError(
            "--region",
            field="region",
            got=region,
            expected=f"one of the regions of the data set ({', '.join(data.region_ids)})",
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
        if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
            raise InputError(
                str(directory),
                expected="a new or empty folder",
                got=Described("an existing file" if directory.is_file() else "a folder with files"),
            )
        parent = directory.resolve().parent
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".prioritizer-init-", dir=parent))
        try:
            for kind in ("criteria", "inputs"):
                shutil.copytree(
                    embedded_dir(kind),
                    staging / kind,
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
                )
            if directory.exists():
                directory.rmdir()
            staging.rename(directory)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _stdout().print(t("init.done", language, path=str(directory)), markup=False)

    _guard(language, False, debug, work)


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
        data = load_dataset(inputs)
        summary = summarize_dataset(data)
        if as_json:
            _emit_json(summary.to_dict())
        else:
            _emit(render_validation(summary, lang=language.value))

    _guard(language, as_json, debug, work)


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
        data = load_dataset(inputs)
        _check_region(data, region)
        rows = catalog_view(data, what, lang=language.value, region=region)
        if what is Catalog.STAKEHOLDERS:
            ratios = summarize_dataset(data).consistency_ratios
            for row in rows:
                row["consistency_ratio"] = ratios.get(row["id"])
        if as_json:
            _emit_json(rows)
            return
        code = language.value
        levels = {level.id: level.name.get(code) for level in data.relevance_scale.levels}
        names = {e.id: e.name.get(code) for e in data.elements}
        names |= {m.id: m.name.get(code) for m in data.mechanisms}
        names |= {c.id: c.name.get(code) for c in data.value_chains}
        region_name = data.region(region).name.get(code) if region else None
        _emit(
            render_catalog(
                what, rows, lang=code, level_names=levels, region_name=region_name, names=names
            )
        )

    _guard(language, as_json, debug, work)
