"""The data set a workshop runs on, loaded once when the server starts: its regions, stakeholders,
criteria and Saaty's verbal scale, and the questionnaire every stakeholder answers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from prioritizer.core.elicit import Questionnaire
from prioritizer.data.load import load_dataset
from prioritizer.data.load.location import DatasetLocation
from prioritizer.data.models import Dataset, Stakeholder
from prioritizer.data.save import editable_dataset, embedded_refused


@dataclass(frozen=True, slots=True)
class WorkshopData:
    """A loaded data set folder of the user's own, and the regions the workshop covers."""

    folder: Path
    """The folder given to `serve` (the workshop's database is kept in it by default)."""
    data: Dataset
    location: DatasetLocation
    regions: tuple[str, ...]
    questionnaire: Questionnaire

    @classmethod
    def load(cls, inputs: Path | None, regions: Sequence[str] = ()) -> WorkshopData:
        """Loads `inputs` (never the embedded data set: the workshop saves into it); `regions`
        limits the workshop to some regions (default: all)."""
        if inputs is None:
            raise embedded_refused("prioritizer serve")
        location = editable_dataset(inputs, command="prioritizer serve")
        data = load_dataset(inputs)
        for region in regions:
            data.require_region(region)
        chosen = tuple(r for r in data.region_ids if not regions or r in regions)
        questionnaire = Questionnaire(
            ids=data.criterion_ids,
            scale=tuple(v.value for v in data.saaty_scale.values),
            random_index=data.random_index.get().values,
        )
        return cls(inputs, data, location, chosen, questionnaire)

    @property
    def stakeholders(self) -> tuple[Stakeholder, ...]:
        """The stakeholders of the workshop's regions, region by region."""
        return tuple(s for r in self.regions for s in self.data.stakeholders_of(r))

    def stakeholder(self, stakeholder_id: str) -> Stakeholder:
        """One stakeholder by id (KeyError when not in the workshop)."""
        for person in self.stakeholders:
            if person.id == stakeholder_id:
                return person
        raise KeyError(stakeholder_id)

    def takes_part(self, stakeholder_id: str, region: str) -> bool:
        """True for a stakeholder of the data set in one of the workshop's regions (a
        participant whose stakeholder was since removed from the data set is not)."""
        return region in self.regions and any(
            s.id == stakeholder_id and s.region == region for s in self.data.stakeholders
        )

    def criterion_name(self, criterion: str, lang: str) -> str:
        """A criterion's name in `lang`."""
        return next(c.name.get(lang) for c in self.data.criteria if c.id == criterion)

    def criterion_help(self, criterion: str, lang: str) -> str:
        """What weighing a criterion more means, in `lang` ("" when the data set says nothing)."""
        found = next(c for c in self.data.criteria if c.id == criterion)
        return "" if found.description is None else found.description.get(lang)

    def region_name(self, region: str, lang: str) -> str:
        """A region's name in `lang`."""
        return self.data.region(region).name.get(lang)

    def strength_label(self, strength: float, lang: str) -> str:
        """Saaty's words for a strength of 1 to 9 (`Strong importance`), from the data set."""
        for item in self.data.saaty_scale.values:
            if math.isclose(item.value, strength):
                return item.name.get(lang)
        return f"{strength:g}"

    @property
    def strengths(self) -> tuple[int, ...]:
        """The strengths above 1 that a stakeholder can choose, weakest first."""
        return tuple(sorted(v.value for v in self.data.saaty_scale.values if v.value > 1))
