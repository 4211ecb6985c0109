"""The verbal scale of a group's consensus indicator: bands of S* (percent) and their keys."""

from __future__ import annotations

from itertools import pairwise
from typing import Annotated

from pydantic import Field, field_validator

from prioritizer.data.models.common import Frozen, NonEmpty, Number, Slug
from prioritizer.phrases import phrase


class ConsensusBand(Frozen):
    """One band of the scale: consensus up to `up_to` percent (inclusive) is called `id`."""

    id: Slug
    up_to: Annotated[float, Number, Field(gt=0, le=100, allow_inf_nan=False)]


class ConsensusScale(Frozen):
    """Bands from very low to very high consensus; the bounds increase and the last is 100."""

    source: NonEmpty
    bands: tuple[ConsensusBand, ...] = Field(min_length=1)

    @field_validator("bands")
    @classmethod
    def _increasing_to_100(cls, bands: tuple[ConsensusBand, ...]) -> tuple[ConsensusBand, ...]:
        if any(low.up_to >= high.up_to for low, high in pairwise(bands)) or bands[-1].up_to != 100:
            raise ValueError(phrase("bounds that increase band by band up to 100"))
        return bands

    def label(self, percent: float) -> str:
        """The key of the band holding `percent` (0 to 100)."""
        return next(band.id for band in self.bands if percent <= band.up_to)
