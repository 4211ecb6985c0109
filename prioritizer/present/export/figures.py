"""What the budget charts and their captions both read from a region: the candidates, the
funded ones' numbers, the efficient candidates, and the frontier point at the budget.

Kept apart from matplotlib so that a caption states exactly what its chart draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from prioritizer.present.export.tables import Payload, display_name, is_infeasible


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate project of a region: its cost there, its value, and its number in the
    funded list (None when it is not funded)."""

    id: str
    name: str
    cost_pen: int
    value: float
    number: int | None


@dataclass(frozen=True, slots=True)
class Step:
    """A budget at which the best portfolio's value changes, with what enters and leaves."""

    budget_pen: int
    value: float
    added: tuple[str, ...]
    removed: tuple[str, ...]


class FrontierAtBudget(NamedTuple):
    """A region's frontier as its chart and caption read it: the steps by budget, the
    current budget, and the index of the step in force there (the last one within it; None
    when the budget is below the first)."""

    steps: tuple[Step, ...]
    budget_pen: int
    now: int | None


def candidates(payload: Payload, region: Payload) -> tuple[Candidate, ...]:
    """Every candidate of a feasible portfolio, funded ones numbered 1.. in funding order."""
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return ()
    numbers = {project: k for k, project in enumerate(portfolio.get("selected", []), start=1)}
    return tuple(
        Candidate(
            id=str(p["id"]),
            name=display_name(payload, p["id"], p.get("name")),
            cost_pen=int(p["cost"]),
            value=float(p["value"]),
            number=numbers.get(p["id"]),
        )
        for p in portfolio.get("projects", [])
    )


def funded_in_order(items: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The funded candidates by their number."""
    return tuple(sorted((c for c in items if c.number is not None), key=lambda c: c.number or 0))


def efficient(items: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """The candidates no other beats on both counts (as cheap or cheaper and at least as
    valuable, one of them strictly), by cost: the efficient frontier of value for money."""
    kept = [
        c
        for c in items
        if not any(
            o.cost_pen <= c.cost_pen
            and o.value >= c.value
            and (o.cost_pen < c.cost_pen or o.value > c.value)
            for o in items
        )
    ]
    return tuple(sorted(kept, key=lambda c: (c.cost_pen, c.value)))


def budget_rate(region: Payload) -> float | None:
    """Value of one more sol of budget (the LP relaxation's price of the budget), when the
    budget binds; None otherwise."""
    portfolio = region["portfolio"]
    if is_infeasible(portfolio):
        return None
    rate = portfolio.get("marginal_value_per_sol")
    return float(rate) if isinstance(rate, int | float) and rate > 0 else None


def steps(region: Payload) -> tuple[Step, ...]:
    """The region's frontier points by budget."""
    points = (region.get("frontier") or {}).get("points", [])
    return tuple(
        sorted(
            (
                Step(
                    budget_pen=int(p["budget"]),
                    value=float(p["objective"]),
                    added=tuple(p.get("added", [])),
                    removed=tuple(p.get("removed", [])),
                )
                for p in points
            ),
            key=lambda s: s.budget_pen,
        )
    )


def frontier_at_budget(region: Payload) -> FrontierAtBudget:
    """The region's frontier points by budget, its budget, and the step in force there."""
    items = steps(region)
    budget_pen = int(region["budget"])
    within = [i for i, step in enumerate(items) if step.budget_pen <= budget_pen]
    return FrontierAtBudget(items, budget_pen, within[-1] if within else None)
