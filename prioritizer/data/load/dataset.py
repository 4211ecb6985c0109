"""The data set: where it is, and its CSV and YAML files read into one validated Dataset
(every record keeps its file and line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from prioritizer.data.load.location import DatasetLocation, locate_dataset, printable_path
from prioritizer.data.load.pydantic_errors import _build, _csv_field
from prioritizer.data.load.records import (
    _level,
    _level_aliases,
    _yaml_list,
    _yaml_object,
    _yaml_plain,
)
from prioritizer.data.load.regions import _read_projects, _read_regions
from prioritizer.data.load.roadmap import _read_roadmaps
from prioritizer.data.load.text import _Reader
from prioritizer.data.models import (
    Criterion,
    Dataset,
    Element,
    Gap,
    GapMechanism,
    Mechanism,
    RandomIndexTables,
    RelevanceScale,
    SaatyScale,
    ValueChain,
    WorkArea,
)
from prioritizer.resources import embedded_dir


# -- the data set ----------------------------------------------------------------------------------
def load_dataset(inputs: Path | None = None) -> Dataset:
    """Reads and validates a whole data set (default: the embedded Cusco/Puno data)."""
    location = locate_dataset(inputs)
    reader = _Reader(location)
    criteria_dir, inputs_dir = location.criteria, location.inputs
    files = {
        "elements": location.show(criteria_dir / "elements.yaml"),
        "criteria": location.show(criteria_dir / "criteria.yaml"),
        "work_areas": location.show(inputs_dir / "work_areas.yaml"),
        "gaps": location.show(inputs_dir / "gaps.csv"),
        "mechanisms": location.show(inputs_dir / "mechanisms.csv"),
        "gap_mechanisms": location.show(inputs_dir / "gap_mechanisms.csv"),
        "value_chains": location.show(inputs_dir / "value_chains.yaml"),
        "regions": location.show(inputs_dir / "regions"),
        "stakeholders": location.show(inputs_dir / "regions"),
        "projects": location.show(inputs_dir / "projects.csv"),
    }
    elements = _yaml_list(reader, criteria_dir / "elements.yaml", "elements", Element)
    criteria = _yaml_list(reader, criteria_dir / "criteria.yaml", "criteria", Criterion)
    scale = _yaml_object(reader, criteria_dir / "relevance_scale.yaml", RelevanceScale)
    saaty = _yaml_object(reader, criteria_dir / "saaty_scale.yaml", SaatyScale)
    random_index = _yaml_plain(reader, criteria_dir / "random_index.yaml", RandomIndexTables)
    work_areas = _yaml_list(reader, inputs_dir / "work_areas.yaml", "work_areas", WorkArea)
    element_ids = [element.id for element in elements]
    levels = _level_aliases(scale)
    gaps = _read_gaps(reader, inputs_dir / "gaps.csv", element_ids, levels)
    mechanisms = _read_mechanisms(reader, inputs_dir / "mechanisms.csv")
    links = _read_links(reader, inputs_dir / "gap_mechanisms.csv")
    chains = _yaml_list(reader, inputs_dir / "value_chains.yaml", "value_chains", ValueChain)
    regions, stakeholders = _read_regions(reader, inputs_dir / "regions", levels)
    projects = _read_projects(reader, inputs_dir / "projects.csv")
    roadmaps = _read_roadmaps(reader, inputs_dir / "regions")
    return Dataset(
        location=printable_path(location.label),
        files=files,
        checksums=dict(sorted(reader.checksums.items())),
        elements=tuple(elements),
        criteria=tuple(criteria),
        relevance_scale=scale,
        saaty_scale=saaty,
        random_index=random_index,
        work_areas=tuple(work_areas),
        gaps=tuple(gaps),
        mechanisms=tuple(mechanisms),
        gap_mechanisms=tuple(links),
        value_chains=tuple(chains),
        regions=tuple(regions),
        stakeholders=tuple(stakeholders),
        projects=tuple(projects),
        roadmaps=tuple(roadmaps),
    )


def _read_gaps(
    reader: _Reader, path: Path, element_ids: Sequence[str], levels: Mapping[str, str]
) -> list[Gap]:
    shown, rows = reader.csv(
        path, ["id", "name_en", "name_es", *element_ids, "table_wording", "source"]
    )
    field = _csv_field({})
    return [
        _build(
            Gap,
            {
                "id": row["id"],
                "name": {"en": row["name_en"], "es": row["name_es"]},
                "relevance": {element: _level(row[element], levels) for element in element_ids},
                "table_wording": row["table_wording"],
                "source": row["source"],
            },
            file=shown,
            line=line,
            field_name=lambda loc: (
                str(loc[1]) if loc and loc[0] == "relevance" and len(loc) > 1 else field(loc)
            ),
        )
        for line, row in rows
    ]


def _read_mechanisms(reader: _Reader, path: Path) -> list[Mechanism]:
    shown, rows = reader.csv(path, ["id", "name_en", "name_es", "work_area", "source"])
    return [
        _build(
            Mechanism,
            {
                "id": row["id"],
                "name": {"en": row["name_en"], "es": row["name_es"]},
                "work_area": row["work_area"],
                "source": row["source"],
            },
            file=shown,
            line=line,
            field_name=_csv_field({}),
        )
        for line, row in rows
    ]


def _read_links(reader: _Reader, path: Path) -> list[GapMechanism]:
    shown, rows = reader.csv(path, ["gap", "mechanism", "table_wording", "source"])
    return [
        _build(GapMechanism, row, file=shown, line=line, field_name=_csv_field({}))
        for line, row in rows
    ]


def load_random_index(criteria: Path | None = None) -> RandomIndexTables:
    """The random-index tables alone (for `weights ahp` on a matrix outside any data set)."""
    folder = criteria or embedded_dir("criteria")
    reader = _Reader(
        DatasetLocation(folder, folder, "embedded" if criteria is None else str(folder))
    )
    return _yaml_plain(reader, folder / "random_index.yaml", RandomIndexTables)
