"""Criteria and scales: the three elements, the relevance scale, Saaty's scale, the RI tables."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from prioritizer.data.models.common import (
    LEVEL_PATTERN,
    Frozen,
    LocalizedText,
    NonEmpty,
    Number,
    Slug,
    Sourced,
    by_id,
)
from prioritizer.phrases import phrase


class Element(Sourced):
    """An element of smart specialization (a column of the §6.3 table)."""

    id: Slug
    name: LocalizedText
    description: LocalizedText


class Criterion(Sourced):
    """A decision criterion: benefit (more is better) or cost (less is better); `description`
    says what judging it more important means, for the people asked to weigh it."""

    id: Slug
    type: Literal["benefit", "cost"]
    unit: NonEmpty
    name: LocalizedText
    description: LocalizedText | None = None

    @property
    def sign(self) -> int:
        """+1 for benefit, -1 for cost (pymcdm's convention)."""
        return 1 if self.type == "benefit" else -1


PositiveFloat = Annotated[float, Number, Field(gt=0, allow_inf_nan=False)]


class RelevanceLevel(Frozen):
    """One level of the relevance scale (`HIGH`) and the number it stands for."""

    id: Annotated[str, Field(pattern=LEVEL_PATTERN)]
    value: PositiveFloat
    name: LocalizedText


class RelevanceScale(Sourced):
    """LOW < MEDIUM < HIGH < VERY HIGH with their numbers; the numbers must increase."""

    levels: tuple[RelevanceLevel, ...] = Field(min_length=2)

    @field_validator("levels")
    @classmethod
    def _increasing(cls, levels: tuple[RelevanceLevel, ...]) -> tuple[RelevanceLevel, ...]:
        values = [level.value for level in levels]
        if any(b <= a for a, b in pairwise(values)):
            raise ValueError(
                phrase(
                    "values that increase from the first level to the last, got {values}",
                    values=values,
                )
            )
        ids = [level.id for level in levels]
        if len(set(ids)) != len(ids):
            raise ValueError(phrase("each level id once, got {ids}", ids=ids))
        return levels

    @property
    def ids(self) -> tuple[str, ...]:
        """Level ids from lowest to highest."""
        return tuple(level.id for level in self.levels)

    def value_of(self, level: str) -> float:
        """The number a level stands for."""
        return by_id(self.levels, level).value

    def rank_of(self, level: str) -> int:
        """0 for the lowest level, 1 for the next, ..."""
        return self.ids.index(level)


class SaatyValue(Frozen):
    """A value of Saaty's 1-9 scale and its verbal label."""

    value: Annotated[int, Number, Field(ge=1, le=9)]
    name: LocalizedText


class SaatyScale(Sourced):
    """Saaty's fundamental scale with English and Spanish labels."""

    values: tuple[SaatyValue, ...] = Field(min_length=9, max_length=9)


class RandomIndexTable(Frozen):
    """A published table of random consistency indices RI(n), with its citation."""

    id: Slug
    citation: NonEmpty
    values: dict[
        Annotated[int, Number, Field(ge=1)],
        Annotated[float, Number, Field(ge=0, allow_inf_nan=False)],
    ]


class RandomIndexTables(Frozen):
    """Every RI table on file and the one used by default."""

    default: Slug
    tables: tuple[RandomIndexTable, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _default_exists(self) -> RandomIndexTables:
        ids = [table.id for table in self.tables]
        if self.default not in ids:
            raise ValueError(
                phrase(
                    "a default that is one of the tables ({tables}), got {default}",
                    tables=", ".join(ids),
                    default=repr(self.default),
                )
            )
        return self

    def get(self, table_id: str | None = None) -> RandomIndexTable:
        """The table `table_id`, or the default one."""
        return by_id(self.tables, table_id or self.default)
