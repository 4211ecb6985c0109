"""Structured random portfolio problems for the scale benchmarks: groups, requires, excludes.

A call for proposals as a planner meets it: costs from S/ 20,000 to S/ 400,000 in thousands,
scores 0.2-0.9 loosely tied to cost, four value chains (groups) each with a minimum count,
about one project in six a phase 2 needing a phase 1, one in ten paired with a variant it
excludes, and a budget of about a third of the total cost.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prioritizer.results.portfolio_problem import PortfolioProblem

GROUPS = ("coffee", "camelid", "cross-cutting", "governance")


def structured_problem(n: int, *, seed: int = 0, budget_share: float = 1 / 3) -> PortfolioProblem:
    """A seeded random problem with `n` candidates, groups, requires and excludes."""
    rng = np.random.default_rng(seed)
    costs = rng.integers(20, 401, size=n) * 1_000
    values = np.clip(0.2 + 0.5 * (costs / 400_000) + rng.normal(0, 0.12, n), 0.05, 0.95)
    groups = [GROUPS[i % len(GROUPS)] for i in rng.permutation(n)]
    ids = [f"P{i:04d}" for i in range(n)]
    order = rng.permutation(n)
    requires: list[tuple[str, str]] = []
    excludes: list[tuple[str, str]] = []
    used: set[int] = set()
    for k in range(0, n - 1, 2):
        a, b = int(order[k]), int(order[k + 1])
        draw = rng.random()
        if draw < 1 / 3:  # about one project in six needs another
            requires.append((ids[a], ids[b]))
        elif draw < 1 / 3 + 1 / 5:  # about one in ten is a variant of another
            excludes.append((ids[a], ids[b]))
        used.update((a, b))
    budget = int(costs.sum() * budget_share) // 1_000 * 1_000
    return PortfolioProblem.build(
        ids=ids,
        costs_pen=[int(c) for c in costs],
        values=[round(float(v), 4) for v in values],
        budget_pen=budget,
        groups=groups,
        requires=requires,
        excludes=excludes,
        min_per_group={g: max(1, n // 40) for g in GROUPS},
    )
