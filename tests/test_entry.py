"""Command-line mistakes: one line in the user's language, exit 2, JSON with --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from prioritizer.cli.entry import run


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("portfolio", "--budjet", "5"),
            "Error: there is no option --budjet (perhaps --budget). "
            "See 'prioritizer portfolio --help'.",
        ),
        (
            ("robustness", "--samples", "1.5"),
            "Error: --samples is '1.5'; expected a whole number. "
            "See 'prioritizer robustness --help'.",
        ),
        (
            ("rank", "--method", "nope"),
            "Error: --method is 'nope'; expected one of 'topsis', 'ahp', 'vikor', 'promethee', "
            "'spotis'. See 'prioritizer rank --help'.",
        ),
        (("portfolio", "--region"), "Error: option --region needs a value."),
        (("weights", "ahp"), "Error: MATRIX_FILE is missing."),
        (("show",), "Error: WHAT is missing; one of criteria, gaps, mechanisms, chains,"),
        (("nocommand",), "Error: there is no command 'nocommand'; the commands are ahp, compare, "),
        (("show", "projects", "x"), "Error: unexpected extra argument x."),
        (("portfolio", "--deadline", "soon"), "Error: --deadline is 'soon'; expected a number."),
    ],
)
def test_usage_mistakes_are_one_english_line(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    line: str,
) -> None:
    monkeypatch.delenv("PRIORITIZER_LANG", raising=False)
    code, out, err = _run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(line), err
    assert "Usage:" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("portfolio", "--budjet", "5", "--lang", "es"),
            "Error: no existe la opción --budjet (¿quizá --budget?). "
            "Vea 'prioritizer portfolio --help'.",
        ),
        (
            ("rank", "--lang=es", "--method", "nope"),
            "Error: --method vale 'nope'; se esperaba uno de 'topsis', 'ahp', 'vikor', "
            "'promethee', 'spotis'.",
        ),
        (("show", "projects", "x", "--lang", "es"), "Error: argumento de más: x."),
        (("weights", "ahp", "--lang", "es"), "Error: falta MATRIX_FILE."),
    ],
)
def test_usage_mistakes_in_spanish(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str
) -> None:
    code, out, err = _run(capsys, *args)
    assert out == ""
    assert code == 2 and err.startswith(line) and err.count("\n") == 1, err


def test_language_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIORITIZER_LANG", "es_PE.UTF-8")
    code, _, err = _run(capsys, "robustness", "--samples", "many")
    assert code == 2 and "--samples vale 'many'; se esperaba un número entero" in err


def test_json_gets_an_error_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "portfolio", "--budget", "abc", "--json")
    payload = json.loads(out)
    assert code == 2 and payload["status"] == "error"
    assert payload["error"]["message"].startswith("--budget is 'abc'; expected a whole number")
    assert err.startswith("Error: --budget is 'abc'")


def test_commands_and_help_keep_their_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", "criteria", "--json")
    assert code == 0 and json.loads(out)
    code, out, _ = _run(capsys, "--help")
    assert code == 0 and "compare" in out
    code, out, _ = _run(capsys, "--version")
    assert code == 0 and out.startswith("prioritizer ")
    code, _, err = _run(capsys, "show", "projects", "--region", "lima")
    assert code == 2 and "'lima'" in err


def test_python_dash_m_uses_the_same_entry() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "prioritizer", "show", "--regoin", "cusco"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("Error: there is no option --regoin (perhaps --region)")


def test_a_stray_library_warning_is_one_plain_line() -> None:
    """Warnings the kernels do not turn into notes (none is known) reach the user as one line in
    their language, without a library's path; stdout stays JSON; --debug keeps Python's form."""
    script = (
        "import sys, warnings\n"
        "import prioritizer.cli.rank as cli\n"
        "real = cli.load_inputs\n"
        "def noisy(*args, **kwargs):\n"
        "    warnings.warn('overflow encountered in square', RuntimeWarning)\n"
        "    return real(*args, **kwargs)\n"
        "cli.load_inputs = noisy\n"
        "from prioritizer.cli.entry import run\n"
        "sys.exit(run(sys.argv[1:]))\n"
    )

    def go(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", script, "rank", "--region", "puno", "--json", *args],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            env={**os.environ, "PRIORITIZER_LANG": ""},
            check=False,
        )

    plain = go()
    assert plain.returncode == 0 and json.loads(plain.stdout)["region"] == "puno"
    assert plain.stderr == "Warning: overflow encountered in square\n"
    assert go("--lang", "es").stderr == "Aviso: overflow encountered in square\n"
    debug = go("--debug")
    assert debug.stderr == "<string>:5: RuntimeWarning: overflow encountered in square\n"
