"""Reading a region's folder: region.yaml, severities.csv, stakeholders.yaml, and the candidate
projects of the data set."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from prioritizer.data.load.numbers import _DOT_THOUSANDS, parse_number, whole_soles
from prioritizer.data.load.pydantic_errors import _build, _csv_field
from prioritizer.data.load.records import _entries, _level, _mapping, _shares
from prioritizer.data.load.sizes import MAX_CANDIDATES
from prioritizer.data.load.text import _Reader, _split
from prioritizer.data.load.yaml_lines import _LineDict, _YamlFloat
from prioritizer.data.models import (
    Origin,
    Project,
    Region,
    Severity,
    Stakeholder,
)
from prioritizer.errors import InputError
from prioritizer.phrases import phrase


def _read_regions(
    reader: _Reader, folder: Path, levels: Mapping[str, str]
) -> tuple[list[Region], list[Stakeholder]]:
    shown_folder = reader.location.show(folder)
    if not folder.is_dir():
        raise InputError(
            shown_folder,
            expected=phrase("a folder with one subfolder per region"),
            got=phrase("no such folder"),
        )
    region_dirs = sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not region_dirs:
        raise InputError(
            shown_folder,
            expected=phrase("at least one region subfolder (cusco/, puno/)"),
            got=phrase("none"),
        )
    regions: list[Region] = []
    stakeholders: list[Stakeholder] = []
    for region_dir in region_dirs:
        shown, raw = reader.yaml(region_dir / "region.yaml")
        top = _mapping(raw, shown, phrase("a mapping with id, name, facts, budget, rules"))
        if top.get("id") != region_dir.name:
            raise InputError(
                shown,
                row=top.lines.get("id", top.line),
                field="id",
                expected=phrase("the folder's name ({name})", name=region_dir.name),
                got=top.get("id"),
            )
        severities = _read_severities(reader, region_dir / "severities.csv", levels)
        rules = top.get("rules")
        rules_data = rules if isinstance(rules, Mapping) else {"source": "default"}
        region_data = {
            **top,
            "rules": {**rules_data, "origin": Origin(file=shown, line=top.lines.get("rules"))},
            "severities": severities,
            "source": top.get("source", "report §5 (regional context)"),
        }
        budget = top.get("budget")
        if isinstance(budget, _LineDict):
            _refuse_dot_thousands(budget.get("budget_pen"), shown, budget.lines.get("budget_pen"))
            region_data["budget"] = {
                **budget,
                "origin": Origin(file=shown, line=top.lines.get("budget")),
            }
        regions.append(_build(Region, region_data, file=shown, line=top.line, raw=top))
        stakeholders.extend(
            _read_stakeholders(reader, region_dir / "stakeholders.yaml", region_dir.name)
        )
    return regions, stakeholders


def _refuse_dot_thousands(
    amount: Any, file: str, line: int | None, field: str = "budget.budget_pen"
) -> None:
    """A budget written `900.000`: YAML reads the number 900.0, but it was most likely typed as
    900 000 with a dot grouping thousands, so it is refused rather than read as 900 soles."""
    if isinstance(amount, _YamlFloat) and _DOT_THOUSANDS.fullmatch(amount.text):
        raise InputError(
            file,
            row=line,
            field=field,
            expected=phrase("a whole number of soles"),
            got=amount,
            hint=phrase(
                "write {amount} for {amount} soles: YAML reads {text} as {number}",
                amount=int(amount.text.replace(".", "")),
                text=amount.text,
                number=f"{float(amount):g}",
            ),
        )


def _read_severities(reader: _Reader, path: Path, levels: Mapping[str, str]) -> list[Severity]:
    shown, rows = reader.csv(path, ["gap", "level", "source"], ["quote"])
    return [
        _build(
            Severity,
            {**row, "level": _level(row["level"], levels), "quote": row.get("quote") or None},
            file=shown,
            line=line,
            field_name=_csv_field({}),
        )
        for line, row in rows
    ]


def _read_stakeholders(reader: _Reader, path: Path, region_id: str) -> list[Stakeholder]:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping with 'region' and 'stakeholders'"))
    for key in top:
        if key not in ("region", "stakeholders"):
            raise InputError(
                shown,
                row=top.lines[key],
                field=str(key),
                expected=phrase("only the keys 'region' and 'stakeholders'"),
                got=phrase("an unknown key"),
            )
    if top.get("region", region_id) != region_id:
        raise InputError(
            shown,
            row=top.lines.get("region"),
            field="region",
            expected=phrase("the folder's region ({region})", region=region_id),
            got=top.get("region"),
        )
    built = []
    for line, item in _entries(top, "stakeholders", shown):
        data = {**item, "region": region_id}
        for key in ("judgments", "points"):
            if key in item:
                data[key] = _numbers(
                    item[key], shown, item.lines[key], key, judgments=key == "judgments"
                )
        built.append(_build(Stakeholder, data, file=shown, line=line, raw=item))
    return built


# `3:1`, a ratio written as in conversation; a judgment is the one number 3 (`1:3` is 1/3).
_RATIO = re.compile(r"\s*(\d+(?:\.\d+)?)\s*:\s*(\d+(?:\.\d+)?)\s*")


def _numbers(value: Any, file: str, line: int, field: str, *, judgments: bool) -> Any:
    """Turns judgment or point cells such as `1/3` into numbers, keeping the structure for
    validation. A judgment is a positive number or fraction; points need only be >= 0."""
    if isinstance(value, _LineDict):
        out = _LineDict()
        out.line, out.lines = value.line, value.lines
        for key, item in value.items():
            out[key] = _numbers(item, file, value.lines[key], f"{field}.{key}", judgments=judgments)
        return out
    expected = (
        phrase("a positive number or fraction like 1/3")
        if judgments
        else phrase("a finite number >= 0")
    )
    ratio = _RATIO.fullmatch(value) if judgments and isinstance(value, str) else None
    if ratio is not None:
        above, below = ratio.groups()
        raise InputError(
            file,
            row=line,
            field=field,
            expected=expected,
            got=value,
            hint=phrase(
                "write the ratio {ratio} as {fraction}: a judgment is one number "
                "on Saaty's scale, from 1/9 to 9",
                ratio=value.strip(),
                fraction=above if below == "1" else f"{above}/{below}",
            ),
        )
    if isinstance(value, str):
        return parse_number(value, file=file, line=line, field=field, expected=expected)
    if isinstance(value, bool):
        raise InputError(file, row=line, field=field, expected=expected, got=value)
    return value


def _read_projects(reader: _Reader, path: Path) -> list[Project]:
    columns = [
        "id",
        "name_en",
        "name_es",
        "value_chain",
        "regions",
        "cost_pen",
        "mechanisms",
        "gaps",
        "phase",
        "source",
    ]
    optional = ["cost_shares", "requires", "excludes", "mandatory"]
    shown, rows = reader.csv(
        path, columns, optional, most=(MAX_CANDIDATES, phrase("candidate projects"))
    )
    projects = []
    for line, row in rows:
        data: dict[str, Any] = {
            "id": row["id"],
            "name": {"en": row["name_en"], "es": row["name_es"]},
            "value_chain": row["value_chain"],
            "regions": _split(row["regions"]),
            "cost_pen": whole_soles(
                row["cost_pen"],
                file=shown,
                line=line,
                field="cost_pen",
                decimal_comma=reader.decimal_comma.get(shown, False),
            ),
            "cost_shares": _shares(row.get("cost_shares", ""), shown, line),
            "mechanisms": _split(row["mechanisms"]),
            "gaps": _split(row["gaps"]),
            "phase": row["phase"],
            "requires": _split(row.get("requires", "")),
            "excludes": _split(row.get("excludes", "")),
            "mandatory": row.get("mandatory") or "false",
            "source": row["source"],
        }
        projects.append(_build(Project, data, file=shown, line=line, field_name=_csv_field({})))
    return projects
