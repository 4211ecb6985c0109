"""Portfolio results: the portfolio with a reason per project, binding rules, infeasibility causes.

Data only: the sentences that explain reasons live in `present.explain.portfolio`, those that
explain infeasibility in `errors.portfolio`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from prioritizer.results.portfolio_problem import Rule, ValueMode
from prioritizer.results.records import attributes

PortfolioStatus = Literal["optimal", "best_found"]
ReasonKind = Literal[
    "in_mandatory",
    "in_required",
    "in_rule",
    "in_value",
    "out_excluded",
    "out_requires",
    "out_max_projects",
    "out_budget",
    "out_no_value",
]
CauseKind = Literal[
    "mandatory_over_budget",
    "mandatory_closure_over_budget",
    "mandatory_conflict",
    "requires_excluded",
    "max_projects_mandatory",
    "group_too_few",
    "group_minimum_budget",
    "group_minimum_unreachable",
    "group_share_unreachable",
    "group_share_budget",
    "shares_over_budget",
    "gap_uncoverable",
    "coverage_budget",
    "coverage_unreachable",
    "budget_shortfall",
    "rules_conflict",
]


@dataclass(frozen=True, slots=True)
class ProjectReason:
    """Why one project is in or out, as a kind code plus the numbers behind it.

    `contribution` is what the project adds to the chosen portfolio's value (in: value minus
    the value without it; out: the value with it added, rules aside, minus the value).
    `flip_loss` is the re-optimised loss: the optimum minus the best portfolio that leaves it
    out (in) or takes it (out); None when no portfolio meeting the rules does that.
    `flip_adds` / `flip_drops` say how that best alternative differs from the chosen set.
    `related` names the projects behind the rule (excluders, missing prerequisites, requirers)
    and `rules` the rules involved (in_rule, out_max_projects). `extra_budget_pen` (out) is the
    budget increase needed to add it, with its missing prerequisites, without dropping
    anything, given the portfolio's `leftover_pen`. `flip_checked` is False when the re-solve
    was skipped (mandatory projects). `loss_bounds` (low, high or None) is set instead of
    `flip_loss` when the deadline came before the loss was settled: a proven interval.
    """

    id: str
    name: str
    selected: bool
    kind: ReasonKind
    value: float
    cost_pen: int
    contribution: float
    flip_loss: float | None
    flip_adds: tuple[str, ...] = ()
    flip_drops: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    package_cost_pen: int | None = None
    extra_budget_pen: int | None = None
    leftover_pen: int = 0
    flip_checked: bool = True
    loss_bounds: tuple[float, float | None] | None = None

    @property
    def value_per_pen(self) -> float | None:
        """Standalone value per sol; None for a project that costs nothing."""
        return None if self.cost_pen == 0 else self.value / self.cost_pen

    @property
    def frees_pen(self) -> int:
        """Budget freed by dropping it (its cost) when selected; 0 when out."""
        return self.cost_pen if self.selected else 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (numbers; the sentence is added by `Portfolio.to_dict`)."""
        return {
            **attributes(self, "id", "name", "selected"),
            "reason_kind": self.kind,
            "value": self.value,
            "cost": self.cost_pen,
            "value_per_sol": self.value_per_pen,
            "contribution": self.contribution,
            "frees": self.frees_pen,
            "reoptimised_loss": self.flip_loss,
            "loss_bounds": None if self.loss_bounds is None else list(self.loss_bounds),
            "alternative_adds": list(self.flip_adds),
            "alternative_drops": list(self.flip_drops),
            "related": list(self.related),
            "rules": [r.code for r in self.rules],
            "package_cost": self.package_cost_pen,
            "extra_budget_needed": self.extra_budget_pen,
        }


@dataclass(frozen=True, slots=True)
class BindingConstraint:
    """A rule that limits the chosen portfolio, with its slack (soles or a count)."""

    rule: Rule
    slack: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rule": self.rule.code, "kind": self.rule.kind, "slack": self.slack}


@dataclass(frozen=True, slots=True)
class Portfolio:
    """The chosen projects, why each project is in or out, and what limits the choice.

    `status` is "optimal" only for a proven optimum; "best_found" (a time limit stopped the
    search) comes with `gap`, the relative distance to the LP-relaxation bound (an upper bound
    on the true gap), or None when that bound is unknown (the time limit stopped the LP too).
    `marginal_value_per_pen` is the LP relaxation's budget dual: an approximation of what one
    more sol is worth, not an integer-programming result; `lp_relaxation` the relaxation's value
    (an upper bound on any portfolio; None when not proven).
    """

    status: PortfolioStatus
    objective: float
    selected: tuple[str, ...]
    total_cost_pen: int
    budget_pen: int
    reasons: tuple[ProjectReason, ...]
    binding: tuple[BindingConstraint, ...]
    marginal_value_per_pen: float | None
    solver: str
    gap: float | None
    value_mode: ValueMode
    diagnostics: tuple[str, ...] = ()
    lp_relaxation: float | None = None

    @property
    def leftover_pen(self) -> int:
        """Budget not spent."""
        return self.budget_pen - self.total_cost_pen

    @property
    def marginal_value_per_10k(self) -> float | None:
        """The approximate marginal value of S/ 10,000 more budget."""
        m = self.marginal_value_per_pen
        return None if m is None else 10_000.0 * m

    def reason(self, project: str) -> ProjectReason:
        """The reason for one project id."""
        for r in self.reasons:
            if r.id == project:
                return r
        raise KeyError(project)

    def to_dict(self, *, describe: Callable[[ProjectReason], str]) -> dict[str, Any]:
        """JSON-ready form: the CLI contract keys plus every number behind the reasons.

        `describe` turns a reason into the sentence stored under "reason" (presentation's
        `describe_reason` in the reader's language).
        """
        text = describe
        return {
            "status": self.status,
            "objective": float(self.objective),
            "selected": list(self.selected),
            "total_cost": self.total_cost_pen,
            "budget": self.budget_pen,
            "leftover": self.leftover_pen,
            "binding": [b.to_dict() for b in self.binding],
            "marginal_value_per_sol": self.marginal_value_per_pen,
            "marginal_value_per_10000": self.marginal_value_per_10k,
            "marginal_value_note": "approximate: LP relaxation dual of the budget constraint",
            "lp_relaxation": self.lp_relaxation,
            "solver": self.solver,
            "gap": self.gap,
            "value_mode": self.value_mode,
            "diagnostics": list(self.diagnostics),
            "projects": [{**r.to_dict(), "reason": text(r)} for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class Selection:
    """A solver's selection without explanations (what the frontier sweep collects).

    `budget_pen` is the budget it was solved at (None: no budget, e.g. a cheapest selection).
    """

    selected: tuple[str, ...]
    objective: float
    total_cost_pen: int
    budget_pen: int | None
    status: PortfolioStatus


@dataclass(frozen=True, slots=True)
class InfeasibilityCause:
    """One reason no portfolio fits, with the soles, counts and projects involved.

    `chains` are requirement chains as ids (a mandatory project first, each needing the next);
    `required` is the minimum count or share a rule asks for and `required_pen` the soles a
    share means; `count` is how many candidates or mandatory projects there are;
    `labels` maps every id mentioned to its display name.
    """

    kind: CauseKind
    projects: tuple[str, ...] = ()
    chains: tuple[tuple[str, ...], ...] = ()
    group: str | None = None
    gap: str | None = None
    cost_pen: int | None = None
    budget_pen: int | None = None
    shortfall_pen: int | None = None
    required: float | None = None
    required_pen: int | None = None
    count: int | None = None
    rules: tuple[Rule, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "projects": list(self.projects),
            "chains": [list(c) for c in self.chains],
            "group": self.group,
            "gap": self.gap,
            "cost": self.cost_pen,
            "budget": self.budget_pen,
            "shortfall": self.shortfall_pen,
            "required": self.required,
            "required_amount": self.required_pen,
            "count": self.count,
            "rules": [r.code for r in self.rules],
        }
