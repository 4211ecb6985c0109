"""Shared fixtures: a writable copy of the embedded data set and an in-process CLI runner."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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
    from prioritizer.cli import app

    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Run:
        result = runner.invoke(app, list(args), env=env or {"PRIORITIZER_LANG": ""})
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


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
