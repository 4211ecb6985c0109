"""Input records: gaps, mechanisms, value chains, regions, stakeholders, projects."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from prioritizer.data.models.common import (
    LETTER_PATTERN,
    Frozen,
    LocalizedText,
    NonEmpty,
    Number,
    Slug,
    Sourced,
    no_repeats,
)
from prioritizer.phrases import phrase

MAX_PEN = 10**12
"""The largest amount read, in soles: a trillion, four times Peru's yearly public budget; larger
numbers are typing slips and would overflow the integer arithmetic behind exact money."""

Pen = Annotated[int, Number, Field(ge=0, le=MAX_PEN)]
"""An amount in soles (PEN), a whole number: money is never a float here."""

Judgment = Annotated[float, Number, Field(gt=0, allow_inf_nan=False)]


class WorkArea(Sourced):
    """One of the five areas of work of §6.3 (connectivity, training, modernization, ...)."""

    id: Slug
    name: LocalizedText


class Gap(Sourced):
    """A competitive gap (a row of the §6.3 table) and its relevance level for each element."""

    id: Slug
    name: LocalizedText
    relevance: dict[Slug, NonEmpty]
    table_wording: NonEmpty


class Mechanism(Sourced):
    """A policy mechanism from the §6.3 catalogue, assigned to one work area."""

    id: Slug
    name: LocalizedText
    work_area: Slug


class GapMechanism(Sourced):
    """The §6.3 table lists `mechanism` among the possible mechanisms for `gap`."""

    gap: Slug
    mechanism: Slug
    table_wording: NonEmpty


class Challenge(Sourced):
    """A challenge of a value chain (§7.1, lettered as in the report) and the gaps it expresses."""

    letter: Annotated[str, Field(pattern=LETTER_PATTERN)]
    name: LocalizedText
    description: LocalizedText
    gaps: tuple[Slug, ...] = Field(min_length=1)


class Swot(Frozen):
    """The SWOT points of a value chain (§7.2)."""

    strengths: tuple[LocalizedText, ...]
    weaknesses: tuple[LocalizedText, ...]
    opportunities: tuple[LocalizedText, ...]
    threats: tuple[LocalizedText, ...]


class ValueChain(Sourced):
    """A value chain (coffee, camelid fabrics) with its challenges and SWOT."""

    id: Slug
    name: LocalizedText
    challenges: tuple[Challenge, ...]
    swot: Swot


class Fact(Frozen):
    """A number about a region, with its year and source."""

    value: Annotated[float, Number, Field(ge=0, allow_inf_nan=False)]
    year: Annotated[int, Number] | None = None
    source: NonEmpty


class Severity(Sourced):
    """How severe a gap is in a region, with the report sentence that justifies the level."""

    gap: Slug
    level: NonEmpty
    quote: str | None = None


class Budget(Sourced):
    """The region's budget for pilot projects, in soles."""

    budget_pen: Pen
    note: str | None = None


class RegionRules(Sourced):
    """Portfolio rules that hold for a region unless the user overrides them."""

    min_projects_per_chain: dict[Slug, Annotated[int, Number, Field(ge=0)]] = Field(
        default_factory=dict
    )
    min_budget_share_per_chain: dict[
        Slug, Annotated[float, Number, Field(ge=0, le=1, allow_inf_nan=False)]
    ] = Field(default_factory=dict)
    """Minimum share of the budget (0..1) spent on each value chain."""


class Region(Sourced):
    """A region (Cusco, Puno): facts, budget, rules and the severity of each gap."""

    id: Slug
    name: LocalizedText
    facts: dict[Slug | str, Fact] = Field(default_factory=dict)
    budget: Budget
    rules: RegionRules
    severities: tuple[Severity, ...]

    def severity_of(self, gap_id: str) -> Severity:
        """The severity record of one gap."""
        for item in self.severities:
            if item.gap == gap_id:
                return item
        raise KeyError(gap_id)


class Stakeholder(Sourced):
    """A stakeholder of a region and their weighting: pairwise judgments or direct points."""

    id: Slug
    region: Slug
    name: LocalizedText
    group: Slug
    influence: Annotated[float, Number, Field(gt=0, allow_inf_nan=False)] = 1.0
    judgments: dict[Slug, dict[Slug, Judgment]] | None = None
    points: dict[Slug, Annotated[float, Number, Field(ge=0, allow_inf_nan=False)]] | None = Field(
        default=None, validate_default=True
    )

    @field_validator("points")
    @classmethod
    def _one_kind(
        cls, points: dict[str, float] | None, info: ValidationInfo
    ) -> dict[str, float] | None:
        judgments = info.data.get("judgments")
        if "judgments" not in info.data:
            return points  # judgments were invalid; that error is reported first
        if (judgments is None) == (points is None):
            raise ValueError(
                phrase("either 'judgments' (pairwise) or 'points' (direct), not both or neither")
            )
        return points


class Project(Sourced):
    """A candidate pilot project: cost, value chain, regions, what it does and its roadmap phase."""

    id: Slug
    name: LocalizedText
    value_chain: Slug
    regions: tuple[Slug, ...] = Field(min_length=1)
    cost_pen: Pen
    cost_shares: dict[Slug, Annotated[int, Number, Field(gt=0, le=100)]] = Field(
        default_factory=dict
    )
    mechanisms: tuple[Slug, ...] = Field(min_length=1)
    gaps: tuple[Slug, ...] = Field(min_length=1)
    phase: Annotated[int, Number, Field(ge=1, le=3)]
    requires: tuple[Slug, ...] = ()
    excludes: tuple[Slug, ...] = ()
    mandatory: bool = False

    _no_repeats = field_validator("regions", "mechanisms", "gaps", "requires", "excludes")(
        no_repeats
    )

    @field_validator("cost_shares")
    @classmethod
    def _shares(cls, shares: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        regions = info.data.get("regions")
        cost = info.data.get("cost_pen")
        if regions is None or cost is None:
            return shares
        if len(regions) > 1 or shares:
            if set(shares) != set(regions):
                raise ValueError(
                    phrase(
                        "a percentage for each region of the project ({pairs})",
                        pairs=";".join(f"{region}:NN" for region in regions),
                    )
                )
            if sum(shares.values()) != 100:
                raise ValueError(
                    phrase(
                        "percentages that add up to 100, got {total}", total=sum(shares.values())
                    )
                )
            for region, share in shares.items():
                if cost * share % 100:
                    raise ValueError(
                        phrase(
                            "shares giving whole soles "
                            "({share}% of S/ {cost} for {region} does not)",
                            share=share,
                            cost=cost,
                            region=region,
                        )
                    )
        return shares

    @field_validator("requires", "excludes")
    @classmethod
    def _not_itself(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if info.data.get("id") in value:
            raise ValueError(
                phrase("other projects' ids (a project cannot require or exclude itself)")
            )
        if info.field_name == "excludes":
            both = sorted(set(info.data.get("requires", ())) & set(value))
            if both:
                raise ValueError(
                    phrase("projects not also required ({ids} is both)", ids=", ".join(both))
                )
        return value

    @property
    def interregional(self) -> bool:
        """True when the project belongs to more than one region."""
        return len(self.regions) > 1

    def cost_in(self, region_id: str) -> int:
        """The part of the cost charged to `region_id`'s budget (its share), in soles."""
        if region_id not in self.regions:
            raise KeyError(region_id)
        if not self.cost_shares:
            return self.cost_pen
        return self.cost_pen * self.cost_shares[region_id] // 100


def pairwise_matrix(stakeholder: Stakeholder, ids: tuple[str, ...]) -> list[list[float]]:
    """The full reciprocal matrix over `ids` from a stakeholder's judgments (or points).

    Judgments are given once per pair in either direction; the other half is the reciprocal.
    Points give the consistent matrix p_i / p_j. The data set checks completeness beforehand.
    """
    n = len(ids)
    matrix = [[1.0] * n for _ in range(n)]
    if stakeholder.points is not None:
        points = stakeholder.points
        for i, a in enumerate(ids):
            for j, b in enumerate(ids):
                matrix[i][j] = points[a] / points[b]
        return matrix
    given = stakeholder.judgments or {}
    position = {criterion: index for index, criterion in enumerate(ids)}
    for row, columns in given.items():
        for column, value in columns.items():
            if row in position and column in position:
                i, j = position[row], position[column]
                matrix[i][j] = value
                matrix[j][i] = 1.0 / value
    return matrix
