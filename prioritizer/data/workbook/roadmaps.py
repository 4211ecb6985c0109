"""The regions' roadmaps of a workbook as files: roadmap.yaml, project_levels.csv and
synergies.csv in the folder of each region with a row in the roadmaps sheet, from the sheets keyed
by region (the pools sheet with one amount column per year of the plans)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from prioritizer.data.load.roadmap import LEVELS_FILE, ROADMAP_FILE, SYNERGIES_FILE
from prioritizer.data.models.roadmap import MAX_PLAN_YEARS
from prioritizer.data.workbook.conversion import _Conversion
from prioritizer.data.workbook.layout import MONEY, NUMBER, _layout, _yaml_scalar, year_labels
from prioritizer.data.workbook.read import _Row, _Table
from prioritizer.data.workbook.records import _csv, _Record, _record_fields, _split, _Yaml
from prioritizer.data.workbook.regions import by_region
from prioritizer.phrases import phrase

_KEYED = ("units", "commitments", "windows", "project_levels", "synergies")
"""The roadmap sheets besides roadmaps and pools, each keyed by region in its first column."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """A row of the roadmaps sheet: a region's plan, its years checked as whole numbers."""

    row: _Row
    first: int
    last: int

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))


def convert_roadmaps(conv: _Conversion, regions: Mapping[str, _Row]) -> None:
    """The roadmap sheets as files in the folder of each region that has a plan; a region
    without a row in the roadmaps sheet gets no roadmap files. A workbook with none of the
    roadmap sheets (made before they existed) has no roadmaps; one with some of them is refused
    at the first one missing."""
    if not any(conv.reader.has(sheet) for sheet in ("roadmaps", "pools", *_KEYED)):
        return
    layout = {sheet.id: sheet for sheet in _layout(())}
    roadmaps = conv.load(layout["roadmaps"])
    plans = _plans(conv, roadmaps, regions)
    years = sorted({year for plan in plans.values() for year in plan.years})
    labels = {key: list(names.values()) for key, names in year_labels(years).items()}
    pools = conv.load(next(s for s in _layout((), years) if s.id == "pools"), labels)
    tables = {name: conv.load(layout[name]) for name in _KEYED}
    grouped = {
        name: _planned(conv, table, regions, plans, roadmaps.title)
        for name, table in (("pools", pools), *tables.items())
    }
    for region, plan in plans.items():
        rows = {name: groups.get(region, []) for name, groups in grouped.items()}
        if not rows["pools"]:
            raise conv.fail(
                plan.row.cell("region"),
                expected=phrase(
                    "at least one row of {region} in the sheet {sheet} (a plan needs a funding "
                    "pool)",
                    region=region,
                    sheet=pools.title,
                ),
                got=region,
            )
        folder = f"inputs/regions/{region}"
        sheets = (roadmaps.title, pools.title, *(tables[n].title for n in _KEYED[:3]))
        _roadmap_yaml(conv, f"{folder}/{ROADMAP_FILE}", roadmaps, plan, years, rows, sheets)
        for name, file in (("project_levels", LEVELS_FILE), ("synergies", SYNERGIES_FILE)):
            if rows[name]:
                table, relative = tables[name], f"{folder}/{file}"
                keys = [key for key in table.spec.column_keys() if key in table.header][1:]
                text = _csv(relative, conv.origins, keys, rows[name], keys)
                conv.write(relative, text, table.title)


def _plans(conv: _Conversion, table: _Table, regions: Mapping[str, _Row]) -> dict[str, _Plan]:
    """The roadmaps sheet by region: known regions, each once, years that make a plan."""
    plans: dict[str, _Plan] = {}
    for region, rows in by_region(conv, table, regions, conv.origins.titles["regions"]).items():
        row = rows[0]
        if len(rows) > 1:
            raise conv.fail(
                rows[1].cell("region"),
                expected=phrase(
                    "each region once ({region} is also at {cell})",
                    region=region,
                    cell=row.cell("region").ref,
                ),
                got=region,
            )
        first, last = _year(conv, row, "first_year"), _year(conv, row, "last_year")
        if not first <= last < first + MAX_PLAN_YEARS:
            raise conv.fail(
                row.cell("last_year"),
                expected=phrase(
                    "a year from {first} to {latest}",
                    first=first,
                    latest=first + MAX_PLAN_YEARS - 1,
                ),
                got=last,
            )
        plans[region] = _Plan(row, first, last)
    return plans


def _year(conv: _Conversion, row: _Row, key: str) -> int:
    """A year cell as a whole number (a number, or digits typed as text)."""
    value: Any = row.value(key)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,6}", value):
        return int(value)
    whole = isinstance(value, int | float) and not isinstance(value, bool)
    if whole and float(value).is_integer():
        return int(value)
    raise conv.fail(
        row.cell(key),
        expected=phrase("a year as a whole number (e.g. 2027)"),
        got=phrase("nothing") if value is None else value,
    )


def _planned(
    conv: _Conversion,
    table: _Table,
    regions: Mapping[str, _Row],
    plans: Mapping[str, _Plan],
    roadmaps: str,
) -> dict[str, list[_Row]]:
    """The rows of a roadmap sheet by region, each region one with a plan."""
    groups = by_region(conv, table, regions, conv.origins.titles["regions"])
    for region, rows in groups.items():
        if region not in plans:
            raise conv.fail(
                rows[0].cell("region"),
                expected=phrase(
                    "a region with a row in the sheet {sheet} ({ids})",
                    sheet=roadmaps,
                    ids=", ".join(plans) or "—",
                ),
                got=region,
            )
    return groups


def _roadmap_yaml(
    conv: _Conversion,
    relative: str,
    table: _Table,
    plan: _Plan,
    years: Sequence[int],
    rows: Mapping[str, Sequence[_Row]],
    sheets: Sequence[str],
) -> None:
    row = plan.row
    out = conv.yaml(relative, table)
    fields = _record_fields(row, {"years": "first_year", "years.first": "first_year"})
    fields["years.last"] = row.cell("last_year")
    top = _Record(out, 0, fields, first=False)
    top.line('"years":', row.cell("first_year"))
    top.line(f'"first": {plan.first}', row.cell("first_year"), depth=1)
    top.line(f'"last": {plan.last}', row.cell("last_year"), depth=1)
    top.scalar("source", row, "source")
    top.line('"pools":', rows["pools"][0].cell("id"))
    for pool in rows["pools"]:
        _pool(conv, out, plan, pool, years)
    for name, write in (("units", _unit), ("commitments", _commitment), ("windows", _window)):
        if rows[name]:
            top.line(f'"{name}":', rows[name][0].cell("region"))
        for item in rows[name]:
            write(_Record(out, 4, _record_fields(item)), item)
    conv.write(relative, out.text(), *sheets)


def _pool(conv: _Conversion, out: _Yaml, plan: _Plan, row: _Row, years: Sequence[int]) -> None:
    """A pool's row: an amount in every year of its region's plan, no amount outside it."""
    region, span = row.text("region"), {"first": plan.first, "last": plan.last}
    for year in years:
        value, cell = row.value(str(year)), row.cell(str(year))
        if year in plan.years and value is None:
            raise conv.fail(
                cell,
                expected=phrase(
                    "an amount for {year}, a year of the plan of {region} ({first}-{last}); 0 "
                    "when the pool has nothing that year",
                    year=year,
                    region=region,
                    **span,
                ),
                got=phrase("nothing"),
            )
        if year not in plan.years and value is not None:
            raise conv.fail(
                cell,
                expected=phrase(
                    "an empty cell: {year} is outside the plan of {region} ({first}-{last})",
                    year=year,
                    region=region,
                    **span,
                ),
                got=value,
            )
    first = str(plan.first)
    names = {"amounts_pen": first, **{f"amounts_pen.{year}": str(year) for year in plan.years}}
    record = _Record(out, 4, _record_fields(row, names))
    record.scalar("id", row, "id")
    record.localized("name", row, "name")
    record.line('"amounts_pen":', row.cell(first))
    for year in plan.years:
        amount = _yaml_scalar(row.value(str(year)), MONEY)
        record.line(f"{year}: {amount}", row.cell(str(year)), depth=1)
    if row.value("carry_over") is not None:
        flag = "true" if conv._flag(row, "carry_over") else "false"
        record.line(f'"carry_over": {flag}', row.cell("carry_over"))
    _ids(record, row, "value_chains")
    _ids(record, row, "mechanisms")
    record.scalar("max_share", row, "max_share", NUMBER)
    record.scalar("source", row, "source")
    record.close(row.cell("region"))


def _unit(record: _Record, row: _Row) -> None:
    record.scalar("id", row, "id")
    record.localized("name", row, "name")
    record.scalar("max_running", row, "max_running", NUMBER)
    _ids(record, row, "projects")
    record.scalar("source", row, "source")
    record.close(row.cell("region"))


def _commitment(record: _Record, row: _Row) -> None:
    record.scalar("project", row, "project")
    record.scalar("start", row, "start", NUMBER)
    record.scalar("level", row, "level")
    record.scalar("source", row, "source")
    record.close(row.cell("region"))


def _window(record: _Record, row: _Row) -> None:
    record.scalar("project", row, "project")
    record.scalar("earliest", row, "earliest", NUMBER)
    record.scalar("latest", row, "latest", NUMBER)
    record.scalar("source", row, "source")
    record.close(row.cell("region"))


def _ids(record: _Record, row: _Row, key: str) -> None:
    """A cell of ids separated by ';' as a YAML list (nothing when the cell is empty)."""
    items = _split(row.text(key))
    if items:
        record.line(f'"{key}":', row.cell(key))
        for item in items:
            record.line(f"  - {json.dumps(item, ensure_ascii=False)}", row.cell(key))
