"""The shape of an AHP hierarchy file (`prioritizer ahp HIERARCHY.yaml`): the goal, the
alternatives, the criteria tree with the judgments at each node, the rating scales. Which names a
judgment may use is checked by the loader (data/load/hierarchy.py), which knows their lines.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from prioritizer.data.models.common import Frozen, NonEmpty, Number
from prioritizer.phrases import phrase

Judgment = tuple[NonEmpty, NonEmpty, Annotated[float | str, Number]]
"""`[a, b, 3]`: a is 3 times as important (preferred, likely) as b; `1/3` and `0.33` also read."""

Positive = Annotated[float, Number, Field(gt=0, allow_inf_nan=False)]


class ScaleModel(Frozen):
    """A rating scale: intensities (best first) with judgments among them, or given values."""

    intensities: tuple[NonEmpty, ...] | None = Field(default=None, min_length=2)
    judgments: tuple[Judgment, ...] = ()
    values: dict[NonEmpty, Positive] | None = Field(default=None, min_length=2)

    @model_validator(mode="after")
    def _one_form(self) -> ScaleModel:
        if (self.intensities is None) == (self.values is None):
            raise ValueError(
                phrase("either intensities with judgments, or values (exactly one of them)")
            )
        return self


class NodeModel(Frozen):
    """A criterion: sub-criteria with the judgments among them, or (a leaf) judgments among the
    alternatives, or the alternatives' ratings on a scale."""

    id: NonEmpty
    name: NonEmpty | None = None
    judgments: tuple[Judgment, ...] = ()
    criteria: tuple[NodeModel, ...] = ()
    scale: NonEmpty | None = None
    ratings: dict[NonEmpty, NonEmpty] | None = None


class HierarchyModel(Frozen):
    """The whole file: the goal's name, the alternatives, the judgments among the criteria, the
    criteria and the rating scales."""

    goal: NonEmpty
    alternatives: tuple[NonEmpty, ...] = Field(min_length=2)
    judgments: tuple[Judgment, ...] = ()
    criteria: tuple[NodeModel, ...] = Field(min_length=1)
    scales: dict[NonEmpty, ScaleModel] = Field(default_factory=dict)
