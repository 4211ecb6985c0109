"""Benchmark of prioritizer.core.robustness: SMAA-2, core index and memory (prints a table).

Run from the checkout: ``python benchmarks/bench_robustness.py [--repeats 5]``.

- SMAA: 10,000 uniform weight samples on a random 200 x 5 matrix; the vectorised
  `rank_acceptability` against pymcdm's TOPSIS (vector normalisation) called once per sample,
  with pymcdm's default input validation and with ``validation=False``. The per-sample side
  runs on the first 1,000 samples and is scaled by 10; the acceptability indices of those
  1,000 shared samples are compared exactly.
- Core index: 1,000 group-weight scenarios on the Cusco candidate projects; enumeration of the
  feasible portfolios against one PuLP model (CBC) per scenario, and whether every scenario's
  enumerated optimum has the value the solver proves optimal.
- Memory: 100,000 samples in chunks; tracemalloc's peak against the S x n x m array a naive
  implementation would hold.

Medians of `--repeats` runs, except the per-scenario PuLP side, which runs once (about
12-20 ms per model: 1,000 models take tens of seconds).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import tracemalloc
from dataclasses import replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from pymcdm import normalizations
from pymcdm.methods import TOPSIS

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import median_time
from prioritizer.core.analysis import portfolio_problem, project_scores
from prioritizer.core.portfolio import optimal_selection
from prioritizer.core.rank import topsis_closeness
from prioritizer.core.robustness import (
    DEFAULT_CHUNK,
    core_index,
    feasible_portfolios,
    rank_acceptability,
    sample_weights,
    sampler_spec,
)
from prioritizer.data.load import load_dataset
from prioritizer.options import RunOptions
from prioritizer.results.robustness import Sampler

SAMPLES = 10_000
SHARED = 1_000
ALTERNATIVES, CRITERIA = 200, 5
SCENARIOS = 1_000
BIG = 100_000


def machine() -> list[str]:
    """CPU model, cores, versions and the BLAS core type (if forced)."""
    model, physical = "unknown", "unknown"
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and model == "unknown":
                model = value.strip()
            if key.strip() == "cpu cores" and physical == "unknown":
                physical = value.strip()
    return [
        f"CPU: {model}; logical CPUs: {os.cpu_count()}; cores per socket: {physical}",
        f"Python {platform.python_version()}; numpy {np.__version__}; "
        f"pymcdm {version('pymcdm')}; pulp {version('pulp')}",
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(not set)')}; "
        f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other processes slow every timing)",
    ]


def per_sample_shares(X: np.ndarray, W: np.ndarray, types: np.ndarray, check: bool) -> Any:
    """Rank acceptability from one pymcdm TOPSIS call per weight row (no ties in random data)."""
    body = TOPSIS(normalization_function=normalizations.vector_normalization)
    n = X.shape[0]
    counts = np.zeros((n, n))
    for w in W:
        scores = body(X, w, types) if check else body(X, w, types, validation=False)
        order = np.argsort(-scores)
        counts[order, np.arange(n)] += 1
    return counts / len(W)


def bench_smaa(repeats: int) -> list[tuple[str, str, str, str, str]]:
    rng = np.random.default_rng(2024)
    X = rng.uniform(1.0, 100.0, size=(ALTERNATIVES, CRITERIA))
    types = np.array([1, 1, -1, 1, -1])
    ids = [f"a{i}" for i in range(ALTERNATIVES)]
    criteria = [f"c{j}" for j in range(CRITERIA)]
    W = sample_weights(sampler_spec(Sampler.UNIFORM, SAMPLES, 7, criteria))
    ours, _ = median_time(lambda: rank_acceptability(X, types, ids, criteria, W), repeats)
    shared = rank_acceptability(X, types, ids, criteria, W[:SHARED]).shares
    rows = []
    for label, check in (("default validation", True), ("validation=False", False)):

        def loop(check: bool = check) -> Any:
            return per_sample_shares(X, W[:SHARED], types, check)

        slow, reference = median_time(loop, repeats)
        scaled = slow * SAMPLES / SHARED
        equal = "yes" if np.array_equal(shared, reference) else "NO"
        rows.append(
            (
                f"SMAA {SAMPLES:,} x {ALTERNATIVES} x {CRITERIA} vs pymcdm TOPSIS per sample "
                f"({label}; ran {SHARED:,}, x{SAMPLES // SHARED})",
                f"{ours:.3f}",
                f"{scaled:.3f}",
                f"{scaled / ours:.0f}x",
                f"b equal on {SHARED:,} shared: {equal}",
            )
        )
    return rows


def bench_core(repeats: int) -> list[tuple[str, str, str, str, str]]:
    data = load_dataset()
    scores = project_scores(data, "cusco", RunOptions())
    problem = portfolio_problem(data, "cusco", RunOptions())
    X, types, criteria = scores.problem.matrix, scores.problem.types, scores.problem.criteria
    W = sample_weights(sampler_spec(Sampler.GROUP, SCENARIOS, 42, criteria, scores.weights))
    ours, result = median_time(lambda: core_index(problem, X, types, criteria, W), repeats)
    F = feasible_portfolios(problem)
    assert F is not None
    start = time.perf_counter()
    solved = []
    for w in W:
        values = topsis_closeness(X, w, types)
        found = optimal_selection(replace(problem, values=values), budget_pen=problem.budget_pen)
        solved.append((values, found))
    slow = time.perf_counter() - start
    proven = all(
        found is not None
        and found.status == "optimal"
        and abs(float((F @ values).max()) - found.objective) <= 1e-9 * max(1.0, found.objective)
        for values, found in solved
    )
    return [
        (
            f"Core index {SCENARIOS:,} scenarios, Cusco {problem.size} projects "
            f"({len(F):,} feasible portfolios) vs one PuLP/CBC model per scenario (1 run)",
            f"{ours:.3f}",
            f"{slow:.3f}",
            f"{slow / ours:.0f}x",
            f"all scenarios proven optimal: {'yes' if proven else 'no'}; "
            f"ties: {result.tied_samples}",
        )
    ]


def bench_memory() -> list[tuple[str, str, str, str, str]]:
    rng = np.random.default_rng(11)
    X = rng.uniform(1.0, 100.0, size=(ALTERNATIVES, CRITERIA))
    types = np.ones(CRITERIA, dtype=np.int64)
    ids = [f"a{i}" for i in range(ALTERNATIVES)]
    criteria = [f"c{j}" for j in range(CRITERIA)]
    W = sample_weights(sampler_spec(Sampler.UNIFORM, BIG, 3, criteria))
    chunks: list[int] = []
    last = [0]

    def progress(done: int, total: int) -> None:
        chunks.append(done - last[0])
        last[0] = done

    tracemalloc.start()
    start = time.perf_counter()
    rank_acceptability(X, types, ids, criteria, W, progress=progress)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    naive = BIG * ALTERNATIVES * CRITERIA * 8
    return [
        (
            f"SMAA {BIG:,} samples x {ALTERNATIVES} x {CRITERIA} in chunks of {DEFAULT_CHUNK:,} "
            f"(peak chunk {max(chunks):,}, {len(chunks)} chunks; 1 run)",
            f"{elapsed:.3f}",
            "-",
            "-",
            f"tracemalloc peak {peak / 2**20:.1f} MiB (S x n x m floats: {naive / 2**20:,.0f} MiB)",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs per timing (median)")
    repeats = parser.parse_args().repeats
    for line in machine():
        print(line)
    print(f"Medians of {repeats} runs unless marked; times in seconds.")
    print()
    rows = bench_smaa(repeats) + bench_core(repeats) + bench_memory()
    header = ("task", "ours (s)", "reference (s)", "ratio", "check")
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(5)]
    line = "  ".join(f"{{:<{w}}}" if k in (0, 4) else f"{{:>{w}}}" for k, w in enumerate(widths))
    print(line.format(*header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    print()
    print("Targets: SMAA < 0.3 s and >= 100x per-sample pymcdm; core index < 1 s and >= 10x")
    print("per-scenario PuLP.")


if __name__ == "__main__":
    main()
