"""Frozen run options built by the CLI and passed down; nothing reads global state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from prioritizer.results.problem import Level
from prioritizer.results.ranking import AhpMode, Method, Normalization
from prioritizer.results.weights import Aggregation


class ValueMode(StrEnum):
    """What a portfolio maximises: the projects' scores, or severity-weighted gap coverage."""

    SCORE = "score"
    COVERAGE = "coverage"


DEFAULT_DEADLINE = 60.0
"""Seconds a run may spend on one portfolio and its why-lines before answering with bounds."""


class WeightsFrom(StrEnum):
    """Where `rank --matrix` takes the criteria weights from: the criteria file, or the data."""

    GIVEN = "given"
    ENTROPY = "entropy"
    CRITIC = "critic"
    STD = "std"


class SolverChoice(StrEnum):
    """Integer-programming solver: CBC (bundled with PuLP) or HiGHS (highspy)."""

    CBC = "cbc"
    HIGHS = "highs"


@dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """How to weigh, rank and choose: method, normalisation, aggregation, RI table, portfolio
    value mode and rules, solver, budgets, language."""

    method: Method = Method.TOPSIS
    normalization: Normalization = Normalization.VECTOR
    ahp_mode: AhpMode = AhpMode.DISTRIBUTIVE
    vikor_v: float = 0.5
    """VIKOR's weight of the majority's strategy (0..1)."""
    aggregation: Aggregation = Aggregation.AIJ
    level: Level = Level.MECHANISMS
    random_index: str | None = None
    lang: str = "en"
    value: str = "score"
    require_coverage: bool = False
    max_projects: int | None = None
    diminishing: float = 0.5
    solver: str = "highs"
    time_limit: float | None = None
    deadline: float = DEFAULT_DEADLINE
    """Seconds for each portfolio's why-lines; lines not settled by then carry intervals."""
    samples: int = 2_000
    """Weight scenarios for the robustness summary of `compare` (0: no summary)."""
    seed: int = 0
    frontier_points: int | None = None
    """Budgets on the frontier that `compare` draws: None for every budget where the best
    value changes (exact, as `frontier` gives them), N for N evenly spaced budgets."""
    budgets_pen: tuple[tuple[str, int], ...] = ()
    """Budget overrides by region id; the data set's budget otherwise."""

    def budget_for(self, region_id: str) -> int | None:
        """The budget override for a region, if any."""
        return dict(self.budgets_pen).get(region_id)
