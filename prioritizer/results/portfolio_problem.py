"""The portfolio problem (candidates, costs, values, budget and rules), checked on construction.

`PortfolioProblem` validates itself on construction, so the optimiser never sees unknown ids,
self-requirements, negative costs or NaN values. Money is `int` soles throughout: a portfolio
costing exactly the budget is feasible and one costing a sol more is not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal

import numpy as np

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.arrays import FloatArray, IntArray
from prioritizer.results.portfolio_checks import (
    PROJECT_ID,
    group_shares,
    is_project_id,
    listed_projects,
    project_pairs,
    project_values,
    whole_number,
    whole_soles,
)

ValueMode = Literal["score", "coverage"]


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


Formatter = Callable[[float], str]


_VALUE_MODES = ("score", "coverage")


def required_share_pen(share: float, budget_pen: int) -> int:
    """Soles a group must receive for `share` of `budget_pen`: ceil(share x budget), exactly.

    The share is read as the decimal it prints as (0.3 is 3/10, not the binary float just
    above it), so 30% of S/ 1,000,000 is S/ 300,000 and not S/ 300,001.
    """
    return math.ceil(Fraction(repr(float(share))) * budget_pen)


_CODES: dict[RuleKind, str] = {
    "budget": "budget<={amount}",
    "requires": "requires:{a}>{b}",
    "excludes": "excludes:{a}|{b}",
    "mandatory": "mandatory:{a}",
    "min_per_group": "min_per_group:{group}>={amount}",
    "min_share_per_group": "min_share_per_group:{group}>={amount}",
    "max_projects": "max_projects<={amount}",
    "require_coverage": "require_coverage:{gap}",
}
"""Each rule kind's `Rule.code`: `a` and `b` are its projects, `amount` as `amount_text`."""


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
        first, second = (*self.projects, "", "")[:2]
        return _CODES[self.kind].format(
            a=first, b=second, group=self.group, gap=self.gap, amount=amount_text(self.amount)
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
        object.__setattr__(self, "costs_pen", whole_soles(self.costs_pen, "costs_pen", n))
        object.__setattr__(self, "values", project_values(self.values, n))
        object.__setattr__(self, "budget_pen", whole_number(self.budget_pen, "budget_pen"))
        groups = tuple(self.groups) if self.groups else (None,) * n
        if len(groups) != n or not all(g is None or isinstance(g, str) for g in groups):
            raise InvalidMatrix(
                "groups", expected=phrase("{count} group names or None", count=n), got=len(groups)
            )
        object.__setattr__(self, "groups", groups)
        object.__setattr__(self, "requires", project_pairs(self.requires, "requires", seen))
        object.__setattr__(
            self, "excludes", project_pairs(self.excludes, "excludes", seen, symmetric=True)
        )
        object.__setattr__(self, "mandatory", listed_projects(self.mandatory, "mandatory", seen))
        counts = {
            str(g): whole_number(m, f"min_per_group[{g}]")
            for g, m in dict(self.min_per_group).items()
        }
        object.__setattr__(self, "min_per_group", MappingProxyType(counts))
        object.__setattr__(
            self, "min_share_per_group", MappingProxyType(group_shares(self.min_share_per_group))
        )
        if self.max_projects is not None:
            object.__setattr__(
                self, "max_projects", whole_number(self.max_projects, "max_projects")
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


def amount_text(value: float | None) -> str:
    """A rule's count or share as written: `3`, not `3.0`; `0.25`; empty when there is none."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
