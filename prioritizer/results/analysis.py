"""What differs between two regions, and why (the `compare` view's vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from prioritizer.errors import InfeasiblePortfolio
from prioritizer.results.frontier import Frontier
from prioritizer.results.portfolio import Portfolio
from prioritizer.results.portfolio_problem import PortfolioProblem
from prioritizer.results.problem import DecisionProblem
from prioritizer.results.ranking import Ranking, RankReversal
from prioritizer.results.records import attributes
from prioritizer.results.robustness import RobustnessReport
from prioritizer.results.weights import WeightSet


@dataclass(frozen=True, slots=True)
class Difference:
    """One difference between the regions with the reason in data form.

    `kind` is `severity` (a gap rated differently), `rank_shift` (a mechanism ranked
    differently) or `chosen_in_one` (a project funded in one region's plan only).
    `reason` names a UI string and its values, so the sentence can be given in either language.
    """

    kind: str
    subject: str
    values: dict[str, Any]
    reason: str
    reason_values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "subject": self.subject,
            **self.values,
            "reason": {"key": self.reason, **self.reason_values},
        }


@dataclass(frozen=True, slots=True)
class JointPlan:
    """Both regions planned as one problem, against each region planning on its own.

    `separate_*` is the regions' own plans made consistent: a shared project goes ahead only
    where both regions chose it, and each region re-optimises the rest of its budget.
    `stranded_pen` is what the regions' own plans put into shared projects that the other
    region did not fund (money planning apart would have tied up for nothing).
    """

    objective: float
    separate_objective: float
    selected: dict[str, tuple[str, ...]]
    separate_selected: dict[str, tuple[str, ...]]
    spend_pen: dict[str, int]
    separate_spend_pen: dict[str, int]
    stranded_pen: int
    shared_funded: tuple[str, ...]
    value: dict[str, float]
    """Each region's share of `objective` (the value of its part of the joint plan)."""
    separate_value: dict[str, float]
    """Each region's share of `separate_objective`."""

    @property
    def gain_value(self) -> float:
        """How much more value joint planning reaches (never negative)."""
        return self.objective - self.separate_objective

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            **attributes(self, "objective", "separate_objective", "gain_value"),
            "gain_pen": self.stranded_pen,
            "selected": {k: list(v) for k, v in self.selected.items()},
            "separate_selected": {k: list(v) for k, v in self.separate_selected.items()},
            "spend": dict(self.spend_pen),
            "separate_spend": dict(self.separate_spend_pen),
            "shared_funded": list(self.shared_funded),
            "value": dict(self.value),
            "separate_value": dict(self.separate_value),
        }


@dataclass(frozen=True, slots=True, eq=False)
class RegionAnalysis:
    """Everything `compare` says about one region."""

    region: str
    budget_pen: int
    weights: WeightSet
    """Group weights over every criterion (the stakeholders' view, cost included)."""
    mechanisms: Ranking
    mechanism_problem: DecisionProblem
    mechanism_weights: WeightSet
    projects: Ranking
    """Projects scored on the elements only (cost is the budget constraint)."""
    mechanism_reversals: tuple[RankReversal, ...]
    """Rank reversals of the mechanism ranking (pairs that flip when one is removed)."""
    project_reversals: tuple[RankReversal, ...]
    """Rank reversals of the project scores the portfolio's values come from."""
    portfolio: Portfolio | None
    infeasible: InfeasiblePortfolio | None
    frontier: Frontier | None
    uncovered: tuple[str, ...]
    shared: tuple[str, ...]
    """Interregional projects that are candidates here."""
    portfolio_problem: PortfolioProblem
    """The integer program the portfolio was chosen from (reused by joint planning)."""
    robustness: RobustnessReport | None = None


@dataclass(frozen=True, slots=True, eq=False)
class RegionComparison:
    """Two (or more) regions analysed alike, what differs between them, and joint planning."""

    regions: tuple[RegionAnalysis, ...]
    differences: tuple[Difference, ...]
    joint: JointPlan | None

    def region(self, region_id: str) -> RegionAnalysis:
        """One region's analysis."""
        return next(item for item in self.regions if item.region == region_id)
