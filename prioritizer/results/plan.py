"""Roadmap results: the schedule (level and start year per project), who pays what each year,
what is left in each pool, why each project starts when it does or is out, infeasibility
causes, budget cuts and the changes a re-plan makes.

Data only: the sentences live in `present.explain.plan`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

PlanStatus = Literal["optimal", "best_found"]
StartKind = Literal[
    "committed",  # fixed start (ongoing or agreed)
    "first_year",  # starts as early as its window and the plan allow
    "after_predecessor",  # `related` must end first; the last of them ends in `year`
    "unit_busy",  # its executing unit runs its limit of projects in `year`
    "budget",  # in `year` its pools' money goes to `related`; `amount_pen` short
    "equal_value",  # it could start in `year` (sooner) for the same value: a tie
    "joint",  # shared with the regions `related`: it starts with them, as planned jointly
]
OutKind = Literal[
    "no_window",  # no start lets it end within the plan
    "no_pool",  # no pool may fund it
    "excluded",  # `related` excludes it and is in the plan
    "requires",  # `related` is not in the plan
    "requires_late",  # `related` is in the plan but ends (`year`) too late to start it after
    "unit_busy",  # its executing unit is at its limit in `year`
    "budget",  # at the start nearest to fitting, `year` is when its pools lack `amount_pen`
    "by_value",  # it could start in `year`: leaving it out is worth more (money to `related`)
    "joint",  # shared with the regions `related`: the joint plan is worth more without it
]
LevelKind = Literal["only", "best", "cheaper"]
"""Why this level: the only one; the most valuable; or cheaper than a more valuable one."""
CauseKind = Literal[
    "no_window",
    "no_pool",
    "over_budget",
    "predecessor_late",
    "mandatory_excluded",
    "rules_conflict",
]
ChangeKind = Literal["cut", "delayed", "advanced", "level_changed", "added"]


@dataclass(frozen=True, slots=True)
class Funding:
    """Soles that `pool` pays towards `project` in `year`."""

    project: str
    pool: str
    year: int
    amount_pen: int


@dataclass(frozen=True, slots=True)
class Scheduled:
    """A project in the plan: its level, start and end years, value and spend per plan year
    (after any synergy saving)."""

    project: str
    level: str
    start: int
    end: int
    value: float
    spend_pen: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class PoolYear:
    """One pool in one year: the year's amount plus what was carried in, what the plan uses,
    what is left, and what of that is carried to the next year."""

    pool: str
    year: int
    available_pen: int
    used_pen: int
    left_pen: int
    carried_pen: int


@dataclass(frozen=True, slots=True)
class LevelOption:
    """Another level of a project: its value and whole cost, for the level comparison."""

    name: str
    value: float
    total_pen: int


@dataclass(frozen=True, slots=True)
class PlanReason:
    """Why a project starts when it does (`start_kind`) at its level (`level_kind`), or why it
    is out (`out_kind`), with the projects, year, pools and soles behind it.

    `flip_loss`: the optimum minus the best plan with the project flipped (forced out when in,
    forced in when out); None when no plan does that or the re-solve was not asked for.
    `unit_years`: beside a money reason, the start years its executing `unit`'s cap rules out.
    """

    project: str
    selected: bool
    start_kind: StartKind | None = None
    out_kind: OutKind | None = None
    level_kind: LevelKind | None = None
    level: str | None = None
    alternatives: tuple[LevelOption, ...] = ()
    related: tuple[str, ...] = ()
    year: int | None = None
    pools: tuple[str, ...] = ()
    amount_pen: int | None = None
    synergies: tuple[str, ...] = ()
    flip_loss: float | None = None
    flip_checked: bool = False
    unit: str | None = None
    unit_years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanCause:
    """One reason no plan exists: in `year`, `need_pen` must be paid but only `available_pen`
    can be (`shortfall_pen` short) from `pools`; or a structural conflict among `projects`."""

    kind: CauseKind
    projects: tuple[str, ...] = ()
    year: int | None = None
    pools: tuple[str, ...] = ()
    need_pen: int | None = None
    available_pen: int | None = None
    shortfall_pen: int | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """The roadmap: schedule, funding, pools' years, synergies that hold, objective, reasons."""

    years: tuple[int, ...]
    scheduled: tuple[Scheduled, ...]
    funding: tuple[Funding, ...]
    pool_years: tuple[PoolYear, ...]
    synergies: tuple[str, ...]
    value: float
    status: PlanStatus
    solver: str
    reasons: tuple[PlanReason, ...] = ()

    def entry(self, project: str) -> Scheduled | None:
        """The schedule entry of `project`, None when it is out."""
        return next((s for s in self.scheduled if s.project == project), None)

    def spend_pen(self, year: int) -> int:
        """Everything the plan pays in `year`."""
        return sum(f.amount_pen for f in self.funding if f.year == year)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "years": list(self.years),
            "value": self.value,
            "status": self.status,
            "solver": self.solver,
            "scheduled": [_fields(s) for s in self.scheduled],
            "funding": [_fields(f) for f in self.funding],
            "pool_years": [_fields(p) for p in self.pool_years],
            "synergies": list(self.synergies),
            "reasons": [_fields(r) for r in self.reasons],
        }


@dataclass(frozen=True, slots=True)
class BudgetCut:
    """`share` (0-1) of the money of `year` lost, in `pool` or (None) in every pool."""

    year: int
    share: float
    pool: str | None = None


@dataclass(frozen=True, slots=True)
class PlanChange:
    """How a project's place differs between the plan and its re-plan."""

    project: str
    kind: ChangeKind
    old_start: int | None
    new_start: int | None
    old_level: str | None
    new_level: str | None


@dataclass(frozen=True, slots=True)
class Replan:
    """A stable re-plan after budget cuts: the projects kept as they were, the new plan, and
    what changed (cut, delayed, advanced, level changed, added)."""

    plan: Plan
    cuts: tuple[BudgetCut, ...]
    kept: tuple[str, ...]
    changes: tuple[PlanChange, ...]
    value_lost: float


def _fields(item: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in getattr(item, "__slots__", ()):
        value = getattr(item, name)
        if isinstance(value, tuple):
            value = [_fields(v) if hasattr(v, "__slots__") else v for v in value]
        out[name] = value
    return out
