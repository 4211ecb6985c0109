"""Incomplete pairwise matrices: how the random index falls with the pairs missing, against the
straight line `incomplete_random_index` uses, and how long `complete()` takes.

The simulation follows the recipe of Ágoston & Csató (2022) as their abstract states it: random
matrices with entries drawn uniformly from Saaty's 17 values (1/9 ... 9), m pairs removed at
random (patterns that leave a criterion unlinked are drawn again), the missing pairs filled by
the λmax-optimal completion, and RI(n, m) the mean CI. Printed beside it: RI(n, 0) · (1 − m/m_max).

    python benchmarks/bench_incomplete.py [--samples 400] [--seed 1] [--sizes 4 5 6 7]
"""

from __future__ import annotations

import argparse
import math

import numpy as np

from benchmarks.common import machine, median_time
from prioritizer.core.weigh import consistency_index
from prioritizer.core.weigh.incomplete import complete, connected_groups, optimal_completion

SAATY_VALUES = np.array([1 / v for v in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
SAATY_RI = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}


def random_matrix(n: int, missing: int, rng: np.random.Generator) -> np.ndarray:
    """A random reciprocal matrix on Saaty's scale with `missing` pairs removed, still linked."""
    rows, columns = np.triu_indices(n, k=1)
    while True:
        a = np.ones((n, n))
        values = rng.choice(SAATY_VALUES, size=rows.size)
        a[rows, columns], a[columns, rows] = values, 1 / values
        gone = rng.choice(rows.size, size=missing, replace=False)
        a[rows[gone], columns[gone]] = a[columns[gone], rows[gone]] = math.nan
        if len(connected_groups(~np.isnan(a))) == 1:
            return a


def simulated_index(n: int, missing: int, samples: int, rng: np.random.Generator) -> float:
    """Mean CI of the optimal completion of `samples` random matrices."""
    total = 0.0
    for _ in range(samples):
        completed = optimal_completion(random_matrix(n, missing, rng))
        lambda_max = float(np.max(np.linalg.eigvals(completed).real))
        total += consistency_index(lambda_max, n)
    return total / samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 5, 6, 7])
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    for line in machine("numpy", "scipy"):
        print(line)
    print(f"samples per cell: {args.samples}; seed {args.seed}")
    print("\nn  m   RI(n,m) simulated   RI(n,0)·(1−m/m_max)   simulated / RI(n,0)   1 − m/m_max")
    for n in args.sizes:
        most = (n - 1) * (n - 2) // 2
        full = simulated_index(n, 0, args.samples, rng)
        for m in range(most + 1):
            value = full if m == 0 else simulated_index(n, m, args.samples, rng)
            line = full * (1 - m / most)
            print(
                f"{n}  {m:<3} {value:>8.4f}            {line:>8.4f}"
                f"              {value / full:>6.3f}               {1 - m / most:>6.3f}"
            )
    print("\nmedian time of complete() on one random matrix with half its pairs missing (s)")
    for n in (4, 6, 8, 10):
        a = random_matrix(n, (n - 1) * (n - 2) // 4, rng)
        ids = [f"c{k}" for k in range(n)]
        seconds, _ = median_time(lambda a=a, ids=ids: complete(a, ids, random_index=SAATY_RI), 7)
        print(f"n = {n:>2}: {seconds:.4f}")


if __name__ == "__main__":
    main()
