"""A workbook's tables written as the folder form (CSV and YAML files), each line
remembering the sheet cell it came from.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prioritizer.cells import defuse
from prioritizer.data.load import LIST_SEPARATOR
from prioritizer.data.models.common import SLUG_PATTERN
from prioritizer.data.workbook.layout import (
    FALSE_WORDS,
    JUDGMENT,
    MONEY,
    NUMBER,
    SWOT_PARTS,
    TEXT,
    TRUE_WORDS,
    CellError,
    _layout,
    _norm,
    _plain,
    _Sheet,
    _yaml_scalar,
)
from prioritizer.data.workbook.read import _Cell, _Row, _Table, _WorkbookReader
from prioritizer.errors import InputError
from prioritizer.phrases import Phrase, phrase


# -- the folder form, with a map back to the cells ---------------------------------------------
@dataclass
class _Origins:
    """Where each line of the folder form came from: a cell, and a cell per field name."""

    workbook: str
    lines: dict[tuple[str, int], tuple[_Cell, Mapping[str, _Cell]]] = field(default_factory=dict)
    sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tables: dict[str, _Table] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    """Sheet id -> the sheet's title in this workbook."""

    def add(self, file: str, line: int, cell: _Cell, fields: Mapping[str, _Cell]) -> None:
        self.lines[(file, line)] = (cell, fields)

    def cell_of(
        self, file: str, line: int | None, field_name: str | None, got: object
    ) -> _Cell | None:
        """The cell an error at (file, line, field) points to; found by value as a last resort."""
        hit = self.lines.get((file, line)) if line is not None else None
        if hit is not None:
            cell, fields = hit
            if field_name:
                parts = field_name.split(".")
                candidates = [f"{field_name}={got}"] + [
                    ".".join(parts[:size]) for size in range(len(parts), 0, -1)
                ]
                for candidate in candidates:
                    if candidate in fields:
                        return fields[candidate]
            return cell
        if field_name is None or got is None:
            return None
        wanted = str(got)
        key = field_name.split(".")[-1]
        for title in self.sheets.get(file, ()):
            table = self.tables[title]
            if key not in table.header:
                continue
            for row in table.rows:
                if wanted == row.text(key) or wanted in _split(row.text(key)):
                    return row.cell(key)
        return None

    def relocate(self, error: InputError, root: Path) -> InputError:
        """The error of the folder form, pointed at the workbook's sheet and cell."""
        relative = _relative(error.file, root)
        if isinstance(error.got, (list, tuple, dict)):
            error = InputError(
                error.file,
                row=error.row,
                field=error.field,
                expected=error.expected,
                hint=error.hint,
            )
        if relative is None:
            return InputError(
                self.workbook, field=error.field, expected=error.expected, got=error.got
            )
        cell = self.cell_of(relative, error.row, error.field, error.got)
        if cell is None:
            sheets = self.sheets.get(relative)
            if not sheets:
                return InputError(
                    self.workbook, field=error.field, expected=error.expected, got=error.got
                )
            return CellError(
                self.workbook,
                sheets[0],
                None,
                field=error.field,
                expected=error.expected,
                got=error.got,
                hint=error.hint,
            )
        return CellError(
            self.workbook,
            cell.sheet,
            cell.ref,
            field=cell.label or error.field,
            expected=error.expected,
            got=error.got,
            hint=error.hint,
        )


def _relative(file: str, root: Path) -> str | None:
    base = str(root).rstrip("/") + "/"
    return file[len(base) :] if file.startswith(base) else None


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


class _Yaml:
    """A YAML file written line by line, each line tied to the cell it came from."""

    def __init__(self, file: str, origins: _Origins, source: str, sheet: str) -> None:
        self.file = file
        self.origins = origins
        self.lines: list[str] = [f"# Written by prioritizer from {source} (sheet {sheet})."]

    def add(self, text: str, cell: _Cell, fields: Mapping[str, _Cell]) -> None:
        self.lines.append(text)
        self.origins.add(self.file, len(self.lines), cell, fields)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


@dataclass
class _Record:
    """One record written as a YAML mapping: its cells by field name, and the first line's dash."""

    out: _Yaml
    indent: int
    fields: dict[str, _Cell]
    first: bool = True

    def line(self, text: str, cell: _Cell, depth: int = 0) -> None:
        pad = " " * (self.indent + 2 * depth)
        if self.first:
            self.out.add(f"{' ' * (self.indent - 2)}- {text}", cell, self.fields)
            self.first = False
        else:
            self.out.add(f"{pad}{text}", cell, self.fields)

    def close(self, cell: _Cell) -> None:
        """Writes an empty mapping when no field had a value, so the record is not lost."""
        if self.first:
            self.line("{}", cell)

    def scalar(self, key: str, row: _Row, column: str, kind: str = TEXT, depth: int = 0) -> None:
        if row.value(column) is not None:
            self.line(
                f"{json.dumps(key)}: {_yaml_scalar(row.value(column), kind)}",
                row.cell(column),
                depth,
            )

    def localized(self, key: str, row: _Row, prefix: str, depth: int = 0) -> None:
        en, es = f"{prefix}_en", f"{prefix}_es"
        if row.value(en) is None and row.value(es) is None:
            return
        self.line(f"{json.dumps(key)}:", row.cell(en), depth)
        self.scalar("en", row, en, depth=depth + 1)
        self.scalar("es", row, es, depth=depth + 1)


def _record_fields(row: _Row, yaml_names: Mapping[str, str] | None = None) -> dict[str, _Cell]:
    """Field names an error may carry, each with its cell: column keys and YAML paths."""
    fields = dict(row.cells)
    for key, cell in row.cells.items():
        for suffix in ("_en", "_es"):
            if key.endswith(suffix):
                stem = key.removesuffix(suffix)
                fields[f"{stem}.{suffix[1:]}"] = cell
                fields.setdefault(stem, row.cells.get(f"{stem}_en", cell))
    for name, key in (yaml_names or {}).items():
        if key in row.cells:
            fields[name] = row.cells[key]
    return fields


def _csv(
    file: str, origins: _Origins, header: Sequence[str], rows: Sequence[_Row], keys: Sequence[str]
) -> str:
    """A CSV file from rows of a sheet; each record's first line is tied to its row. Text that
    starts like a formula is defused (`cells.defuse`); the loader reads it back unchanged."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        line = out.getvalue().count("\n") + 1
        writer.writerow([defuse(row.text(key)) for key in keys])
        origins.add(file, line, row.cell(keys[0]), _record_fields(row))
    return out.getvalue()


class _Converter:
    """Writes the folder form of a workbook, remembering where every line came from."""

    def __init__(self, reader: _WorkbookReader, root: Path) -> None:
        self.reader = reader
        self.root = root
        self.origins = _Origins(reader.name)
        self.source = reader.path.name

    def write(self, relative: str, text: str, *sheets: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.origins.sheets[relative] = sheets

    def load(self, spec: _Sheet, aliases: Mapping[str, Iterable[str]] | None = None) -> _Table:
        table = self.reader.table(spec, aliases)
        self.origins.tables[table.title] = table
        self.origins.titles[spec.id] = table.title
        return table

    def yaml(self, relative: str, table: _Table) -> _Yaml:
        return _Yaml(relative, self.origins, self.source, table.title)

    def fail(self, cell: _Cell, *, expected: Phrase, got: object = None) -> CellError:
        return self.reader.fail(cell, expected=expected, got=got)

    def header_cell(self, table: _Table) -> _Cell:
        return next(iter(table.header.values()))

    # -- criteria/ ---------------------------------------------------------------------------
    def convert(self) -> _Origins:
        layout = {sheet.id: sheet for sheet in _layout(())}
        elements = self.load(layout["elements"])
        self._named_list("criteria/elements.yaml", "elements", elements, ("description",))
        criteria = self.load(layout["criteria"])
        self._named_list("criteria/criteria.yaml", "criteria", criteria, (), ("type", "unit"))
        self._scale(self.load(layout["relevance_scale"]))
        self._saaty(self.load(layout["saaty_scale"]))
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
        self._regions(layout)
        self._csv_sheet("inputs/projects.csv", self.load(layout["projects"]))
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
        first: _Row | None = None
        for row in table.rows:
            if row.value(key) is None:
                continue
            if first is None:
                first = row
            elif row.text(key) != first.text(key):
                raise self.fail(
                    row.cell(key),
                    expected=phrase(
                        "the same value as {cell} (one for the whole table) or an empty cell",
                        cell=first.cell(key).ref,
                    ),
                    got=row.text(key),
                )
        return first

    def _scale(self, table: _Table) -> None:
        relative = "criteria/relevance_scale.yaml"
        out = self.yaml(relative, table)
        top = self._top_fields(table, {"source": "source", "levels": "value"})
        out.add("levels:", self._first_cell(table, "value"), top)
        for row in table.rows:
            record = _Record(out, 4, _record_fields(row))
            record.scalar("id", row, "id")
            record.scalar("value", row, "value", NUMBER)
            record.localized("name", row, "name")
        self._source_line(out, table, top)
        self.write(relative, out.text(), table.title)

    def _saaty(self, table: _Table) -> None:
        relative = "criteria/saaty_scale.yaml"
        out = self.yaml(relative, table)
        top = self._top_fields(table, {"source": "source", "values": "value"})
        out.add("values:", self._first_cell(table, "value"), top)
        for row in table.rows:
            record = _Record(out, 4, _record_fields(row))
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
            citation = next((row for row in rows if row.value("citation") is not None), first)
            for row in rows:
                if row.value("citation") is not None and row.text("citation") != citation.text(
                    "citation"
                ):
                    raise self.fail(
                        row.cell("citation"),
                        expected=phrase(
                            "the citation of {table} as at {cell}, or an empty cell",
                            table=row.text("table"),
                            cell=citation.cell("citation").ref,
                        ),
                        got=row.text("citation"),
                    )
            record.scalar("citation", citation, "citation")
            record.line("values:", first.cell("n"))
            for row in rows:
                record.line(
                    f"{_yaml_scalar(row.value('n'), NUMBER)}: "
                    f"{_yaml_scalar(row.value('value'), NUMBER)}",
                    row.cell("value"),
                    depth=1,
                )
        self.write(relative, out.text(), table.title)

    def _flag(self, row: _Row, key: str) -> bool:
        value = row.value(key)
        if value is None or value is False:
            return False
        if value is True:
            return True
        word = _norm(_plain(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise self.fail(
            row.cell(key), expected=phrase("TRUE or FALSE (or an empty cell)"), got=value
        )

    # -- inputs/ -----------------------------------------------------------------------------
    def _csv_sheet(self, relative: str, table: _Table) -> None:
        keys = [key for key in table.spec.column_keys() if key in table.header]
        self.write(relative, _csv(relative, self.origins, keys, table.rows, keys), table.title)

    def _value_chains(self, chains: _Table, challenges: _Table, swot: _Table) -> None:
        relative = "inputs/value_chains.yaml"
        known = {row.text("id") for row in chains.rows}
        by_chain: dict[str, list[_Row]] = {}
        points: dict[str, list[_Row]] = {}
        for table, groups in ((challenges, by_chain), (swot, points)):
            for row in table.rows:
                chain = row.text("value_chain")
                if chain not in known:
                    raise self.fail(
                        row.cell("value_chain"),
                        expected=phrase(
                            "a value chain id of the sheet {sheet} ({ids})",
                            sheet=chains.title,
                            ids=", ".join(sorted(known)),
                        ),
                        got=row.value("value_chain") or phrase("nothing"),
                    )
                groups.setdefault(chain, []).append(row)
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
            fields = _record_fields(row)
            record = _Record(out, 4, fields)
            record.scalar("id", row, "id")
            record.localized("name", row, "name")
            record.scalar("source", row, "source")
            self._challenges(out, record, by_chain.get(chain, []))
            record.line("swot:", row.cell("id"))
            for part in SWOT_PARTS:
                rows = [r for r in points.get(chain, []) if r.text("kind") == part]
                record.line(f"{part}:" if rows else f"{part}: []", row.cell("id"), depth=1)
                for index, item in enumerate(rows):
                    fields[f"swot.{part}.{index}"] = item.cell("text_en")
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

    def _regions(self, layout: Mapping[str, _Sheet]) -> None:
        regions = self.load(layout["regions"])
        facts = self.load(layout["facts"])
        rules = self.load(layout["rules"])
        severities = self.load(layout["severities"])
        stakeholders = self.load(layout["stakeholders"])
        judgments = self.load(layout["judgments"])
        points = self.load(layout["points"])
        ids: dict[str, _Row] = {}
        for row in regions.rows:
            region = row.text("id")
            if not re.fullmatch(SLUG_PATTERN, region):
                raise self.fail(
                    row.cell("id"),
                    expected=phrase("a region id: lower-case letters, digits and hyphens (cusco)"),
                    got=row.value("id") or phrase("nothing"),
                )
            if region in ids:
                raise self.fail(
                    row.cell("id"),
                    expected=phrase(
                        "each region once ({region} is also at {cell})",
                        region=region,
                        cell=ids[region].cell("id").ref,
                    ),
                    got=region,
                )
            ids[region] = row
        grouped = {
            name: self._by_region(table, ids, regions.title)
            for name, table in (
                ("facts", facts),
                ("rules", rules),
                ("severities", severities),
                ("stakeholders", stakeholders),
            )
        }
        people = {row.text("id"): row for row in stakeholders.rows if row.text("id")}
        by_person: dict[str, dict[str, list[_Row]]] = {"judgments": {}, "points": {}}
        for name, table in (("judgments", judgments), ("points", points)):
            for row in table.rows:
                person = row.text("stakeholder")
                if person not in people:
                    raise self.fail(
                        row.cell("stakeholder"),
                        expected=phrase(
                            "a stakeholder id of the sheet {sheet}", sheet=stakeholders.title
                        ),
                        got=row.value("stakeholder") or phrase("nothing"),
                    )
                by_person[name].setdefault(person, []).append(row)
        for region, row in ids.items():
            folder = f"inputs/regions/{region}"
            self._region_yaml(
                f"{folder}/region.yaml",
                regions,
                row,
                grouped["facts"].get(region, []),
                grouped["rules"].get(region, []),
            )
            self.origins.sheets[f"{folder}/region.yaml"] = (regions.title, facts.title, rules.title)
            rated = grouped["severities"].get(region, [])
            keys = [key for key in severities.spec.column_keys() if key in severities.header][1:]
            self.write(
                f"{folder}/severities.csv",
                _csv(f"{folder}/severities.csv", self.origins, keys, rated, keys),
                severities.title,
            )
            self._stakeholders_yaml(
                f"{folder}/stakeholders.yaml",
                region,
                row,
                stakeholders,
                grouped["stakeholders"].get(region, []),
                by_person,
            )
            self.origins.sheets[f"{folder}/stakeholders.yaml"] = (
                stakeholders.title,
                judgments.title,
                points.title,
            )
        self.origins.sheets["inputs/regions"] = (regions.title, severities.title)

    def _by_region(
        self, table: _Table, regions: Mapping[str, _Row], title: str
    ) -> dict[str, list[_Row]]:
        groups: dict[str, list[_Row]] = {}
        for row in table.rows:
            region = row.text("region")
            if region not in regions:
                raise self.fail(
                    row.cell("region"),
                    expected=phrase(
                        "a region id of the sheet {sheet} ({ids})",
                        sheet=title,
                        ids=", ".join(regions),
                    ),
                    got=row.value("region") or phrase("nothing"),
                )
            groups.setdefault(region, []).append(row)
        return groups

    def _region_yaml(
        self, relative: str, table: _Table, row: _Row, facts: Sequence[_Row], rules: Sequence[_Row]
    ) -> None:
        out = self.yaml(relative, table)
        fields = _record_fields(
            row,
            {
                "budget": "budget_pen",
                "budget.budget_pen": "budget_pen",
                "budget.source": "budget_source",
                "budget.note": "budget_note",
                "rules": "rules_source",
                "rules.source": "rules_source",
                "min_projects_per_chain": "rules_source",
            },
        )
        record = _Record(out, 0, fields, first=False)
        record.scalar("id", row, "id")
        record.localized("name", row, "name")
        record.scalar("source", row, "source")
        if facts:
            record.line("facts:", facts[0].cell("fact"))
        for fact in facts:
            key = fact.text("fact")
            for column in ("value", "year", "source"):
                fields[f"facts.{key}.{column}"] = fact.cell(column)
            fields.setdefault(f"facts.{key}", fact.cell("fact"))
            record.line(f"{json.dumps(key, ensure_ascii=False)}:", fact.cell("fact"), depth=1)
            record.scalar("value", fact, "value", NUMBER, depth=2)
            record.scalar("year", fact, "year", NUMBER, depth=2)
            record.scalar("source", fact, "source", depth=2)
        record.line("budget:", row.cell("budget_pen"))
        record.scalar("budget_pen", row, "budget_pen", MONEY, depth=1)
        record.scalar("source", row, "budget_source", depth=1)
        record.scalar("note", row, "budget_note", depth=1)
        record.line("rules:", row.cell("rules_source"))
        if rules:
            record.line("min_projects_per_chain:", rules[0].cell("value_chain"), depth=1)
        for rule in rules:
            chain = rule.text("value_chain")
            fields[f"min_projects_per_chain={chain}"] = rule.cell("value_chain")
            fields[f"rules.min_projects_per_chain.{chain}"] = rule.cell("min_projects")
            record.line(
                f"{json.dumps(chain, ensure_ascii=False)}: "
                f"{_yaml_scalar(rule.value('min_projects'), NUMBER)}",
                rule.cell("min_projects"),
                depth=2,
            )
        record.scalar("source", row, "rules_source", depth=1)
        self.write(relative, out.text(), table.title)

    def _stakeholders_yaml(
        self,
        relative: str,
        region: str,
        region_row: _Row,
        table: _Table,
        people: Sequence[_Row],
        weighting: Mapping[str, Mapping[str, list[_Row]]],
    ) -> None:
        out = self.yaml(relative, table)
        top = {"region": region_row.cell("id"), "stakeholders": region_row.cell("id")}
        out.add(f"region: {json.dumps(region)}", region_row.cell("id"), top)
        out.add("stakeholders:" if people else "stakeholders: []", region_row.cell("id"), top)
        for row in people:
            person = row.text("id")
            fields = _record_fields(row)
            record = _Record(out, 4, fields)
            record.scalar("id", row, "id")
            record.localized("name", row, "name")
            record.scalar("group", row, "group")
            record.scalar("influence", row, "influence", NUMBER)
            record.scalar("source", row, "source")
            judged = weighting["judgments"].get(person, [])
            given = weighting["points"].get(person, [])
            fields["judgments"] = row.cell("id")
            fields["points"] = given[0].cell("points") if given else row.cell("id")
            if judged:
                record.line("judgments:", judged[0].cell("row"))
                by_row: dict[str, list[_Row]] = {}
                for item in judged:
                    by_row.setdefault(item.text("row"), []).append(item)
                for criterion, items in by_row.items():
                    fields[f"judgments.{criterion}"] = items[0].cell("row")
                    record.line(
                        f"{json.dumps(criterion, ensure_ascii=False)}:", items[0].cell("row"), 1
                    )
                    for item in items:
                        other = item.text("column")
                        fields[f"judgments.{criterion}.{other}"] = item.cell("value")
                        record.line(
                            f"{json.dumps(other, ensure_ascii=False)}: "
                            f"{_yaml_scalar(item.value('value'), JUDGMENT)}",
                            item.cell("value"),
                            2,
                        )
            if given:
                record.line("points:", given[0].cell("criterion"))
                for item in given:
                    criterion = item.text("criterion")
                    fields[f"points.{criterion}"] = item.cell("points")
                    record.line(
                        f"{json.dumps(criterion, ensure_ascii=False)}: "
                        f"{_yaml_scalar(item.value('points'), NUMBER)}",
                        item.cell("points"),
                        1,
                    )
        self.write(relative, out.text(), table.title)
