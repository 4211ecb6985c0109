"""The roadmap problem: projects with levels, durations and yearly costs, funding pools per year,
synergies, precedence in time and commitments, checked on construction.

A plan runs over consecutive `years`. A project is done at most once, at one of its `levels`,
starting in a year; a level costs `costs_pen[i]` in the i-th year of its duration. A new start
must end within the plan ("no activity planned without budgetary support"); a commitment
(`committed`: start year and level, e.g. an ongoing project started before the plan) may
extend past it, and only its costs inside the plan are funded here. Money is `int` soles.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction
from types import MappingProxyType
from typing import TypeVar

from prioritizer.errors import InvalidMatrix
from prioritizer.phrases import phrase
from prioritizer.results.portfolio_checks import PROJECT_ID, is_project_id, whole_number

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Level:
    """One scale of a project (e.g. one province, the whole region): yearly costs and value."""

    name: str
    costs_pen: tuple[int, ...]
    value: float

    @property
    def duration(self) -> int:
        """Years the project runs at this level."""
        return len(self.costs_pen)

    @property
    def total_pen(self) -> int:
        """The level's whole cost, every year of its duration."""
        return sum(self.costs_pen)


@dataclass(frozen=True, slots=True)
class PlanProject:
    """A candidate with its levels, where it belongs (group, mechanism, region, executing unit),
    its start window, precedence and exclusions, and whether it is mandatory or committed.

    `requires` are finish-before-start: the project starts only after each of them has ended.
    `committed` = (start year, level name) fixes both; the year may precede the plan.
    """

    id: str
    levels: tuple[Level, ...]
    name: str = ""
    group: str | None = None
    mechanism: str | None = None
    region: str | None = None
    unit: str | None = None
    earliest: int | None = None
    latest: int | None = None
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    mandatory: bool = False
    committed: tuple[int, str] | None = None

    def level_index(self, name: str) -> int:
        """Position of the level called `name`."""
        return [level.name for level in self.levels].index(name)


@dataclass(frozen=True, slots=True)
class Pool:
    """A funding source with an amount per plan year and who it may fund.

    `groups`, `mechanisms`, `regions`: None admits any project; a tuple admits only projects
    whose field is listed. `max_share`: the pool pays at most this share of one project's
    whole cost at its level (rounded down to the sol). `carry_over`: what is left in a year
    stays in the pool for the next years.
    """

    id: str
    amounts_pen: tuple[int, ...]
    name: str = ""
    carry_over: bool = False
    groups: tuple[str, ...] | None = None
    mechanisms: tuple[str, ...] | None = None
    regions: tuple[str, ...] | None = None
    max_share: float | None = None

    def funds(self, project: PlanProject) -> bool:
        """Whether the pool's eligibility rules admit `project`."""
        rules = (
            (self.groups, project.group),
            (self.mechanisms, project.mechanism),
            (self.regions, project.region),
        )
        return all(allowed is None or own in allowed for allowed, own in rules)

    def cap_pen(self, level: Level) -> int | None:
        """The most the pool may pay towards a project at `level`; None when unlimited."""
        if self.max_share is None:
            return None
        return math.floor(Fraction(repr(float(self.max_share))) * level.total_pen)


@dataclass(frozen=True, slots=True)
class Synergy:
    """Projects worth more together (`extra_value`) or cheaper together (`saving_pen`).

    The synergy holds when every listed project is in the plan (any level, any start). The
    saving is booked once, in the year the `bearer` starts, lowering the bearer's cost that
    year (one market study serving two chains is bought once); it may not exceed the bearer's
    first-year cost at any level.
    """

    id: str
    projects: tuple[str, ...]
    extra_value: float = 0.0
    saving_pen: int = 0
    bearer: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class PlanProblem:
    """Years, candidates, funding pools, synergies and concurrency caps per executing unit.

    Symbols used by the optimiser: x[p,l,s] (project p at level l starts in year s), f[p,k,t]
    (soles pool k pays for p in year t), y_S (synergy S holds), w[S,t] (S holds and its bearer
    starts in t). Equality is identity (`eq=False`).

    `together`: groups of projects that start in the same year or are all out (in a joint plan
    of several regions, each region's share of one shared project).

    Raises
    ------
    InvalidMatrix
        On years that are not consecutive, duplicate or unknown ids, bad levels, costs,
        values, windows, commitments, pools, shares, synergies or caps.
    """

    years: tuple[int, ...]
    projects: tuple[PlanProject, ...]
    pools: tuple[Pool, ...]
    synergies: tuple[Synergy, ...] = ()
    unit_caps: Mapping[str, int] = field(default_factory=dict)
    together: tuple[tuple[str, ...], ...] = ()
    positions: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Position of each project id (derived; whatever is passed is replaced)."""

    def __post_init__(self) -> None:
        years = tuple(self.years)
        if not years or any(
            isinstance(y, bool) or not isinstance(y, int) or y != years[0] + i
            for i, y in enumerate(years)
        ):
            raise InvalidMatrix("years", expected=phrase("consecutive years"), got=self.years)
        projects = tuple(self.projects)
        positions: dict[str, int] = {}
        for i, project in enumerate(projects):
            if not is_project_id(project.id) or project.id in positions:
                raise InvalidMatrix(
                    "projects", expected=phrase("unique project ids"), got=project.id, row=i
                )
            positions[project.id] = i
        for i, project in enumerate(projects):
            projects = _replace(projects, i, _checked_project(project, years, positions, i))
        pools = tuple(self.pools)
        seen: set[str] = set()
        for i, pool in enumerate(pools):
            if not is_project_id(pool.id) or pool.id in seen:
                raise InvalidMatrix("pools", expected=phrase("unique pool ids"), got=pool.id, row=i)
            seen.add(pool.id)
            _check_pool(pool, len(years), i)
        synergies = tuple(self.synergies)
        for i, synergy in enumerate(synergies):
            synergies = _replace(synergies, i, _checked_synergy(synergy, projects, positions, i))
        caps = {str(u): whole_number(c, f"unit_caps[{u}]") for u, c in dict(self.unit_caps).items()}
        together = _checked_together(self.together, positions)
        object.__setattr__(self, "years", years)
        object.__setattr__(self, "projects", projects)
        object.__setattr__(self, "pools", pools)
        object.__setattr__(self, "synergies", synergies)
        object.__setattr__(self, "unit_caps", MappingProxyType(caps))
        object.__setattr__(self, "together", together)
        object.__setattr__(self, "positions", MappingProxyType(positions))

    @classmethod
    def build(
        cls,
        *,
        years: Sequence[int],
        projects: Sequence[PlanProject],
        pools: Sequence[Pool] = (),
        budgets_pen: Sequence[int] | None = None,
        carry_over: bool = False,
        synergies: Sequence[Synergy] = (),
        unit_caps: Mapping[str, int] | None = None,
        together: Sequence[Sequence[str]] = (),
    ) -> PlanProblem:
        """A checked problem; `budgets_pen` (one amount per year) adds a pool "budget" open to
        every project, for plans with a single source."""
        sources = list(pools)
        if budgets_pen is not None:
            sources.append(Pool("budget", tuple(budgets_pen), carry_over=carry_over))
        return cls(
            years=tuple(years),
            projects=tuple(projects),
            pools=tuple(sources),
            synergies=tuple(synergies),
            unit_caps=dict(unit_caps or {}),
            together=tuple(tuple(group) for group in together),
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """Project ids in order."""
        return tuple(p.id for p in self.projects)

    def project(self, project_id: str) -> PlanProject:
        """The project with id `project_id`."""
        return self.projects[self.positions[project_id]]

    def options(self, project: PlanProject) -> tuple[tuple[int, int], ...]:
        """Every (level index, start year) the project may take: its commitment alone, or the
        starts in its window (and in the plan) from which the level ends within the plan."""
        if project.committed is not None:
            year, level = project.committed
            return ((project.level_index(level), year),)
        first = self.years[0] if project.earliest is None else project.earliest
        last = self.years[-1] if project.latest is None else project.latest
        return tuple(
            (li, s)
            for li, level in enumerate(project.levels)
            for s in self.years
            if first <= s <= last and s + level.duration - 1 <= self.years[-1]
        )

    def cost_in(self, level: Level, start: int, year: int) -> int:
        """What `level`, started in `start`, costs in `year` (0 outside its duration)."""
        offset = year - start
        return level.costs_pen[offset] if 0 <= offset < level.duration else 0


def _replace(items: tuple[_T, ...], index: int, item: _T) -> tuple[_T, ...]:
    return (*items[:index], item, *items[index + 1 :])


def _checked_project(
    project: PlanProject, years: tuple[int, ...], positions: Mapping[str, int], row: int
) -> PlanProject:
    """The project with its name defaulted, after checking levels, window and links."""
    if not project.levels:
        raise InvalidMatrix(
            "levels", expected=phrase("at least one level"), got=project.id, row=row
        )
    names = [level.name for level in project.levels]
    if len(set(names)) != len(names):
        raise InvalidMatrix("levels", expected=phrase("unique level names"), got=names, row=row)
    for level in project.levels:
        if not level.costs_pen:
            raise InvalidMatrix(
                "costs_pen", expected=phrase("a duration of 1 year or more"), got=(), row=row
            )
        for cost in level.costs_pen:
            if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
                raise InvalidMatrix(
                    "costs_pen", expected=phrase("a whole number of soles"), got=cost, row=row
                )
        if not math.isfinite(float(level.value)) or level.value < 0:
            raise InvalidMatrix(
                "values", expected=phrase("a finite value >= 0"), got=level.value, row=row
            )
    for name, year in (("earliest", project.earliest), ("latest", project.latest)):
        if year is not None and year not in years:
            raise InvalidMatrix(name, expected=phrase("a year of the plan"), got=year, row=row)
    if (project.earliest or years[0]) > (project.latest or years[-1]):
        raise InvalidMatrix(
            "latest", expected=phrase("a year >= earliest"), got=project.latest, row=row
        )
    for name, links in (("requires", project.requires), ("excludes", project.excludes)):
        for other in links:
            if other not in positions or other == project.id:
                raise InvalidMatrix(name, expected=PROJECT_ID, got=other, row=row)
    if project.committed is not None:
        year, level_name = project.committed
        if level_name not in names:
            raise InvalidMatrix(
                "committed",
                expected=phrase("one of the levels {levels}", levels=names),
                got=level_name,
                row=row,
            )
        duration = project.levels[names.index(level_name)].duration
        if isinstance(year, bool) or not isinstance(year, int):
            raise InvalidMatrix("committed", expected=phrase("a year"), got=year, row=row)
        if year > years[-1] or year + duration - 1 < years[0]:
            raise InvalidMatrix(
                "committed",
                expected=phrase("a project running during the plan"),
                got=year,
                row=row,
            )
    return replace(
        project,
        levels=tuple(project.levels),
        name=project.name or project.id,
        requires=tuple(dict.fromkeys(project.requires)),
        excludes=tuple(dict.fromkeys(project.excludes)),
        mandatory=project.mandatory or project.committed is not None,
    )


def _checked_together(
    groups: Sequence[Sequence[str]], positions: Mapping[str, int]
) -> tuple[tuple[str, ...], ...]:
    """Groups of two or more known projects, each project in one group at most."""
    seen: set[str] = set()
    out = []
    for row, group in enumerate(groups):
        members = tuple(dict.fromkeys(group))
        if len(members) < 2 or any(p not in positions or p in seen for p in members):
            raise InvalidMatrix(
                "together",
                expected=phrase("two or more listed projects, each in one group at most"),
                got=members,
                row=row,
            )
        seen.update(members)
        out.append(members)
    return tuple(out)


def _check_pool(pool: Pool, n_years: int, row: int) -> None:
    if len(pool.amounts_pen) != n_years:
        raise InvalidMatrix(
            "amounts_pen",
            expected=phrase("{count} whole amounts in soles", count=n_years),
            got=len(pool.amounts_pen),
            row=row,
        )
    for amount in pool.amounts_pen:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            raise InvalidMatrix(
                "amounts_pen", expected=phrase("a whole number of soles"), got=amount, row=row
            )
    share = pool.max_share
    if share is not None and not (math.isfinite(float(share)) and 0.0 < share <= 1.0):
        raise InvalidMatrix(
            "max_share", expected=phrase("a share between 0 and 1"), got=share, row=row
        )


def _checked_synergy(
    synergy: Synergy, projects: tuple[PlanProject, ...], positions: Mapping[str, int], row: int
) -> Synergy:
    members = tuple(dict.fromkeys(synergy.projects))
    if len(members) < 2 or any(p not in positions for p in members):
        raise InvalidMatrix(
            "synergies", expected=phrase("two or more listed projects"), got=members, row=row
        )
    if not math.isfinite(float(synergy.extra_value)) or synergy.extra_value < 0:
        raise InvalidMatrix(
            "extra_value", expected=phrase("a finite value >= 0"), got=synergy.extra_value, row=row
        )
    saving = whole_number(synergy.saving_pen, "saving_pen")
    bearer = synergy.bearer or members[-1]
    if bearer not in members:
        raise InvalidMatrix("bearer", expected=phrase("one of the synergy's projects"), got=bearer)
    least = min(level.costs_pen[0] for level in projects[positions[bearer]].levels)
    if saving > least:
        raise InvalidMatrix(
            "saving_pen",
            expected=phrase("at most the bearer's first-year cost ({amount})", amount=least),
            got=saving,
            row=row,
        )
    return Synergy(synergy.id, members, float(synergy.extra_value), saving, bearer)
