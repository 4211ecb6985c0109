"""The data set as one frozen aggregate, with every cross-reference checked on construction."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import model_validator

from prioritizer.data.models.common import Frozen, Sourced, by_id
from prioritizer.data.models.criteria import (
    Criterion,
    Element,
    RandomIndexTables,
    RelevanceScale,
    SaatyScale,
)
from prioritizer.data.models.cross_checks import _check_references
from prioritizer.data.models.inputs import (
    Gap,
    GapMechanism,
    Mechanism,
    Project,
    Region,
    Stakeholder,
    ValueChain,
    WorkArea,
)
from prioritizer.data.models.roadmap import Roadmap
from prioritizer.data.models.roadmap_checks import check_roadmaps
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


class Dataset(Frozen):
    """Criteria, scales, the §6.3 table, regions, stakeholders and projects, all cross-checked."""

    location: str
    files: dict[str, str]
    checksums: dict[str, str]
    elements: tuple[Element, ...]
    criteria: tuple[Criterion, ...]
    relevance_scale: RelevanceScale
    saaty_scale: SaatyScale
    random_index: RandomIndexTables
    work_areas: tuple[WorkArea, ...]
    gaps: tuple[Gap, ...]
    mechanisms: tuple[Mechanism, ...]
    gap_mechanisms: tuple[GapMechanism, ...]
    value_chains: tuple[ValueChain, ...]
    regions: tuple[Region, ...]
    stakeholders: tuple[Stakeholder, ...]
    projects: tuple[Project, ...]
    roadmaps: tuple[Roadmap, ...] = ()
    """The regions' roadmaps over years, for the regions that have one (optional files)."""

    @model_validator(mode="after")
    def _cross_references(self) -> Dataset:
        _check_references(self)
        check_roadmaps(self)
        return self

    # -- lookups -------------------------------------------------------------------------------
    @property
    def element_ids(self) -> tuple[str, ...]:
        """Ids of the elements, in file order (the columns of the §6.3 table)."""
        return tuple(element.id for element in self.elements)

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        """Ids of every criterion, in file order."""
        return tuple(criterion.id for criterion in self.criteria)

    @property
    def region_ids(self) -> tuple[str, ...]:
        """Ids of the regions, in file order."""
        return tuple(region.id for region in self.regions)

    def region(self, region_id: str) -> Region:
        """One region by id; KeyError if unknown."""
        return by_id(self.regions, region_id)

    def require_region(self, region_id: str, option: str = "--region") -> None:
        """Refuses a region the data set does not hold, naming the option and the regions."""
        if region_id not in self.region_ids:
            raise InputError(
                option,
                field="region",
                got=region_id,
                expected=phrase(
                    "one of the regions of the data set ({regions})",
                    regions=", ".join(self.region_ids),
                ),
            )

    def gap(self, gap_id: str) -> Gap:
        """One gap by id."""
        return by_id(self.gaps, gap_id)

    def mechanism(self, mechanism_id: str) -> Mechanism:
        """One mechanism by id."""
        return by_id(self.mechanisms, mechanism_id)

    def mechanisms_of(self, gap_id: str) -> tuple[str, ...]:
        """Mechanism ids the §6.3 table lists for a gap, in table order."""
        return tuple(link.mechanism for link in self.gap_mechanisms if link.gap == gap_id)

    def gaps_of(self, mechanism_id: str) -> tuple[str, ...]:
        """Gap ids a mechanism is listed for."""
        return tuple(link.gap for link in self.gap_mechanisms if link.mechanism == mechanism_id)

    def roadmap_of(self, region_id: str) -> Roadmap | None:
        """The region's roadmap, None when its folder has no roadmap.yaml."""
        return next((item for item in self.roadmaps if item.region == region_id), None)

    def projects_in(self, region_id: str) -> tuple[Project, ...]:
        """Candidate projects of a region, interregional ones included."""
        return tuple(project for project in self.projects if region_id in project.regions)

    def stakeholders_of(self, region_id: str) -> tuple[Stakeholder, ...]:
        """Stakeholders of a region."""
        return tuple(item for item in self.stakeholders if item.region == region_id)

    def sourced_records(self) -> Iterable[Sourced]:
        """Every record that carries a provenance, for summaries of what is illustrative."""
        yield from self.elements
        yield from self.criteria
        yield from self.work_areas
        yield from self.gaps
        yield from self.mechanisms
        yield from self.gap_mechanisms
        yield from self.value_chains
        for region in self.regions:
            yield region.budget
            yield region.rules
            yield from region.severities
        yield from self.stakeholders
        yield from self.projects
        for roadmap in self.roadmaps:
            yield from roadmap.records()
