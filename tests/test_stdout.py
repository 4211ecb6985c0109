"""Standard output that cannot be written: a closed one or a full disk is one line and exit 74;
a reader that stops early (`| head`) ends the run quietly with exit 141; nothing is said to be
an internal error. Run as real processes: the shell does the redirections."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shell(command: str) -> subprocess.CompletedProcess[str]:
    program = f"{sys.executable} -m prioritizer"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRIORITIZER_LANG": ""}
    return subprocess.run(
        ["bash", "-c", command.replace("PROGRAM", program)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("redirect", "line"),
    [
        (">&-", "Error: standard output is closed; nothing could be written\n"),
        ("> /dev/full", "Error: standard output cannot be written: No space left on device\n"),
    ],
)
@pytest.mark.parametrize("json", [False, True])
def test_unwritable_stdout_is_one_line_and_exit_74(redirect: str, line: str, json: bool) -> None:
    flag = " --json" if json else ""
    done = shell(f"PROGRAM portfolio --region cusco{flag} {redirect}")
    assert done.returncode == 74, done.stderr
    assert done.stderr == line


def test_unwritable_stdout_in_spanish() -> None:
    done = shell("PROGRAM portfolio --region cusco --lang es > /dev/full")
    assert done.returncode == 74
    assert done.stderr == (
        "Error: no se puede escribir en la salida estándar: No space left on device\n"
    )


@pytest.mark.parametrize("json", [False, True])
def test_a_reader_that_stops_early_ends_the_run_quietly(json: bool) -> None:
    """The reader (`true`) is gone long before the program writes: every write meets a
    closed pipe, whatever the size of the output (with `head` a short output could fit in the
    pipe's buffer first)."""
    flag = " --json" if json else ""
    done = shell(f'PROGRAM rank --region cusco{flag} | true; echo "${{PIPESTATUS[0]}}"')
    assert done.stdout.strip() == "141"
    assert done.stderr == ""
