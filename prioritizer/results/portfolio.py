"""Portfolio types: the problem (input), the portfolio with a reason per project, the frontier.

`PortfolioProblem` validates itself on construction, so the optimiser never sees unknown ids,
self-requirements, negative costs or NaN values. Money is `int` soles throughout: a portfolio
costing exactly the budget is feasible and one costing a sol more is not.

The sentences that explain reasons and infeasibility are assembled here from the locale files,
with the number formats passed in (English by default, for `to_dict()`). The formats of soles,
numbers and shares per language are defined here, free of rich, so an exception can explain
itself in the user's language; `render.common` re-exports them for the renderers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt

from prioritizer.errors import InfeasiblePortfolio, InvalidMatrix
from prioritizer.i18n import Language, t
from prioritizer.phrases import ENGLISH, Phrase, phrase, show
from prioritizer.present.formats import format_number, format_pen, format_share

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
ValueMode = Literal["score", "coverage"]
PortfolioStatus = Literal["optimal", "best_found"]
RuleKind = Literal[
    "budget",
    "requires",
    "excludes",
    "mandatory",
    "min_per_group",
    "min_share_per_group",
    "max_projects",
    "require_coverage",
]
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
Formatter = Callable[[float], str]

_VALUE_MODES = ("score", "coverage")


def required_share_pen(share: float, budget_pen: int) -> int:
    """Soles a group must receive for `share` of `budget_pen`: ceil(share x budget), exactly.

    The share is read as the decimal it prints as (0.3 is 3/10, not the binary float just
    above it), so 30% of S/ 1,000,000 is S/ 300,000 and not S/ 300,001.
    """
    return math.ceil(Fraction(repr(float(share))) * budget_pen)


@dataclass(frozen=True, slots=True)
class Rule:
    """One requirement of a portfolio problem, in the planner's terms.

    `projects` holds ids: (a, b) for requires (a needs b) and excludes, (a,) for mandatory.
    `amount` is the count for min_per_group / max_projects, the share for
    min_share_per_group and the soles for budget.
    """

    kind: RuleKind
    projects: tuple[str, ...] = ()
    group: str | None = None
    gap: str | None = None
    amount: float | None = None

    @property
    def code(self) -> str:
        """A short stable identifier, e.g. ``requires:a>b`` or ``min_per_group:coffee>=1``."""
        if self.kind == "requires":
            return f"requires:{self.projects[0]}>{self.projects[1]}"
        if self.kind == "excludes":
            return f"excludes:{self.projects[0]}|{self.projects[1]}"
        if self.kind == "mandatory":
            return f"mandatory:{self.projects[0]}"
        if self.kind == "min_per_group":
            return f"min_per_group:{self.group}>={_amount(self.amount)}"
        if self.kind == "min_share_per_group":
            return f"min_share_per_group:{self.group}>={_amount(self.amount)}"
        if self.kind == "max_projects":
            return f"max_projects<={_amount(self.amount)}"
        if self.kind == "require_coverage":
            return f"require_coverage:{self.gap}"
        return f"budget<={_amount(self.amount)}"

    def text(
        self,
        *,
        lang: Language | str = Language.EN,
        names: Mapping[str, str] | None = None,
        pen: Formatter = format_pen,
        share: Formatter = format_share,
    ) -> str:
        """The rule as a phrase ("A requires B", "at least 1 projects in group coffee")."""
        label = _labeller(names)
        a = label(self.projects[0]) if self.projects else ""
        b = label(self.projects[1]) if len(self.projects) > 1 else ""
        amount = 0.0 if self.amount is None else float(self.amount)
        return t(
            f"portfolio.rule.{self.kind}",
            lang,
            a=a,
            b=b,
            group=self.group or "",
            gap=self.gap or "",
            count=_amount(self.amount),
            share=share(amount),
            amount=pen(amount),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "kind": self.kind,
            "code": self.code,
            "projects": list(self.projects),
            "group": self.group,
            "gap": self.gap,
            "amount": self.amount,
        }


@dataclass(frozen=True, slots=True, eq=False)
class PortfolioProblem:
    """Candidate projects, their costs and values, the budget and the rules a portfolio must meet.

    Symbols used by the optimiser: x_p (project p chosen), c_p = `costs_pen`, v_p = `values`,
    B = `budget_pen`, a_pg = `incidence` (project p addresses gap g), s_g = `severity`,
    delta = `diminishing` (the k-th cover of a gap is worth s_g * delta**(k-1)).

    `values` are the projects' scores (value_mode "score"); in "coverage" mode the value of a
    portfolio is the severity-weighted coverage of `gaps` and `values` may be zeros.
    `min_share_per_group[g]` is the minimum share of the *budget* spent on group g.
    `require_coverage` gaps must be addressed at least once (in either mode).
    Equality is identity (`eq=False`): the arrays make field-wise `==` ambiguous.

    Raises
    ------
    InvalidMatrix
        On duplicate or unknown ids, self-requirements, negative or non-integer costs, NaN or
        negative values, bad shares, counts, incidence or severities; the message names the
        field, what it got and what was expected.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    costs_pen: IntArray
    values: FloatArray
    budget_pen: int
    groups: tuple[str | None, ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    excludes: tuple[tuple[str, str], ...] = ()
    mandatory: tuple[str, ...] = ()
    min_per_group: Mapping[str, int] = field(default_factory=dict)
    min_share_per_group: Mapping[str, float] = field(default_factory=dict)
    max_projects: int | None = None
    value_mode: ValueMode = "score"
    gaps: tuple[str, ...] = ()
    severity: FloatArray = field(default_factory=lambda: np.zeros(0))
    incidence: IntArray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    diminishing: float = 0.5
    require_coverage: tuple[str, ...] = ()
    positions: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Position of each id (derived from `ids`; whatever is passed is replaced)."""

    @classmethod
    def build(
        cls,
        *,
        ids: Sequence[str],
        names: Sequence[str] | None = None,
        costs_pen: Sequence[int] | IntArray,
        values: Sequence[float] | FloatArray | None = None,
        budget_pen: int,
        groups: Sequence[str | None] | None = None,
        requires: Iterable[tuple[str, str]] = (),
        excludes: Iterable[tuple[str, str]] = (),
        mandatory: Iterable[str] = (),
        min_per_group: Mapping[str, int] | None = None,
        min_share_per_group: Mapping[str, float] | None = None,
        max_projects: int | None = None,
        value_mode: ValueMode = "score",
        gaps: Sequence[str] = (),
        severity: Sequence[float] | FloatArray = (),
        incidence: Sequence[Sequence[int]] | IntArray | None = None,
        diminishing: float = 0.5,
        require_coverage: Iterable[str] = (),
    ) -> PortfolioProblem:
        """A validated problem from plain sequences; names default to ids, values to zeros."""
        n = len(ids)
        matrix = np.zeros((n, len(gaps))) if incidence is None else incidence
        return cls(
            ids=tuple(ids),
            names=tuple(ids) if names is None else tuple(names),
            costs_pen=np.asarray(costs_pen, dtype=object),
            values=np.asarray(np.zeros(n) if values is None else values, dtype=object),
            budget_pen=budget_pen,
            groups=() if groups is None else tuple(groups),
            requires=tuple((str(a), str(b)) for a, b in requires),
            excludes=tuple((str(a), str(b)) for a, b in excludes),
            mandatory=tuple(mandatory),
            min_per_group=dict(min_per_group or {}),
            min_share_per_group=dict(min_share_per_group or {}),
            max_projects=max_projects,
            value_mode=value_mode,
            gaps=tuple(gaps),
            severity=np.asarray(severity, dtype=object),
            incidence=np.asarray(matrix, dtype=object),
            diminishing=diminishing,
            require_coverage=tuple(require_coverage),
        )

    def __post_init__(self) -> None:
        ids = tuple(self.ids)
        n = len(ids)
        if n == 0:
            raise InvalidMatrix("ids", expected=phrase("at least one project"), got=0)
        seen: dict[str, int] = {}
        for i, pid in enumerate(ids):
            if not isinstance(pid, str) or not is_project_id(pid):
                raise InvalidMatrix("ids", expected=PROJECT_ID, got=pid, row=i)
            if pid in seen:
                raise InvalidMatrix("ids", expected=phrase("unique project ids"), got=pid, row=i)
            seen[pid] = i
        names = tuple(self.names)
        if len(names) != n or not all(isinstance(s, str) for s in names):
            raise InvalidMatrix(
                "names", expected=phrase("{count} display names (text)", count=n), got=len(names)
            )
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "positions", MappingProxyType(seen))
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "costs_pen", _int_vector(self.costs_pen, "costs_pen", n))
        object.__setattr__(self, "values", _value_vector(self.values, n))
        object.__setattr__(self, "budget_pen", _nonnegative_int(self.budget_pen, "budget_pen"))
        groups = tuple(self.groups) if self.groups else (None,) * n
        if len(groups) != n or not all(g is None or isinstance(g, str) for g in groups):
            raise InvalidMatrix(
                "groups", expected=phrase("{count} group names or None", count=n), got=len(groups)
            )
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "requires", _pairs(self.requires, "requires", seen))
        object.__setattr__(
            self, "excludes", _pairs(self.excludes, "excludes", seen, symmetric=True)
        )
        object.__setattr__(self, "mandatory", _known(self.mandatory, "mandatory", seen))
        counts = {
            str(g): _nonnegative_int(m, f"min_per_group[{g}]")
            for g, m in dict(self.min_per_group).items()
        }
        object.__setattr__(self, "min_per_group", MappingProxyType(counts))
        object.__setattr__(
            self, "min_share_per_group", MappingProxyType(_shares(self.min_share_per_group))
        )
        if self.max_projects is not None:
            object.__setattr__(
                self, "max_projects", _nonnegative_int(self.max_projects, "max_projects")
            )
        if self.value_mode not in _VALUE_MODES:
            raise InvalidMatrix(
                "value_mode", expected=phrase("'score' or 'coverage'"), got=self.value_mode
            )
        self._validate_gaps(n)

    def _validate_gaps(self, n: int) -> None:
        gaps = tuple(self.gaps)
        if len(set(gaps)) != len(gaps) or not all(isinstance(g, str) and g for g in gaps):
            raise InvalidMatrix("gaps", expected=phrase("unique gap ids"), got=list(gaps))
        if self.value_mode == "coverage" and not gaps:
            raise InvalidMatrix("gaps", expected=phrase("at least one gap in coverage mode"), got=0)
        try:
            severity = np.array(self.severity, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise InvalidMatrix("severity", expected=phrase("numbers"), got=self.severity) from exc
        if severity.size == 0 and gaps:
            severity = np.ones(len(gaps))
        if (
            severity.shape != (len(gaps),)
            or not np.all(np.isfinite(severity))
            or np.any(severity <= 0)
        ):
            raise InvalidMatrix(
                "severity",
                expected=phrase("{count} finite numbers > 0", count=len(gaps)),
                got=severity.tolist(),
            )
        severity.setflags(write=False)
        raw = np.asarray(self.incidence, dtype=object)
        if raw.size == 0:
            raw = np.zeros((n, len(gaps)), dtype=object)
        if raw.shape != (n, len(gaps)):
            raise InvalidMatrix(
                "incidence",
                expected=phrase("a {rows} x {columns} matrix of 0/1", rows=n, columns=len(gaps)),
                got=raw.shape,
            )
        for (row, column), cell in np.ndenumerate(raw):
            if isinstance(cell, bool) or cell not in (0, 1):
                raise InvalidMatrix(
                    "incidence", expected=phrase("0 or 1"), got=cell, row=row, column=column
                )
        incidence = raw.astype(np.int64)
        incidence.setflags(write=False)
        delta = float(self.diminishing)
        if not 0.0 <= delta <= 1.0:
            raise InvalidMatrix(
                "diminishing", expected=phrase("a factor between 0 and 1"), got=delta
            )
        wanted = tuple(self.require_coverage)
        for i, gap in enumerate(wanted):
            if gap not in gaps:
                raise InvalidMatrix(
                    "require_coverage", expected=phrase("ids of listed gaps"), got=gap, row=i
                )
        object.__setattr__(self, "gaps", gaps)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "incidence", incidence)
        object.__setattr__(self, "diminishing", delta)
        object.__setattr__(self, "require_coverage", tuple(dict.fromkeys(wanted)))

    @property
    def size(self) -> int:
        """Number of candidate projects."""
        return len(self.ids)

    def index(self, project: str) -> int:
        """Position of a project id."""
        return self.positions[project]

    def name_map(self) -> dict[str, str]:
        """Display name by id."""
        return dict(zip(self.ids, self.names, strict=True))

    def rules(self) -> tuple[Rule, ...]:
        """Every rule except the budget, one `Rule` per pair, project, group or gap."""
        found: list[Rule] = [Rule("requires", pair) for pair in self.requires]
        found += [Rule("excludes", pair) for pair in self.excludes]
        found += [Rule("mandatory", (p,)) for p in self.mandatory]
        found += [
            Rule("min_per_group", group=g, amount=m) for g, m in self.min_per_group.items() if m
        ]
        found += [
            Rule("min_share_per_group", group=g, amount=s)
            for g, s in self.min_share_per_group.items()
            if s
        ]
        if self.max_projects is not None:
            found.append(Rule("max_projects", amount=self.max_projects))
        found += [Rule("require_coverage", gap=g) for g in self.require_coverage]
        return tuple(found)


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
            "id": self.id,
            "name": self.name,
            "selected": self.selected,
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

    def to_dict(self, *, describe: Callable[[ProjectReason], str] | None = None) -> dict[str, Any]:
        """JSON-ready form: the CLI contract keys plus every number behind the reasons.

        `describe` turns a reason into the sentence stored under "reason" (for another language
        or number format); by default the English sentence.
        """
        names = {r.id: r.name for r in self.reasons}
        text = describe or (
            lambda r: reason_text(r, names=names, pen=format_pen, number=format_number)
        )
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


class CauseExplanation(Phrase):
    """Why no portfolio fits, as a phrase: the causes' sentences, in English or any language.

    Each cause's sentence is a UI string (`portfolio.cause.<kind>` in the locale files), filled
    with soles, shares and project names, so `render` assembles the sentences with
    `explain_causes` and the language's number formats instead of filling one template (the
    `template` attribute holds the English text and is never looked up in a catalogue).
    """

    causes: tuple[InfeasibilityCause, ...]

    def __new__(cls, causes: Sequence[InfeasibilityCause]) -> CauseExplanation:
        self = cast(CauseExplanation, super().__new__(cls, explain_causes(causes)))
        object.__setattr__(self, "causes", tuple(causes))
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (CauseExplanation, (self.causes,))

    def render(self, lang: str = ENGLISH) -> str:
        """The causes in `lang`, with its formats of soles and shares."""
        return explain_causes(
            self.causes,
            lang=lang,
            pen=lambda amount: format_pen(amount, lang),
            share=lambda value: format_share(value, lang),
        )


class PortfolioInfeasible(InfeasiblePortfolio):
    """InfeasiblePortfolio explained by its structured causes, so it reads in any language.

    The explanation (and so `message(lang)`, the CLI's one-line error) is a `CauseExplanation`.
    """

    def __init__(
        self,
        causes: Sequence[InfeasibilityCause],
        *,
        requirements: Sequence[str] = (),
        shortfall_pen: int | None = None,
    ) -> None:
        self.causes = tuple(causes)
        super().__init__(
            CauseExplanation(self.causes), requirements=requirements, shortfall_pen=shortfall_pen
        )


def infeasible_to_dict(error: InfeasiblePortfolio, lang: str = ENGLISH) -> dict[str, Any]:
    """The JSON of an infeasible problem: status, explanation in `lang`, shortfall, causes."""
    causes = getattr(error, "causes", ())
    return {
        "status": "infeasible",
        "explanation": show(error.explanation, lang),
        "shortfall": error.shortfall_pen,
        "requirements": list(error.requirements),
        "causes": [c.to_dict() for c in causes],
    }


def cause_text(
    cause: InfeasibilityCause,
    *,
    lang: Language | str = Language.EN,
    pen: Formatter = format_pen,
    share: Formatter = format_share,
) -> str:
    """One cause as a sentence in the planner's terms (soles, project names, groups, gaps)."""
    names = dict(cause.labels)
    label = _labeller(names)

    def money(amount: int | None) -> str:
        return pen(0 if amount is None else amount)

    values: dict[str, object] = {
        "projects": _join(label(p) for p in cause.projects),
        "group": cause.group or "",
        "gap": cause.gap or "",
        "cost": money(cause.cost_pen),
        "budget": money(cause.budget_pen),
        "shortfall": money(cause.shortfall_pen),
        "count": "" if cause.count is None else cause.count,
        "required": _amount(cause.required),
        "required_pen": money(cause.required_pen),
        "share": share(0.0 if cause.required is None else cause.required),
        "rules": "; ".join(
            r.text(lang=lang, names=names, pen=pen, share=share) for r in cause.rules
        ),
        "a": label(cause.projects[0]) if cause.projects else "",
        "b": label(cause.projects[1]) if len(cause.projects) > 1 else "",
    }
    if cause.kind == "requires_excluded":
        values["chains"] = "; ".join(_chain_text(c, label, lang) for c in cause.chains)
    return t(f"portfolio.cause.{cause.kind}", lang, **values)


def explain_causes(
    causes: Sequence[InfeasibilityCause],
    *,
    lang: Language | str = Language.EN,
    pen: Formatter = format_pen,
    share: Formatter = format_share,
) -> str:
    """Every cause as one paragraph."""
    return " ".join(cause_text(c, lang=lang, pen=pen, share=share) for c in causes)


def reason_text(
    reason: ProjectReason,
    *,
    lang: Language | str = Language.EN,
    names: Mapping[str, str],
    pen: Formatter,
    number: Formatter,
) -> str:
    """One project's reason as a sentence: the rule or trade-off first, then the alternative."""
    label = _labeller(names)
    per_10k = "-" if reason.value_per_pen is None else number(10_000 * reason.value_per_pen)
    values: dict[str, object] = {
        "value": number(reason.value),
        "contribution": number(reason.contribution),
        "cost": pen(reason.cost_pen),
        "per10k": per_10k,
        "unit": pen(10_000),
        "related": _join(label(p) for p in reason.related),
        "rules": "; ".join(r.text(lang=lang, names=names, pen=pen) for r in reason.rules),
        "package": pen(reason.package_cost_pen or 0),
        "extra": pen(reason.extra_budget_pen or 0),
        "left": pen(reason.leftover_pen),
        "limit": _amount(reason.rules[0].amount) if reason.rules else "",
    }
    key: str = reason.kind
    if key == "out_requires" and not reason.extra_budget_pen:
        key = "out_requires_fits"
    text = t(f"portfolio.reason.{key}", lang, **values)
    flip = _flip_text(reason, lang, label, number, pen)
    return text if not flip else f"{text} {flip}"


def _flip_text(
    reason: ProjectReason,
    lang: Language | str,
    label: Callable[[str], str],
    number: Formatter,
    pen: Formatter,
) -> str:
    if not reason.flip_checked:
        return ""
    side = "in" if reason.selected else "out"
    if reason.loss_bounds is not None:
        low, high = reason.loss_bounds
        variant = "between" if high is not None else "at_least" if low > 0 else "unknown"
        return t(
            f"portfolio.flip.{side}_{variant}",
            lang,
            low=number(low),
            high="" if high is None else number(high),
            cost=pen(reason.cost_pen),
        )
    if reason.flip_loss is None:
        return "" if reason.kind == "in_rule" else t(f"portfolio.flip.{side}_impossible", lang)
    enter = _join(label(p) for p in reason.flip_adds)
    leave = _join(label(p) for p in reason.flip_drops)
    tie = abs(reason.flip_loss) <= 1e-9 * max(1.0, abs(reason.value))
    variant = "tie" if tie else "loss"
    usual, other = (enter, leave) if reason.selected else (leave, enter)
    if usual and other:
        variant += "_both"
    elif usual:
        variant += "_swap"
    elif other:
        variant += "_also"
    return t(
        f"portfolio.flip.{side}_{variant}",
        lang,
        loss=number(reason.flip_loss),
        cost=pen(reason.cost_pen),
        projects=usual or other,
        enter=enter,
        leave=leave,
    )


def _chain_text(chain: tuple[str, ...], label: Callable[[str], str], lang: Language | str) -> str:
    text = t("portfolio.chain.mandatory", lang, name=label(chain[0]))
    for step, project in enumerate(chain[1:]):
        key = "portfolio.chain.requires" if step == 0 else "portfolio.chain.which_requires"
        text = t(key, lang, chain=text, name=label(project))
    return text


def _labeller(names: Mapping[str, str] | None) -> Callable[[str], str]:
    table = dict(names or {})
    return lambda project: table.get(project, project)


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def _amount(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


PROJECT_ID = phrase("a project id: printable text without ';' and without spaces at either end")
"""What a project id may be. The solver never sees ids (its variables are x_0, x_1, …), so
accents, spaces and ids that differ only in punctuation ("P-1", "P_1") are all kept apart; ';'
separates ids in `requires`/`excludes` cells."""


def is_project_id(text: str) -> bool:
    """Whether `text` can be a project id (see PROJECT_ID)."""
    return bool(text) and text == text.strip() and text.isprintable() and ";" not in text


def _int_vector(raw: object, name: str, n: int) -> IntArray:
    cells = np.asarray(raw, dtype=object).reshape(-1)
    if cells.shape != (n,):
        raise InvalidMatrix(
            name, expected=phrase("{count} whole amounts in soles", count=n), got=cells.shape
        )
    out = np.zeros(n, dtype=np.int64)
    for i, cell in enumerate(cells):
        if isinstance(cell, bool) or not isinstance(cell, int | np.integer):
            raise InvalidMatrix(name, expected=phrase("a whole number of soles"), got=cell, row=i)
        if cell < 0:
            raise InvalidMatrix(name, expected=phrase("a cost >= 0"), got=int(cell), row=i)
        out[i] = int(cell)
    out.setflags(write=False)
    return out


def _value_vector(raw: object, n: int) -> FloatArray:
    try:
        values = np.array(raw, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise InvalidMatrix("values", expected=phrase("numbers"), got=raw) from exc
    if values.shape != (n,):
        raise InvalidMatrix("values", expected=phrase("{count} values", count=n), got=values.shape)
    for i, v in enumerate(values):
        if not math.isfinite(v) or v < 0:
            raise InvalidMatrix(
                "values", expected=phrase("a finite value >= 0"), got=float(v), row=i
            )
    values.setflags(write=False)
    return values


def _nonnegative_int(raw: object, name: str) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int | np.integer) or raw < 0:
        raise InvalidMatrix(name, expected=phrase("a whole number >= 0"), got=raw)
    return int(raw)


def _pairs(
    raw: Iterable[tuple[str, str]], name: str, known: Mapping[str, int], *, symmetric: bool = False
) -> tuple[tuple[str, str], ...]:
    """Checked, de-duplicated pairs; for a symmetric rule (excludes) (b, a) repeats (a, b)."""
    out: list[tuple[str, str]] = []
    for i, pair in enumerate(raw):
        a, b = pair
        for project in (a, b):
            if project not in known:
                raise InvalidMatrix(
                    name, expected=phrase("ids of listed projects"), got=project, row=i
                )
        if a == b:
            raise InvalidMatrix(
                name, expected=phrase("two different projects"), got=f"{a} / {b}", row=i
            )
        if (a, b) not in out and not (symmetric and (b, a) in out):
            out.append((a, b))
    return tuple(out)


def _known(raw: Iterable[str], name: str, known: Mapping[str, int]) -> tuple[str, ...]:
    items = tuple(raw)
    for i, project in enumerate(items):
        if project not in known:
            raise InvalidMatrix(name, expected=phrase("ids of listed projects"), got=project, row=i)
    return tuple(dict.fromkeys(items))


def _shares(raw: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for group, share in dict(raw).items():
        value = float(share)
        if not math.isfinite(value) or not 0.0 <= value <= 1.0:
            raise InvalidMatrix(
                f"min_share_per_group[{group}]",
                expected=phrase("a share between 0 and 1"),
                got=share,
            )
        out[str(group)] = value
    return out
