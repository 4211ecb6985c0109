"""Shared fixtures: a writable copy of the embedded data set and an in-process CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from prioritizer.phrases import STRICT_ENV
from prioritizer.resources import embedded_dir

# A message phrase without its Spanish translation fails the test that shows it in Spanish.
os.environ.setdefault(STRICT_ENV, "1")


@dataclass(frozen=True)
class Run:
    """Outcome of one CLI call."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Runs `prioritizer ARGS...` in-process, with stdout and stderr kept apart."""
    from prioritizer.cli.app import app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), env=env or {"PRIORITIZER_LANG": ""})
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture(scope="session")
def compare_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The run folder of `prioritizer compare --lang LANG` on the embedded data, made once
    per language for the session (the reports' tests read it; none may change it)."""
    from prioritizer.cli.app import app

    made: dict[str, Path] = {}

    def folder(lang: str) -> Path:
        if lang not in made:
            out = tmp_path_factory.mktemp(f"compare-{lang}") / "run"
            result = CliRunner().invoke(
                app, ["compare", "--lang", lang, "--out", str(out)], env={"PRIORITIZER_LANG": ""}
            )
            assert result.exit_code == 0, result.stderr
            made[lang] = out
        return made[lang]

    return folder


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh editable copy of the embedded data set (criteria/ and inputs/) in a temp folder."""
    root = tmp_path / "data"
    for kind in ("criteria", "inputs"):
        shutil.copytree(embedded_dir(kind), root / kind)
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove that a failing command wrote nothing."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def validate_with_peak(inputs: Path) -> tuple[int, int, str]:
    """`prioritizer validate --inputs INPUTS` in a process of its own: the exit code, its peak
    memory in MB (VmHWM: the process's own; ru_maxrss would count the forked pytest) and its
    stderr. A hang guard of 120 s stands in for the minutes a bomb took."""
    import subprocess
    import sys

    probe = (
        "from pathlib import Path\n"
        "from prioritizer.cli.entry import run\n"
        f"code = run(['validate', '--inputs', {str(inputs)!r}])\n"
        "peak = next(l for l in Path('/proc/self/status').read_text().splitlines()"
        " if l.startswith('VmHWM'))\n"
        "print(code, int(peak.split()[1]) // 1024)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    code, megabytes = (int(v) for v in done.stdout.split())
    return code, megabytes, done.stderr


# Debian's chromium, as `.ci/run` installs it; Playwright cannot download its own browsers here.
CHROMIUM = os.environ.get("PRIORITIZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session's page tests (a real browser, not a mock)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def embedded() -> Any:
    """The embedded data set, loaded once per module."""
    from prioritizer.data.load import load_dataset

    return load_dataset()


@pytest.fixture(scope="module")
def planning(tmp_path_factory: pytest.TempPathFactory, embedded: Any) -> Path:
    """The embedded data set as an English workbook (written once per module)."""
    from prioritizer.data.workbook import write_workbook

    path = tmp_path_factory.mktemp("workbook") / "planning.xlsx"
    write_workbook(embedded, path, lang="en")
    return path


@pytest.fixture
def edited(planning: Path, tmp_path: Path) -> Callable[[Callable[[Any], None]], Path]:
    """A copy of the workbook changed by `edit(book)`, as a planner would in Excel."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    def make(edit: Callable[[Any], None]) -> Path:
        book = load_workbook(planning)
        edit(book)
        path = tmp_path / "planning.xlsx"
        book.save(path)
        return path

    return make
