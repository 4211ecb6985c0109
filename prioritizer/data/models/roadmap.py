"""A region's roadmap over years: the plan's years, its funding pools, executing units with their
caps, commitments and start windows (`roadmap.yaml`), the projects' scale levels with yearly
costs (`project_levels.csv`) and synergies (`synergies.csv`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator, model_validator

from prioritizer.data.models.common import (
    Frozen,
    LocalizedText,
    Number,
    Slug,
    Sourced,
    no_repeats,
)
from prioritizer.data.models.inputs import Pen
from prioritizer.phrases import phrase

Year = Annotated[int, Number, Field(ge=1900, le=2200)]
MAX_PLAN_YEARS = 10
"""The longest plan read: a regional investment programme runs three to five years."""

DEFAULT_LEVEL = "base"
"""The one level of a candidate without rows in project_levels.csv: its cost in one year."""


class PlanYears(Frozen):
    """The plan's first and last year, both included."""

    first: Year
    last: Year

    @field_validator("last")
    @classmethod
    def _after_first(cls, last: int, info: ValidationInfo) -> int:
        first = info.data.get("first")
        if first is not None and not first <= last < first + MAX_PLAN_YEARS:
            raise ValueError(
                phrase(
                    "a year from {first} to {latest}",
                    first=first,
                    latest=first + MAX_PLAN_YEARS - 1,
                )
            )
        return last

    @property
    def years(self) -> tuple[int, ...]:
        """Every year of the plan in order."""
        return tuple(range(self.first, self.last + 1))


class FundingPool(Sourced):
    """A source of money (regional government, canon/FOCAM, a national programme, cooperation):
    an amount per plan year and who it may fund (value chains, main mechanisms; none listed:
    any), at most `max_share` of one project's whole cost; with `carry_over`, what is left in a
    year stays for the next."""

    id: Slug
    name: LocalizedText
    amounts_pen: dict[Year, Pen]
    carry_over: bool = False
    value_chains: tuple[Slug, ...] | None = None
    mechanisms: tuple[Slug, ...] | None = None
    max_share: Annotated[float, Number, Field(gt=0, le=1, allow_inf_nan=False)] | None = None


class ExecutingUnit(Sourced):
    """A unit that runs projects (e.g. a regional directorate), the projects it executes and how
    many of them it can run in one year."""

    id: Slug
    name: LocalizedText
    max_running: Annotated[int, Number, Field(ge=1)]
    projects: tuple[Slug, ...] = Field(min_length=1)


class Commitment(Sourced):
    """An ongoing or agreed project: it starts in `start` (maybe before the plan) at `level`,
    and its years inside the plan are funded before any new start."""

    project: Slug
    start: Year
    level: Slug = DEFAULT_LEVEL


class StartWindow(Sourced):
    """The years in which a project may start (e.g. not before the money of 2028)."""

    project: Slug
    earliest: Year | None = None
    latest: Year | None = None

    @model_validator(mode="after")
    def _ordered(self) -> StartWindow:
        if self.earliest is None and self.latest is None:
            raise ValueError(phrase("an 'earliest' or a 'latest' year"))
        if self.earliest is not None and self.latest is not None and self.latest < self.earliest:
            raise ValueError(
                phrase(
                    "'latest' ({latest}) not before 'earliest' ({earliest})",
                    latest=self.latest,
                    earliest=self.earliest,
                )
            )
        return self


class ProjectLevel(Sourced):
    """One scale of a candidate (one province, the whole region): its cost to the region in each
    year it runs (the first year first) and its value as a multiple of the project's score."""

    project: Slug
    level: Slug
    name: LocalizedText
    costs_pen: tuple[Pen, ...] = Field(min_length=1, max_length=MAX_PLAN_YEARS)
    value_factor: Annotated[float, Number, Field(gt=0, le=10, allow_inf_nan=False)] = 1.0


class SynergyRecord(Sourced):
    """Projects worth more together (`extra_value_pct` of their scores' sum) or cheaper together
    (`saving_pen`, booked once in the year `bearer` starts)."""

    id: Slug
    name: LocalizedText
    projects: tuple[Slug, ...] = Field(min_length=2)
    extra_value_pct: Annotated[float, Number, Field(ge=0, le=1000, allow_inf_nan=False)] = 0.0
    saving_pen: Pen = 0
    bearer: Slug | None = None

    _no_repeats = field_validator("projects")(no_repeats)

    @model_validator(mode="after")
    def _something(self) -> SynergyRecord:
        if self.extra_value_pct == 0 and self.saving_pen == 0:
            raise ValueError(phrase("an extra_value_pct or a saving_pen above 0"))
        if self.bearer is not None and self.bearer not in self.projects:
            raise ValueError(
                phrase("one of the synergy's projects ({ids})", ids=", ".join(self.projects))
            )
        return self


class Roadmap(Sourced):
    """A region's plan over years: pools, units, commitments, windows, levels and synergies."""

    region: Slug
    years: PlanYears
    pools: tuple[FundingPool, ...] = Field(min_length=1)
    units: tuple[ExecutingUnit, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    windows: tuple[StartWindow, ...] = ()
    levels: tuple[ProjectLevel, ...] = ()
    synergies: tuple[SynergyRecord, ...] = ()

    def levels_of(self, project_id: str) -> tuple[ProjectLevel, ...]:
        """The levels listed for a project, in file order (none: it has the default level)."""
        return tuple(level for level in self.levels if level.project == project_id)

    def records(self) -> tuple[Sourced, ...]:
        """The roadmap and every record in it, for provenance summaries."""
        return (
            self,
            *self.pools,
            *self.units,
            *self.commitments,
            *self.windows,
            *self.levels,
            *self.synergies,
        )
