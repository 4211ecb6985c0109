"""Reading a region's roadmap: roadmap.yaml (years, pools, units, commitments, windows),
project_levels.csv and synergies.csv, all optional; a region without roadmap.yaml has none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prioritizer.data.load.numbers import parse_number, whole_soles
from prioritizer.data.load.pydantic_errors import _build, _csv_field
from prioritizer.data.load.records import _entries, _mapping
from prioritizer.data.load.regions import _refuse_dot_thousands
from prioritizer.data.load.text import _Reader, _split
from prioritizer.data.load.yaml_lines import _LineDict
from prioritizer.data.models.roadmap import (
    Commitment,
    ExecutingUnit,
    FundingPool,
    ProjectLevel,
    Roadmap,
    StartWindow,
    SynergyRecord,
)
from prioritizer.errors import InputError
from prioritizer.phrases import phrase

ROADMAP_FILE = "roadmap.yaml"
LEVELS_FILE = "project_levels.csv"
SYNERGIES_FILE = "synergies.csv"

_LISTS = (
    ("units", ExecutingUnit),
    ("commitments", Commitment),
    ("windows", StartWindow),
)


def _read_roadmaps(reader: _Reader, folder: Path) -> list[Roadmap]:
    """The roadmap of every region folder that has a roadmap.yaml, in folder order."""
    if not folder.is_dir():
        return []  # the regions' reader says what is wrong with the folder
    roadmaps = []
    for region_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        if region_dir.name.startswith("."):
            continue
        if (region_dir / ROADMAP_FILE).is_file():
            roadmaps.append(_read_roadmap(reader, region_dir))
            continue
        for name in (LEVELS_FILE, SYNERGIES_FILE):
            if (region_dir / name).exists():
                raise InputError(
                    reader.location.show(region_dir / name),
                    expected=phrase(
                        "a {file} beside it (the plan's years and funding pools)", file=ROADMAP_FILE
                    ),
                    got=phrase("no such file"),
                )
    return roadmaps


def _read_roadmap(reader: _Reader, region_dir: Path) -> Roadmap:
    shown, raw = reader.yaml(region_dir / ROADMAP_FILE)
    top = _mapping(raw, shown, phrase("a mapping with years, pools and source"))
    if top.get("region", region_dir.name) != region_dir.name:
        raise InputError(
            shown,
            row=top.lines.get("region"),
            field="region",
            expected=phrase("the folder's region ({region})", region=region_dir.name),
            got=top.get("region"),
        )
    data: dict[str, Any] = {**top, "region": region_dir.name}
    data["pools"] = [_pool(item, shown, line) for line, item in _entries(top, "pools", shown)]
    for key, model in _LISTS:
        if key in top:
            data[key] = [
                _build(model, item, file=shown, line=line, raw=item)
                for line, item in _entries(top, key, shown)
            ]
    if (region_dir / LEVELS_FILE).exists():
        data["levels"] = _read_levels(reader, region_dir / LEVELS_FILE)
    if (region_dir / SYNERGIES_FILE).exists():
        data["synergies"] = _read_synergies(reader, region_dir / SYNERGIES_FILE)
    return _build(Roadmap, data, file=shown, line=top.line, raw=top)


def _pool(item: _LineDict, shown: str, line: int) -> FundingPool:
    amounts = item.get("amounts_pen")
    if isinstance(amounts, _LineDict):
        for year, amount in amounts.items():
            _refuse_dot_thousands(amount, shown, amounts.lines[year], f"amounts_pen.{year}")
    return _build(FundingPool, item, file=shown, line=line, raw=item)


def _read_levels(reader: _Reader, path: Path) -> list[ProjectLevel]:
    shown, rows = reader.csv(
        path, ["project", "level", "name_en", "name_es", "costs_pen", "source"], ["value_factor"]
    )
    comma = reader.decimal_comma.get(shown, False)
    levels = []
    for line, row in rows:
        data: dict[str, Any] = {
            "project": row["project"],
            "level": row["level"],
            "name": {"en": row["name_en"], "es": row["name_es"]},
            "costs_pen": [
                whole_soles(cost, file=shown, line=line, field="costs_pen", decimal_comma=comma)
                for cost in _split(row["costs_pen"])
            ],
            "source": row["source"],
        }
        if row.get("value_factor"):
            data["value_factor"] = _number(row["value_factor"], shown, line, "value_factor", comma)
        levels.append(_build(ProjectLevel, data, file=shown, line=line, field_name=_csv_field({})))
    return levels


def _read_synergies(reader: _Reader, path: Path) -> list[SynergyRecord]:
    shown, rows = reader.csv(
        path,
        ["id", "name_en", "name_es", "projects", "source"],
        ["extra_value_pct", "saving_pen", "bearer"],
    )
    comma = reader.decimal_comma.get(shown, False)
    synergies = []
    for line, row in rows:
        data: dict[str, Any] = {
            "id": row["id"],
            "name": {"en": row["name_en"], "es": row["name_es"]},
            "projects": _split(row["projects"]),
            "source": row["source"],
        }
        if row.get("extra_value_pct"):
            data["extra_value_pct"] = _number(
                row["extra_value_pct"], shown, line, "extra_value_pct", comma
            )
        if row.get("saving_pen"):
            data["saving_pen"] = whole_soles(
                row["saving_pen"], file=shown, line=line, field="saving_pen", decimal_comma=comma
            )
        if row.get("bearer"):
            data["bearer"] = row["bearer"]
        synergies.append(
            _build(SynergyRecord, data, file=shown, line=line, field_name=_csv_field({}))
        )
    return synergies


def _number(text: str, file: str, line: int, field: str, comma: bool) -> float:
    return parse_number(
        text,
        file=file,
        line=line,
        field=field,
        decimal_comma=comma,
        expected=phrase("a number (e.g. 0.5)"),
    )
