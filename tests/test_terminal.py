"""Terminals that bite: not UTF-8, no colour, dumb, narrow, piped; names with markup characters."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": "", **env}
    return subprocess.run(
        [sys.executable, "-m", "prioritizer", *args],
        capture_output=True,
        text=True,
        encoding=env.get("PYTHONIOENCODING", "utf-8"),
        errors="strict",
        env=environment,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_non_utf8_terminal_never_crashes(encoding: str) -> None:
    done = _run("show", "projects", "--region", "puno", "--lang", "es", PYTHONIOENCODING=encoding)
    assert done.returncode == 0, done.stderr
    assert "Diagn" in done.stdout and "S/ 110.000" in done.stdout
    if encoding == "ascii":
        assert done.stdout.isascii() and "Diagnostico" in done.stdout


def test_json_stays_parseable_on_an_ascii_terminal() -> None:
    done = _run("show", "gaps", "--json", "--lang", "es", PYTHONIOENCODING="ascii")
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["name"].startswith("Falta de conexión")


def test_error_on_an_ascii_terminal() -> None:
    done = _run("show", "projects", "--region", "cañete", PYTHONIOENCODING="ascii")
    assert done.returncode == 2 and "canete" in done.stderr


def test_spanish_error_on_an_ascii_terminal() -> None:
    """The translated sentence loses its accents, not its words, on a terminal that lacks them."""
    done = _run("rank", "--lang", "es", PYTHONIOENCODING="ascii")
    assert done.returncode == 2 and done.stderr.isascii()
    assert done.stderr == (
        "Error: --region: el campo 'region' esta vacio; se esperaba una region (cusco, puno) o "
        "--matrix y --criteria.\n"
    )


@pytest.mark.parametrize("width", ["40", "80"])
def test_ascii_terminal_keeps_table_widths(width: str) -> None:
    """Each character rich measured prints as one plain character (`…` as `.`, not `...`), so
    no line of a table grows past the terminal's edge; nothing is cut (columns fold)."""
    done = _run(
        "portfolio", "--region", "cusco", "--lang", "es", PYTHONIOENCODING="ascii", COLUMNS=width
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert max(len(line) for line in done.stdout.splitlines()) <= int(width)
    assert "..." not in done.stdout


def test_plain_letters_replace_one_character_by_one() -> None:
    import prioritizer.cli.common  # noqa: F401  (registers the error handler)

    text = "Ñandú — … • Σ ≥ ﬁ “x”"
    plain = text.encode("ascii", "prioritizer-plain").decode("ascii")
    assert plain == 'Nandu - . * ? > f "x"'
    assert len(plain) == len(text)


def test_piped_output_has_no_escape_codes() -> None:
    for env in ({}, {"NO_COLOR": "1"}, {"TERM": "dumb"}):
        done = _run("show", "regions", **env)
        assert done.returncode == 0 and "\x1b[" not in done.stdout


@pytest.mark.parametrize("width", ["60", "80"])
def test_narrow_terminal_keeps_money_whole(width: str) -> None:
    done = _run("show", "projects", "--region", "cusco", COLUMNS=width)
    assert done.returncode == 0
    amounts = re.findall(r"S/ [\d,]+", done.stdout)
    assert "S/ 350,000" in amounts and all(len(a) >= len("S/ 80,000") for a in amounts)
    assert max(len(line) for line in done.stdout.splitlines()) <= int(width)


def test_markup_in_names_prints_verbatim(data_copy: Path) -> None:
    projects = data_copy / "inputs" / "projects.csv"
    text = projects.read_text(encoding="utf-8")
    text = text.replace(
        "Cusco coffee competitiveness assessment,", "[bold red]Café[/] – Cusco (fase 1),"
    )
    projects.write_text(text, encoding="utf-8")
    done = _run("show", "projects", "--region", "cusco", "--inputs", str(data_copy), COLUMNS="120")
    assert done.returncode == 0, done.stderr
    assert "[bold red]Café[/] – Cusco (fase 1)" in done.stdout
