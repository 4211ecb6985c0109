"""Portfolios beside the best one: the k best and those within x % of the optimum, and the best
portfolio of each stakeholder group under its own weights.

Data only: ids, numbers and codes; the sentences are put together where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from prioritizer.results.portfolio import PortfolioStatus

SearchEnd = Literal["count", "all", "limit", "deadline"]
"""Why a search for alternatives ended: the `count` asked for was found; `all` the portfolios
asked for are listed (every one within the threshold, or every feasible one when there are
fewer than the count); `limit` more lie within the threshold than the list may hold;
`deadline` the run's deadline came first (the list may be incomplete)."""


def _share(part: float, whole: float) -> float | None:
    return None if whole <= 0 else part / whole


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparedPortfolio:
    """A portfolio set beside a reference one: its projects, value, cost and solver status,
    and the projects it `adds` to the reference and `drops` from it (keyword-only fields)."""

    selected: tuple[str, ...]
    objective: float
    total_cost_pen: int
    status: PortfolioStatus
    adds: tuple[str, ...]
    drops: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alternative(ComparedPortfolio):
    """One portfolio of a ranked list, and how it differs from the best (rank 1).

    `adds` are projects it funds that the best does not, `drops` projects of the best it does
    not fund. `value_gap` is the best objective minus this one (never negative);
    `cost_difference_pen` this portfolio's cost minus the best's. `status` is "optimal" when it
    is proven the `rank`-th best, "best_found" when a time limit stopped a search before it.
    """

    rank: int
    budget_pen: int
    value_gap: float
    cost_difference_pen: int
    best_objective: float
    by_group: tuple[tuple[str, float | None], ...] = ()
    """Per stakeholder group (when asked for): this portfolio valued with the group's own
    weights, as a share of the group's own best (None when that best is worth 0)."""

    @property
    def leftover_pen(self) -> int:
        """Budget not spent."""
        return self.budget_pen - self.total_cost_pen

    @property
    def value_gap_share(self) -> float | None:
        """The value gap as a share of the best objective (None when the best is worth 0)."""
        return _share(self.value_gap, self.best_objective)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (`selected`, `objective` and `total_cost` are the interface)."""
        share = self.value_gap_share
        return {
            "rank": self.rank,
            "selected": list(self.selected),
            "objective": float(self.objective),
            "total_cost": self.total_cost_pen,
            "budget": self.budget_pen,
            "leftover": self.leftover_pen,
            "status": self.status,
            "differs_from_best": {"adds": list(self.adds), "drops": list(self.drops)},
            "value_gap": float(self.value_gap),
            "value_gap_pct": None if share is None else 100.0 * share,
            "cost_difference": self.cost_difference_pen,
        } | ({"by_group": dict(self.by_group)} if self.by_group else {})


@dataclass(frozen=True, slots=True)
class Alternatives:
    """Distinct portfolios (distinct sets of projects) meeting every rule within the budget,
    best first; among ties in value the portfolio chosen as the best comes first, then the
    others cheapest first.

    `count` is the number asked for (None: as many as lie within `within_pct` % of the best,
    up to `limit`); `threshold` the least objective `within_pct` admits. `ids` is the order of
    the candidates, used to list projects. `end` says why the search ended (`SearchEnd`).
    """

    alternatives: tuple[Alternative, ...]
    ids: tuple[str, ...]
    count: int | None
    within_pct: float | None
    threshold: float | None
    limit: int
    end: SearchEnd
    solver: str
    deadline_seconds: float | None = None
    diagnostics: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether the list holds every portfolio asked for (the count, or all within x %)."""
        return self.end in ("count", "all")

    @property
    def differing(self) -> tuple[str, ...]:
        """Projects funded by some of the alternatives but not all, in candidate order."""
        sets = [set(a.selected) for a in self.alternatives]
        some = set().union(*sets) if sets else set()
        every = set.intersection(*sets) if sets else set()
        return tuple(p for p in self.ids if p in some and p not in every)

    @property
    def common(self) -> tuple[str, ...]:
        """Projects every alternative funds, in candidate order."""
        sets = [set(a.selected) for a in self.alternatives]
        every = set.intersection(*sets) if sets else set()
        return tuple(p for p in self.ids if p in every)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: `alternatives` (the list) and `alternatives_search` (how it was
        searched and why it ended), to merge into a portfolio's document."""
        return {
            "alternatives": [a.to_dict() for a in self.alternatives],
            "alternatives_search": {
                "count": self.count,
                "within_pct": self.within_pct,
                "threshold": self.threshold,
                "limit": self.limit,
                "found": len(self.alternatives),
                "end": self.end,
                "complete": self.complete,
                "common": list(self.common),
                "differing": list(self.differing),
                "solver": self.solver,
                "deadline": self.deadline_seconds,
                "diagnostics": list(self.diagnostics),
            },
        }


@dataclass(frozen=True, slots=True)
class GroupPortfolio(ComparedPortfolio):
    """The best portfolio under one stakeholder group's own weights, beside the common one.

    `weights` are the group's aggregated weights over `GroupPerspectives.criteria`, `values`
    the projects' values under them (in `GroupPerspectives.ids` order); `objective` is the
    portfolio's value under those weights. `adds` / `drops` compare it with
    the portfolio of all stakeholders. `value_under_common` is this portfolio valued with
    everyone's weights, `common_under_own` the common portfolio valued with this group's.
    """

    group: str
    stakeholders: tuple[str, ...]
    weights: tuple[float, ...]
    values: tuple[float, ...]
    solver: str
    value_under_common: float
    common_under_own: float
    common_objective: float

    @property
    def share_of_common(self) -> float | None:
        """What this portfolio keeps of the common optimum, valued with everyone's weights."""
        return _share(self.value_under_common, self.common_objective)

    @property
    def common_share_of_own(self) -> float | None:
        """What the common portfolio gives this group of its own optimum, by its weights."""
        return _share(self.common_under_own, self.objective)

    @property
    def agrees(self) -> bool:
        """Whether the group would fund exactly the common portfolio."""
        return not self.adds and not self.drops

    def to_dict(self, criteria: tuple[str, ...], ids: tuple[str, ...]) -> dict[str, Any]:
        """JSON-ready form (weights by criterion id, values by project id)."""
        return {
            "group": self.group,
            "stakeholders": list(self.stakeholders),
            "weights": dict(zip(criteria, map(float, self.weights), strict=True)),
            "values": dict(zip(ids, map(float, self.values), strict=True)),
            "selected": list(self.selected),
            "objective": float(self.objective),
            "total_cost": self.total_cost_pen,
            "status": self.status,
            "solver": self.solver,
            "adds": list(self.adds),
            "drops": list(self.drops),
            "agrees": self.agrees,
            "value_under_common": float(self.value_under_common),
            "share_of_common": self.share_of_common,
            "common_under_own": float(self.common_under_own),
            "common_share_of_own": self.common_share_of_own,
        }


@dataclass(frozen=True, slots=True)
class GroupPerspectives:
    """Whose portfolio is this: the portfolio of all stakeholders and, per stakeholder group,
    the best portfolio under that group's own weights (same budget, rules and method).

    `ids` is the order of the candidates, used to list projects.
    """

    region: str
    method: str
    budget_pen: int
    criteria: tuple[str, ...]
    ids: tuple[str, ...]
    common_weights: tuple[float, ...]
    common_selected: tuple[str, ...]
    common_objective: float
    common_total_cost_pen: int
    groups: tuple[GroupPortfolio, ...]

    @property
    def consensus(self) -> tuple[str, ...]:
        """Projects in the common portfolio and in every group's, in candidate order."""
        every = set(self.common_selected).intersection(*(set(g.selected) for g in self.groups))
        return tuple(p for p in self.ids if p in every)

    @property
    def contested(self) -> tuple[str, ...]:
        """Projects some of these portfolios fund and others do not, in candidate order."""
        sets = [set(self.common_selected), *(set(g.selected) for g in self.groups)]
        some = set().union(*sets)
        return tuple(p for p in self.ids if p in some and p not in self.consensus)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, under the key `by_group` of a portfolio's document."""
        return {
            "region": self.region,
            "method": self.method,
            "budget": self.budget_pen,
            "criteria": list(self.criteria),
            "common": {
                "weights": dict(zip(self.criteria, map(float, self.common_weights), strict=True)),
                "selected": list(self.common_selected),
                "objective": float(self.common_objective),
                "total_cost": self.common_total_cost_pen,
            },
            "groups": [g.to_dict(self.criteria, self.ids) for g in self.groups],
            "consensus": list(self.consensus),
            "contested": list(self.contested),
        }
