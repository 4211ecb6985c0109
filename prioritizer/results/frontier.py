"""The budget/value frontier: the best portfolio at every budget where the answer changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from prioritizer.results.portfolio import PortfolioStatus


@dataclass(frozen=True, slots=True)
class FrontierPoint:
    """The optimum at one budget, and how its set differs from the previous point's."""

    budget_pen: int
    objective: float
    total_cost_pen: int
    selected: tuple[str, ...]
    added: tuple[str, ...]
    removed: tuple[str, ...]
    status: PortfolioStatus

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "budget": self.budget_pen,
            "objective": float(self.objective),
            "total_cost": self.total_cost_pen,
            "selected": list(self.selected),
            "added": list(self.added),
            "removed": list(self.removed),
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Frontier:
    """Optimal value against budget.

    `method` "breakpoints": one point per budget where the optimal value rises (exact);
    "even": evenly spaced budgets. `infeasible_below_pen` is the smallest budget at which any
    portfolio meets the rules; `skipped_budgets_pen` lists budgets left out as infeasible.
    """

    points: tuple[FrontierPoint, ...]
    method: Literal["breakpoints", "even"]
    infeasible_below_pen: int | None
    skipped_budgets_pen: tuple[int, ...]
    solver: str
    diagnostics: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "method": self.method,
            "points": [p.to_dict() for p in self.points],
            "infeasible_below": self.infeasible_below_pen,
            "skipped_budgets": list(self.skipped_budgets_pen),
            "solver": self.solver,
            "diagnostics": list(self.diagnostics),
        }
