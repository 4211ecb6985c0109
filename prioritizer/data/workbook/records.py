"""The text a converted sheet becomes: YAML records and CSV rows, each line remembering the
sheet cell it came from (so an error in the folder form points back into the workbook)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from prioritizer.cells import defuse
from prioritizer.data.load import LIST_SEPARATOR
from prioritizer.data.workbook.layout import (
    TEXT,
    CellError,
    _yaml_scalar,
)
from prioritizer.data.workbook.read import _Cell, _Row, _Table
from prioritizer.errors import InputError


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

    def entry(self, path: str, key: str, row: _Row, column: str, kind: str, depth: int) -> None:
        """One `key: value` line of a nested mapping, its cell kept as the field `path`."""
        self.fields[path] = row.cell(column)
        self.line(
            f"{json.dumps(key, ensure_ascii=False)}: {_yaml_scalar(row.value(column), kind)}",
            row.cell(column),
            depth,
        )


def _named_record(out: _Yaml, row: _Row) -> _Record:
    """A list item of `row` begun with its id and localized name, as most records begin."""
    record = _Record(out, 4, _record_fields(row))
    record.scalar("id", row, "id")
    record.localized("name", row, "name")
    return record


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
