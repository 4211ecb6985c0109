"""Benchmark of start-up: `prioritizer --help` against bare `import rich, typer` (prints a table).

Run from the checkout: ``python benchmarks/bench_startup.py [--repeats 15]``.

Each task is a fresh interpreter started from the checkout (so it measures this tree's code,
not an installed copy): the floor ``python -c "import rich, typer"`` (what any typer program
pays), ``python -c "import prioritizer.cli.entry"`` (the import of the program) and
``python -m prioritizer --help``. The tasks take turns, after one untimed warm-up round (byte
code and the disk cache), so a change in the machine's load touches all of them alike. Medians
of `--repeats` rounds; the ratio is against the floor measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine

ROOT = Path(__file__).resolve().parents[1]
TASKS = {
    'python -c "import rich, typer" (floor)': ["-c", "import rich, typer"],
    'python -c "import prioritizer.cli.entry"': ["-c", "import prioritizer.cli.entry"],
    "python -m prioritizer --help": ["-m", "prioritizer", "--help"],
}
TARGET_S = 0.3


def wall_time(args: list[str]) -> float:
    """Wall time of one fresh interpreter running `args` from the checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr.decode()}")
    return elapsed


def medians(repeats: int) -> dict[str, float]:
    """Median wall time of each task over `repeats` interleaved rounds."""
    for args in TASKS.values():
        wall_time(args)
    times: dict[str, list[float]] = {name: [] for name in TASKS}
    for _ in range(repeats):
        for name, args in TASKS.items():
            times[name].append(wall_time(args))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="rounds (median)")
    repeats = parser.parse_args().repeats
    for line in machine("typer", "rich"):
        print(line)
    print(f"Medians of {repeats} rounds; times in seconds.")
    print()
    results = medians(repeats)
    floor = next(iter(results.values()))
    rows = [(name, f"{s:.3f}", f"{s / floor:.1f}x") for name, s in results.items()]
    header = ("task", "median (s)", "vs floor")
    widths = [max(len(row[k]) for row in [header, *rows]) for k in range(3)]
    line = "  ".join(f"{{:<{w}}}" if k == 0 else f"{{:>{w}}}" for k, w in enumerate(widths))
    print(line.format(*header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    print()
    help_s = results["python -m prioritizer --help"]
    verdict = "met" if help_s <= TARGET_S else "MISSED"
    print(f"Target: `prioritizer --help` <= {TARGET_S} s ({verdict}: {help_s:.3f} s).")


if __name__ == "__main__":
    main()
