"""Benchmark of the rank-reversal check at scale: its cost as a ratio of the ranking it checks.

Run from the checkout: ``python benchmarks/bench_rank_scale.py [--repeats 5] [--sizes 100 300]``.

For n = 100, 300, 1,000 and 3,000 alternatives x 5 criteria (uniform on [1, 100], seeded) and
every method and variant, in the same process: the median time of `rank_alternatives` alone,
of `rank_reversal_check` (which ranks the full problem once itself) and of the check alone
(given that ranking, as `rank` and `compare` call it), and their ratios to the ranking. For
n <= 300 the check as first written (tests/reversal_reference.py: one validated re-ranking per
removal and an all-pairs loop) runs once, its result is compared with the fast check's, and
the speed-up is printed. Ratios travel between machines better than seconds do; other
processes slow every timing, so compare rows of one run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine, median_time
from prioritizer.core.rank import rank_alternatives, rank_reversal_check
from tests.reversal_reference import reference_reversals

CRITERIA = 5
SIZES = (100, 300, 1_000, 3_000)
OLD_LOOP_UP_TO = 300
VARIANTS: tuple[tuple[str, dict[str, str]], ...] = (
    ("TOPSIS vector", {"method": "topsis", "normalization": "vector"}),
    ("TOPSIS min-max", {"method": "topsis", "normalization": "minmax"}),
    ("AHP distributive", {"method": "ahp", "ahp_mode": "distributive"}),
    ("AHP ideal", {"method": "ahp", "ahp_mode": "ideal"}),
    ("VIKOR", {"method": "vikor"}),
    ("PROMETHEE II", {"method": "promethee"}),
    ("SPOTIS", {"method": "spotis"}),
)


def problem(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str], list[str]]:
    """A seeded n x 5 matrix: three benefit and two cost criteria, unequal weights."""
    rng = np.random.default_rng(n)
    X = rng.uniform(1.0, 100.0, size=(n, CRITERIA))
    weights = np.array([0.3, 0.2, 0.2, 0.15, 0.15])
    types = np.array([1, 1, -1, 1, -1])
    return X, weights, types, [f"a{i}" for i in range(n)], [f"c{j}" for j in range(CRITERIA)]


def bench(n: int, repeats: int) -> list[tuple[str, ...]]:
    given = problem(n)
    rows = []
    for label, options in VARIANTS:
        ranking, _ = median_time(
            lambda options=options: rank_alternatives(*given, **options), repeats
        )
        check, found = median_time(
            lambda options=options: rank_reversal_check(*given, **options), repeats
        )
        full = rank_alternatives(*given, **options)
        alone, _ = median_time(
            lambda options=options, full=full: rank_reversal_check(*given, ranking=full, **options),
            repeats,
        )
        pairs = sum(len(r.reversed_pairs) for r in found)
        old, speedup, same = "-", "-", "-"
        if n <= OLD_LOOP_UP_TO:
            slow, expected = median_time(
                lambda options=options: reference_reversals(*given, **options), 1
            )
            old, speedup = f"{slow * 1e3:,.0f}", f"{slow / check:,.0f}x"
            same = "yes" if expected == found else "NO"
        rows.append(
            (
                f"{n:,}",
                label,
                f"{ranking * 1e3:,.1f}",
                f"{check * 1e3:,.1f}",
                f"{check / ranking:,.1f}",
                f"{alone * 1e3:,.1f}",
                f"{alone / ranking:,.1f}",
                f"{len(found):,}",
                f"{pairs:,}",
                old,
                speedup,
                same,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    for line in machine("numpy", "pymcdm"):
        print(line)
    print(
        f"Median of {args.repeats} runs (the old loop: 1 run); times in ms; "
        "check = rank_reversal_check, which includes one ranking of the full problem; "
        "check alone = given that ranking (ranking=)."
    )
    header = (
        "n",
        "method",
        "rank",
        "check",
        "check/rank",
        "check alone",
        "alone/rank",
        "removals",
        "pairs",
        "old loop",
        "old/check",
        "same",
    )
    rows = [row for n in args.sizes for row in bench(n, args.repeats)]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    for row in (header, *rows):
        print("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
