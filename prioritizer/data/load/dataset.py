"""The data set: where it is, and its CSV and YAML files read into one validated Dataset
(every record keeps its file and line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from prioritizer.data.load.location import DatasetLocation, locate_dataset, printable_path
from prioritizer.data.load.numbers import _DOT_THOUSANDS, parse_number, whole_soles
from prioritizer.data.load.pydantic_errors import M, _build, _csv_field, _invalid
from prioritizer.data.load.text import _Reader, _split
from prioritizer.data.load.yaml_lines import _LineDict, _LineList, _YamlFloat
from prioritizer.data.models import (
    Criterion,
    Dataset,
    Element,
    Gap,
    GapMechanism,
    Mechanism,
    Origin,
    Project,
    RandomIndexTables,
    Region,
    RelevanceScale,
    SaatyScale,
    Severity,
    Stakeholder,
    ValueChain,
    WorkArea,
)
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase
from prioritizer.resources import embedded_dir


def _shares(cell: str, file: str, line: int) -> dict[str, str]:
    shares: dict[str, str] = {}
    for item in _split(cell):
        region, sep, share = item.partition(":")
        if not sep or not region.strip() or not share.strip():
            raise InputError(
                file,
                row=line,
                field="cost_shares",
                expected=phrase("region:percent pairs separated by ';' (cusco:40;puno:60)"),
                got=cell,
            )
        shares[region.strip()] = share.strip()
    return shares


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
    )


def _kind(value: Any) -> Phrase:
    """What a YAML value is, in the user's words (for "found a list; expected a mapping")."""
    if value is None:
        return phrase("nothing")
    if isinstance(value, bool):
        return phrase("a true/false value")
    if isinstance(value, int | float):
        return phrase("a number")
    if isinstance(value, str):
        return phrase("a text")
    if isinstance(value, list):
        return phrase("a list") if value else phrase("an empty list")
    if isinstance(value, dict):
        return phrase("a mapping")
    return phrase("a value of type {kind}", kind=type(value).__name__)


def _mapping(raw: Any, file: str, what: Phrase) -> _LineDict:
    if not isinstance(raw, _LineDict):
        raise InputError(file, row=getattr(raw, "line", 1), expected=what, got=_kind(raw))
    return raw


def _yaml_list(reader: _Reader, path: Path, key: str, model: type[M]) -> list[M]:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping with the key '{key}'", key=key))
    extra = [k for k in top if k != key]
    if extra:
        raise InputError(
            shown,
            row=top.lines[extra[0]],
            field=str(extra[0]),
            expected=phrase("only the key '{key}'", key=key),
            got=phrase("an unknown key"),
        )
    return [
        _build(model, item, file=shown, line=line, raw=item)
        for line, item in _entries(top, key, shown)
    ]


def _entries(top: _LineDict, key: str, shown: str) -> list[tuple[int, _LineDict]]:
    """The mappings listed under `key`, each with its line; a clear error for anything else."""
    items = top.get(key)
    if not isinstance(items, _LineList) or not items:
        raise InputError(
            shown,
            row=top.lines.get(key, top.line),
            field=key,
            expected=phrase("a non-empty list of entries"),
            got=_kind(items),
        )
    for index, item in enumerate(items):
        if not isinstance(item, _LineDict):
            raise InputError(
                shown,
                row=items.lines[index],
                field=key,
                expected=phrase("each entry to be a mapping (id: ..., name: ...)"),
                got=item,
            )
    return list(zip(items.lines, items, strict=True))


def _yaml_object(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    return _build(model, top, file=shown, line=top.line, raw=top)


def _yaml_plain(reader: _Reader, path: Path, model: type[M]) -> M:
    shown, raw = reader.yaml(path)
    top = _mapping(raw, shown, phrase("a mapping"))
    try:
        return model.model_validate(top)
    except ValidationError as error:
        raise _invalid(error, model, file=shown, line=top.line, field_name=None, raw=top) from None


def _level_aliases(scale: RelevanceScale) -> dict[str, str]:
    """Level ids by every way of writing them: `HIGH`, `high`, `Alta`, `muy alta`, `VERY_HIGH`."""
    aliases: dict[str, str] = {}
    for level in scale.levels:
        for text in (level.id, level.name.en, level.name.es):
            aliases[" ".join(text.replace("_", " ").split()).upper()] = level.id
    return aliases


def _level(text: str, aliases: Mapping[str, str]) -> str:
    return aliases.get(" ".join(text.replace("_", " ").split()).upper(), text)


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


def _refuse_dot_thousands(amount: Any, file: str, line: int | None) -> None:
    """A budget written `900.000`: YAML reads the number 900.0, but it was most likely typed as
    900 000 with a dot grouping thousands, so it is refused rather than read as 900 soles."""
    if isinstance(amount, _YamlFloat) and _DOT_THOUSANDS.fullmatch(amount.text):
        raise InputError(
            file,
            row=line,
            field="budget.budget_pen",
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
    shown, rows = reader.csv(path, columns, optional)
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


def load_random_index(criteria: Path | None = None) -> RandomIndexTables:
    """The random-index tables alone (for `weights ahp` on a matrix outside any data set)."""
    folder = criteria or embedded_dir("criteria")
    reader = _Reader(
        DatasetLocation(folder, folder, "embedded" if criteria is None else str(folder))
    )
    return _yaml_plain(reader, folder / "random_index.yaml", RandomIndexTables)
