"""A workbook's tables written as the folder form (CSV and YAML files), each line
remembering the sheet cell it came from.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from prioritizer.data.workbook.conversion import _Conversion
from prioritizer.data.workbook.layout import (
    NUMBER,
    SWOT_PARTS,
    TEXT,
    _layout,
    _yaml_scalar,
)
from prioritizer.data.workbook.read import _Cell, _Row, _Table
from prioritizer.data.workbook.records import (
    _csv,
    _named_record,
    _Origins,
    _Record,
    _record_fields,
    _split,
    _Yaml,
)
from prioritizer.data.workbook.regions import convert_regions
from prioritizer.data.workbook.roadmaps import convert_roadmaps
from prioritizer.phrases import Phrase, phrase

_SCALES = (("relevance_scale", "levels", True), ("saaty_scale", "values", False))
"""The scale sheets: sheet id (and file name), the YAML list they fill, whether rows have ids."""


class _Converter(_Conversion):
    """Writes the folder form of a workbook, remembering where every line came from."""

    # -- criteria/ ---------------------------------------------------------------------------
    def convert(self) -> _Origins:
        layout = {sheet.id: sheet for sheet in _layout(())}
        elements = self.load(layout["elements"])
        self._named_list("criteria/elements.yaml", "elements", elements, ("description",))
        criteria = self.load(layout["criteria"])
        self._named_list(
            "criteria/criteria.yaml", "criteria", criteria, ("description",), ("type", "unit")
        )
        for sheet, key, ids in _SCALES:
            self._scale(self.load(layout[sheet]), f"criteria/{sheet}.yaml", key, ids=ids)
        self._random_index(self.load(layout["random_index"]))
        self._named_list(
            "inputs/work_areas.yaml", "work_areas", self.load(layout["work_areas"]), ()
        )
        element_ids = [row.text("id") for row in elements.rows if row.text("id")]
        names = {
            row.text("id"): [row.text("name_en"), row.text("name_es")]
            for row in elements.rows
            if row.text("id")
        }
        gaps_spec = next(s for s in _layout(element_ids) if s.id == "gaps")
        gaps = self.load(gaps_spec, names)
        self._csv_sheet("inputs/gaps.csv", gaps)
        self._csv_sheet("inputs/mechanisms.csv", self.load(layout["mechanisms"]))
        self._csv_sheet("inputs/gap_mechanisms.csv", self.load(layout["gap_mechanisms"]))
        self._value_chains(
            self.load(layout["value_chains"]),
            self.load(layout["challenges"]),
            self.load(layout["swot"]),
        )
        regions = convert_regions(self, layout)
        self._csv_sheet("inputs/projects.csv", self.load(layout["projects"]))
        convert_roadmaps(self, regions)
        return self.origins

    def _named_list(
        self,
        relative: str,
        key: str,
        table: _Table,
        localized: Sequence[str],
        plain: Sequence[str] = (),
    ) -> None:
        out = self.yaml(relative, table)
        out.add(f"{key}:", self.header_cell(table), {})
        for row in table.rows:
            record = _Record(out, 4, _record_fields(row))
            record.scalar("id", row, "id")
            for name in plain:
                record.scalar(name, row, name)
            record.localized("name", row, "name")
            for name in localized:
                record.localized(name, row, name)
            record.scalar("source", row, "source")
        self.write(relative, out.text(), table.title)

    def _one_source(self, table: _Table, key: str = "source") -> _Row | None:
        """The row whose `key` holds the value shared by the whole table (all rows agree)."""
        return self._agreed(
            table.rows,
            key,
            lambda first: phrase(
                "the same value as {cell} (one for the whole table) or an empty cell",
                cell=first.cell(key).ref,
            ),
        )

    def _agreed(
        self, rows: Sequence[_Row], key: str, expected: Callable[[_Row], Phrase]
    ) -> _Row | None:
        """The first of `rows` with a value in `key`; CellError at a later one whose value
        differs, saying what was `expected` (told the first)."""
        first: _Row | None = None
        for row in rows:
            if row.value(key) is None:
                continue
            if first is None:
                first = row
            elif row.text(key) != first.text(key):
                raise self.fail(row.cell(key), expected=expected(first), got=row.text(key))
        return first

    def _scale(self, table: _Table, relative: str, key: str, *, ids: bool) -> None:
        """A scale sheet (relevance or Saaty) as the YAML list `key` of its rows' (id,) value
        and name, with the table's one source."""
        out = self.yaml(relative, table)
        top = self._top_fields(table, {"source": "source", key: "value"})
        out.add(f"{key}:", self._first_cell(table, "value"), top)
        for row in table.rows:
            record = _Record(out, 4, _record_fields(row))
            if ids:
                record.scalar("id", row, "id")
            record.scalar("value", row, "value", NUMBER)
            record.localized("name", row, "name")
        self._source_line(out, table, top)
        self.write(relative, out.text(), table.title)

    def _top_fields(self, table: _Table, names: Mapping[str, str]) -> dict[str, _Cell]:
        return {name: self._first_cell(table, key) for name, key in names.items()}

    def _first_cell(self, table: _Table, key: str) -> _Cell:
        return table.rows[0].cell(key) if table.rows else table.header[key]

    def _source_line(self, out: _Yaml, table: _Table, top: Mapping[str, _Cell]) -> None:
        row = self._one_source(table)
        if row is not None:
            out.add(f"source: {_yaml_scalar(row.value('source'), TEXT)}", row.cell("source"), top)

    def _random_index(self, table: _Table) -> None:
        relative = "criteria/random_index.yaml"
        out = self.yaml(relative, table)
        groups: dict[str, list[_Row]] = {}
        for row in table.rows:
            groups.setdefault(row.text("table"), []).append(row)
        default: _Row | None = None
        for row in table.rows:
            if self._flag(row, "default"):
                if default is not None and row.text("table") != default.text("table"):
                    raise self.fail(
                        row.cell("default"),
                        expected=phrase(
                            "one default table ({table} is marked at {cell})",
                            table=default.text("table"),
                            cell=default.cell("default").ref,
                        ),
                        got=row.value("default"),
                    )
                default = default or row
        top = self._top_fields(table, {"default": "default", "tables": "table"})
        if default is not None:
            out.add(
                f"default: {_yaml_scalar(default.text('table'), TEXT)}",
                default.cell("default"),
                top,
            )
        out.add("tables:", self._first_cell(table, "table"), top)
        for rows in groups.values():
            first = rows[0]
            fields = _record_fields(first)
            record = _Record(out, 4, fields)
            record.scalar("id", first, "table")
            citation = self._agreed(
                rows,
                "citation",
                lambda cited: phrase(
                    "the citation of {table} as at {cell}, or an empty cell",
                    table=cited.text("table"),
                    cell=cited.cell("citation").ref,
                ),
            )
            record.scalar("citation", citation or first, "citation")
            record.line("values:", first.cell("n"))
            for row in rows:
                record.line(
                    f"{_yaml_scalar(row.value('n'), NUMBER)}: "
                    f"{_yaml_scalar(row.value('value'), NUMBER)}",
                    row.cell("value"),
                    depth=1,
                )
        self.write(relative, out.text(), table.title)

    # -- inputs/ -----------------------------------------------------------------------------
    def _csv_sheet(self, relative: str, table: _Table) -> None:
        keys = [key for key in table.spec.column_keys() if key in table.header]
        self.write(relative, _csv(relative, self.origins, keys, table.rows, keys), table.title)

    def _value_chains(self, chains: _Table, challenges: _Table, swot: _Table) -> None:
        relative = "inputs/value_chains.yaml"
        known = {row.text("id") for row in chains.rows}
        expected = phrase(
            "a value chain id of the sheet {sheet} ({ids})",
            sheet=chains.title,
            ids=", ".join(sorted(known)),
        )
        by_chain = self.group_by(challenges, "value_chain", known, expected)
        points = self.group_by(swot, "value_chain", known, expected)
        for row in swot.rows:
            if row.text("kind") not in SWOT_PARTS:
                raise self.fail(
                    row.cell("kind"),
                    expected=phrase("one of {allowed}", allowed=", ".join(SWOT_PARTS)),
                    got=row.value("kind") or phrase("nothing"),
                )
        out = self.yaml(relative, chains)
        out.add("value_chains:", self.header_cell(chains), {})
        for row in chains.rows:
            chain = row.text("id")
            record = _named_record(out, row)
            record.scalar("source", row, "source")
            self._challenges(out, record, by_chain.get(chain, []))
            record.line("swot:", row.cell("id"))
            for part in SWOT_PARTS:
                rows = [r for r in points.get(chain, []) if r.text("kind") == part]
                record.line(f"{part}:" if rows else f"{part}: []", row.cell("id"), depth=1)
                for index, item in enumerate(rows):
                    record.fields[f"swot.{part}.{index}"] = item.cell("text_en")
                    sub = _Record(out, 10, _record_fields(item, {"en": "text_en", "es": "text_es"}))
                    sub.scalar("en", item, "text_en")
                    sub.scalar("es", item, "text_es")
                    sub.close(item.cell("text_en"))
        self.write(relative, out.text(), chains.title, challenges.title, swot.title)

    def _challenges(self, out: _Yaml, record: _Record, rows: Sequence[_Row]) -> None:
        cell = record.fields["id"]
        record.line("challenges:" if rows else "challenges: []", cell)
        for index, row in enumerate(rows):
            record.fields[f"challenges.{index}"] = row.cell("letter")
            fields = _record_fields(row)
            sub = _Record(out, 8, fields)
            sub.scalar("letter", row, "letter")
            sub.localized("name", row, "name")
            sub.localized("description", row, "description")
            gaps = _split(row.text("gaps"))
            if gaps:
                sub.line("gaps:", row.cell("gaps"))
                for gap in gaps:
                    sub.line(f"  - {json.dumps(gap, ensure_ascii=False)}", row.cell("gaps"))
            sub.scalar("source", row, "source")
            sub.close(row.cell("letter"))
            for key, value in list(fields.items()):
                record.fields.setdefault(f"challenges.{index}.{key}", value)
