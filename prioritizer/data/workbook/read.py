"""Reading a workbook's sheets into tables of cells: headers checked (doubled, merged,
misspelt), blank rows skipped, formulas without stored values and dates refused at their cell.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from prioritizer.data.load import AMOUNT_LIMIT, whole_soles
from prioritizer.data.load.text import CONTROL_CHARACTERS
from prioritizer.data.models import MAX_PEN
from prioritizer.data.workbook.layout import (
    JUDGMENT,
    LANGUAGES,
    MONEY,
    NUMBER,
    CellError,
    _norm,
    _plain,
    _Sheet,
    _sheet_title,
)
from prioritizer.errors import InputError
from prioritizer.i18n import t
from prioritizer.phrases import Phrase, phrase


# -- reading a workbook ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Cell:
    sheet: str
    row: int
    column: int
    label: str

    @property
    def ref(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    values: dict[str, Any]
    cells: dict[str, _Cell]

    def text(self, key: str) -> str:
        return _plain(self.values.get(key))

    def value(self, key: str) -> Any:
        return self.values.get(key)

    def cell(self, key: str) -> _Cell:
        return self.cells[key]


@dataclass(frozen=True, slots=True)
class _Table:
    spec: _Sheet
    title: str
    header: dict[str, _Cell]
    rows: tuple[_Row, ...]


def _check_workbook_path(path: Path) -> None:
    name = path.name
    if name.startswith("~$"):
        raise InputError(
            str(path),
            expected=phrase("the workbook itself, not the lock file Excel keeps while it is open"),
            got=phrase("Excel's lock file"),
            hint=phrase("use {workbook}", workbook=str(path.with_name(name[2:]))),
        )
    if not path.is_file():
        raise InputError(
            str(path),
            expected=phrase("an existing Excel workbook (.xlsx)"),
            got=phrase("a folder") if path.is_dir() else phrase("no such file"),
        )
    if path.suffix.lower() == ".xls":
        raise InputError(
            str(path),
            expected=phrase("an .xlsx workbook"),
            got=phrase("an old-format .xls file"),
            hint=phrase("open it in Excel and save it as 'Excel Workbook (.xlsx)'"),
        )
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not zipfile.is_zipfile(path):
        raise InputError(
            str(path),
            expected=phrase("an Excel workbook (.xlsx)"),
            got=phrase("a file that is not an .xlsx workbook"),
            hint=phrase(
                "for a data set folder pass the folder; for CSV files use `prioritizer init`"
            ),
        )


def _stored(ws: Any) -> dict[tuple[int, int], Any]:
    """The cells a sheet actually stores, by (row, column). Not its used range: one stray value
    in A1048576 stretches that to a million rows, which `ws.cell` and `iter_rows` would create
    one by one (6 minutes and 3.3 GB)."""
    return dict(getattr(ws, "_cells", {}))


def _by_row(ws: Any) -> dict[int, dict[int, Any]]:
    """The stored cells grouped by row (row -> column -> cell)."""
    rows: dict[int, dict[int, Any]] = {}
    for (row, column), cell in _stored(ws).items():
        rows.setdefault(row, {})[column] = cell
    return rows


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook with cached formula results, and with the formulas themselves (the same
    object when there is no formula, which saves reading the file twice)."""
    from openpyxl import load_workbook  # slow to import: only a workbook's readers pay for it

    _check_workbook_path(path)
    try:
        formulas = load_workbook(path, data_only=False)
        if not any(
            cell.data_type == "f" for ws in formulas.worksheets for cell in _stored(ws).values()
        ):
            return formulas, formulas
        return load_workbook(path, data_only=True), formulas
    except Exception as error:  # openpyxl raises whatever its XML or zip layer raises
        raise InputError(
            str(path),
            expected=phrase("an Excel workbook (.xlsx) that can be opened"),
            got=phrase("a file that cannot be read (permissions, or a locked or broken disk)")
            if isinstance(error, OSError)
            else phrase("a damaged or incomplete .xlsx file"),
            hint=phrase("open it in Excel and save it again as 'Excel Workbook (.xlsx)'"),
        ) from None


class _WorkbookReader:
    """Reads the sheets of one workbook into tables, checking headers and cell values."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        self.values, self.formulas = _open(path)

    def fail(
        self, cell: _Cell, *, expected: Phrase, got: object = None, hint: Phrase | None = None
    ) -> CellError:
        return CellError(
            self.name, cell.sheet, cell.ref, field=cell.label, expected=expected, got=got, hint=hint
        )

    def has(self, sheet_id: str) -> bool:
        """Whether the workbook has the sheet, under its id or its title in any language."""
        wanted = {_norm(sheet_id)} | {_norm(_sheet_title(sheet_id, code)) for code in LANGUAGES}
        return any(_norm(ws.title) in wanted for ws in self.values.worksheets)

    def title(self, sheet_id: str) -> str:
        wanted = {_norm(sheet_id)} | {_norm(_sheet_title(sheet_id, code)) for code in LANGUAGES}
        for ws in self.values.worksheets:
            if _norm(ws.title) in wanted:
                return str(ws.title)
        *others, last = dict.fromkeys(f"'{_sheet_title(sheet_id, code)}'" for code in LANGUAGES)
        raise InputError(
            self.name,
            expected=phrase("a sheet named {names} or {last}", names=", ".join(others), last=last)
            if others
            else phrase("a sheet named {name}", name=last),
            got=phrase(
                "no such sheet (sheets: {sheets})", sheets=", ".join(self.values.sheetnames)
            ),
            hint=phrase("`prioritizer template FILE.xlsx` writes a workbook with every sheet"),
        )

    def table(self, spec: _Sheet, aliases: Mapping[str, Iterable[str]] | None = None) -> _Table:
        title = self.title(spec.id)
        ws, wf = self.values[title], self.formulas[title]
        merged = self._merged(ws, title)
        header = self._header(ws, spec, title, aliases or {})
        by_column = {cell.column: key for key, cell in header.items()}
        money = {column.key for column in spec.columns if column.kind == MONEY}
        self._no_merged_numbers(merged, spec, header, title)
        rows: list[_Row] = []
        stored = _by_row(ws)
        formulas = {r: cells for r, cells in _by_row(wf).items() if cells} if wf is not ws else {}
        numbers = sorted({*stored, *(r for r, _ in merged), *formulas} - {1})
        for number in numbers:
            in_row = stored.get(number, {})
            columns = sorted({*by_column, *in_row, *formulas.get(number, {})})
            raw = {
                column: merged.get((number, column))
                or in_row.get(column)
                or ws.cell(row=number, column=column)
                for column in columns
            }
            present = {c: v for c, v in raw.items() if not _blank(v.value)}
            for column, cell in formulas.get(number, {}).items():
                if column not in by_column and cell.data_type == "f":
                    present.setdefault(column, cell)  # a formula Excel never computed: no value
            if not present and not any(
                wf.cell(row=number, column=c).data_type == "f" for c in by_column
            ):
                continue
            values: dict[str, Any] = {}
            cells: dict[str, _Cell] = {}
            for column in columns:
                key = by_column.get(column)
                if key is None:
                    if column in present:
                        spot = _Cell(title, number, column, "")
                        raise self.fail(
                            spot,
                            expected=phrase("a value under a column header (or an empty cell)"),
                            got=present[column].value,
                        )
                    continue
                cells[key] = _Cell(title, number, column, header[key].label)
                values[key] = self._value(
                    raw[column], wf.cell(row=number, column=column), cells[key]
                )
                if key in money:
                    values[key] = self._money(values[key], cells[key])
            rows.append(_Row(number, values, cells))
        return _Table(spec, title, header, tuple(rows))

    def _no_merged_numbers(
        self,
        merged: Mapping[tuple[int, int], Any],
        spec: _Sheet,
        header: Mapping[str, _Cell],
        title: str,
    ) -> None:
        """A merge down a column of numbers would copy one number (a judgment, a cost) into
        every merged row without a word, and down the ids one record's id into the next: both
        are errors naming the first covered cell."""
        numeric = {
            header[c.key].column: header[c.key]
            for c in spec.columns
            if c.kind in (NUMBER, MONEY, JUDGMENT) and c.key in header
        }
        ids = {header["id"].column: header["id"]} if "id" in header else {}
        copied = sorted((row, column) for row, column in merged if column in ids)
        if copied:  # an id copied down would make two records one, named elsewhere
            row, column = copied[0]
            raise self.fail(
                _Cell(title, row, column, ids[column].label),
                expected=phrase("one id per row: ids are unique (unmerge the cells)"),
                got=phrase("a cell merged with the one above"),
            )
        covered = sorted((row, column) for row, column in merged if column in numeric)
        if covered:
            row, column = covered[0]
            raise self.fail(
                _Cell(title, row, column, numeric[column].label),
                expected=phrase("one number per cell (unmerge the cells and type each value)"),
                got=phrase("a cell merged with the one above"),
            )

    def _merged(self, ws: Any, title: str) -> dict[tuple[int, int], Any]:
        """Cells covered by a vertical merge take the merge's value; other merges are errors."""
        filled: dict[tuple[int, int], Any] = {}
        for span in ws.merged_cells.ranges:
            if span.min_row == 1 or span.min_col != span.max_col:
                raise CellError(
                    self.name,
                    title,
                    str(span.coord),
                    expected=phrase(
                        "one value per cell (cells may be merged only down a column of data)"
                    ),
                    got=phrase("cells merged across columns or in the header row"),
                    hint=phrase("unmerge {cells}", cells=f"{title}!{span.coord}"),
                )
            top = ws.cell(row=span.min_row, column=span.min_col)
            for row in range(span.min_row + 1, span.max_row + 1):
                filled[(row, span.min_col)] = top
        return filled

    def _header(
        self, ws: Any, spec: _Sheet, title: str, aliases: Mapping[str, Iterable[str]]
    ) -> dict[str, _Cell]:
        known: dict[str, str] = {}
        for key in spec.column_keys():
            names = [key, *(t(f"workbook.col.{key}", code) for code in LANGUAGES)]
            for name in [*names, *aliases.get(key, ())]:
                known.setdefault(_norm(name), key)
        header: dict[str, _Cell] = {}
        last = 0
        for column in range(1, ws.max_column + 1):
            value = ws.cell(row=1, column=column).value
            if _blank(value):
                continue
            last = column
            label = _plain(value)
            cell = _Cell(title, 1, column, label)
            found = known.get(_norm(label))
            if found is None:
                wanted = ", ".join(
                    f"'{t(f'workbook.col.{k}', 'en')}'" if k not in aliases else f"'{k}'"
                    for k in spec.column_keys()
                )
                raise self.fail(
                    cell,
                    expected=phrase("one of the column headers {headers}", headers=wanted),
                    got=label,
                )
            if found in header:
                raise self.fail(
                    cell,
                    expected=phrase("each column once"),
                    got=phrase("'{label}' a second time", label=label),
                )
            header[found] = cell
        for spec_column in spec.columns:
            if spec_column.key not in header and not spec_column.optional:
                spot = _Cell(title, 1, last + 1, "")
                wanted_label = (
                    spec_column.key
                    if spec_column.key in aliases
                    else t(f"workbook.col.{spec_column.key}", "en")
                )
                raise self.fail(
                    spot,
                    expected=phrase(
                        "a column headed '{label}' in the header row", label=wanted_label
                    ),
                    got=phrase("no such column"),
                )
        return header

    def _value(self, cell: Any, formula_cell: Any, spot: _Cell) -> Any:
        value = cell.value
        if value is None and formula_cell.data_type == "f":
            raise self.fail(
                spot,
                expected=phrase("a value (the result of this formula was never computed)"),
                got=phrase("the formula {formula}", formula=formula_cell.value),
                hint=phrase("open and save the file in Excel first, so that the result is stored"),
            )
        if cell.data_type == "e":
            raise self.fail(
                spot, expected=phrase("a value"), got=phrase("the Excel error {error}", error=value)
            )
        if isinstance(value, (datetime, date, time, timedelta)):
            raise self.fail(
                spot,
                expected=phrase("text or a number"),
                got=phrase("a date or time ({value})", value=value),
                hint=phrase(
                    "Excel turns 1/3 into a date: format the column as Text and type it again"
                ),
            )
        if isinstance(value, str):
            control = CONTROL_CHARACTERS.search(value)
            if control is not None:
                raise self.fail(
                    spot,
                    expected=phrase(
                        "printable text (no control characters such as escape sequences)"
                    ),
                    got=phrase(
                        "the control character {code}", code=f"U+{ord(control.group()):04X}"
                    ),
                )
            value = value.strip()
            return value or None
        return value

    def _money(self, value: Any, spot: _Cell) -> Any:
        """An amount in soles: a whole number, or text read as in a CSV file (`S/ 150,000`).

        Text such as `S/ 150.000` is refused (150 or 150 000?), and so is a number with a
        fractional part, whose digits could otherwise be read back as such a text.
        """
        if isinstance(value, str):
            try:
                return whole_soles(value, file=self.name, line=None, field=spot.label)
            except InputError as error:
                raise self.fail(spot, expected=error.expected, got=value, hint=error.hint) from None
        if isinstance(value, float) and not value.is_integer():
            raise self.fail(
                spot,
                expected=phrase("a whole number of soles (e.g. 120000 or 120,000)"),
                got=value,
            )
        if isinstance(value, int | float) and abs(value) > MAX_PEN:
            raise self.fail(spot, expected=AMOUNT_LIMIT, got=value)
        return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
