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


def test_sigterm_during_a_solve_leaves_no_solver_files(tmp_path: Path) -> None:
    """SIGTERM ends the run as an exit would (143): CBC's model and solution files go with it.
    A strongly correlated knapsack keeps CBC busy (it needs about 45 s to prove it); the
    signal comes during the search; the per-solve time limit lets the orphaned CBC end soon."""
    import random
    import signal
    import time

    rng = random.Random(0)
    candidates = tmp_path / "hard.csv"
    costs = [rng.randint(100_000, 1_000_000) for _ in range(300)]
    candidates.write_text(
        "id,cost,value\n" + "".join(f"p{i},{c},{c + 100_000}\n" for i, c in enumerate(costs))
    )
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(scratch), "PRIORITIZER_LANG": ""}
    program = [sys.executable, "-m", "prioritizer", "portfolio", "--projects", str(candidates)]
    process = subprocess.Popen(
        [*program, "--budget", str(sum(costs) // 2 + 1), "--solver", "cbc", "--time-limit", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(scratch.iterdir()) and time.monotonic() < deadline:  # CBC has started
        time.sleep(0.05)
    assert any(scratch.iterdir()), "the solve never started"
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 143
    assert list(scratch.iterdir()) == []  # the solve's folder went with the program
