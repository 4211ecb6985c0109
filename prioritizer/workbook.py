"""The data set as an Excel workbook and back: `template` writes one, `import` and
`--inputs FILE.xlsx` read one.

A workbook is read by converting it to the folder form (the files `prioritizer init` writes) and
loading that with load/, so both forms obey exactly the same rules. While converting, every
line written remembers the sheet cell it came from, and an error found in the folder form is
reported at that cell (`projects!F3`), with the header the user sees.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar, get_args

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import InvalidFileException  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]
from pydantic import BaseModel

from prioritizer.errors import InputError
from prioritizer.folders import new_folder
from prioritizer.i18n import Language, t
from prioritizer.load import LIST_SEPARATOR, load_dataset, whole_soles
from prioritizer.models import Criterion, Dataset, Origin, Project, Swot
from prioritizer.models.common import SLUG_PATTERN
from prioritizer.phrases import Phrase, phrase

M = TypeVar("M", bound=BaseModel)

MONEY_FORMAT = '"S/ "#,##0'
"""Excel number format for amounts in soles: `S/ 1,200,000`."""

VALIDATED_ROWS = 1000
"""Drop-down lists cover the data rows up to this one, so rows added later get them too."""

LANGUAGES = tuple(language.value for language in Language)
TEXT, NUMBER, MONEY, JUDGMENT, FLAG = "text", "number", "money", "judgment", "flag"
SWOT_PARTS = tuple(Swot.model_fields)
TRUE_WORDS = {"true", "yes", "x", "1", "sí", "si", "verdadero"}
FALSE_WORDS = {"false", "no", "0", "falso"}


class CellError(InputError):
    """Bad input in a workbook: names the workbook, the sheet and the cell (`projects!F3`)."""

    def __init__(
        self,
        workbook: str,
        sheet: str,
        cell: str | None,
        *,
        field: str | None = None,
        expected: Phrase,
        got: object = None,
        hint: Phrase | None = None,
    ) -> None:
        self.workbook = workbook
        self.sheet = sheet
        self.cell = cell
        where = (
            phrase("{workbook}, {sheet}!{cell}", workbook=workbook, sheet=sheet, cell=cell)
            if cell
            else phrase("{workbook}, sheet {sheet}", workbook=workbook, sheet=sheet)
        )
        super().__init__(where, field=field, expected=expected, got=got, hint=hint)


# -- the layout of the workbook ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    kind: str = TEXT
    optional: bool = False
    choices: str | None = None
    """A fixed drop-down list: levels, saaty, types, swot or phases."""
    ids_from: str | None = None
    """The sheet whose first column lists the allowed ids (a drop-down list of them)."""


@dataclass(frozen=True, slots=True)
class _Sheet:
    id: str
    columns: tuple[_Column, ...]

    def column_keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


LAYOUT = (
    ("elements", "id name_en name_es description_en description_es source"),
    ("criteria", "id type=types unit name_en name_es source"),
    ("relevance_scale", "id value/number name_en name_es source"),
    ("saaty_scale", "value/number name_en name_es source"),
    ("random_index", "table default/flag citation n/number value/number"),
    ("work_areas", "id name_en name_es source"),
    ("gaps", "id name_en name_es <elements> table_wording source"),
    ("mechanisms", "id name_en name_es work_area@work_areas source"),
    ("gap_mechanisms", "gap@gaps mechanism@mechanisms table_wording source"),
    ("value_chains", "id name_en name_es source"),
    (
        "challenges",
        "value_chain@value_chains letter name_en name_es description_en description_es gaps source",
    ),
    ("swot", "value_chain@value_chains kind=swot text_en text_es"),
    (
        "regions",
        "id name_en name_es source budget_pen/money budget_source budget_note? rules_source",
    ),
    ("facts", "region@regions fact value/number year/number source"),
    ("rules", "region@regions value_chain@value_chains min_projects/number"),
    ("severities", "region@regions gap@gaps level=levels source quote?"),
    (
        "projects",
        "id name_en name_es value_chain@value_chains regions cost_pen/money cost_shares? "
        "mechanisms gaps phase=phases requires? excludes? mandatory/flag? source",
    ),
    ("stakeholders", "id region@regions name_en name_es group influence/number source"),
    ("judgments", "stakeholder@stakeholders row@criteria column@criteria value/judgment=saaty"),
    ("points", "stakeholder@stakeholders criterion@criteria points/number"),
)
"""Every data sheet in workbook order and its columns, `key[/kind][=list][@sheet][?]`: the kind
is text unless given; `=list` offers a fixed drop-down list (levels, saaty, types, swot,
phases), `@sheet` the ids in the first column of that sheet; `?` marks a column that may be left
out. Sheets read as CSV files have the CSV's columns, in the same order."""

_COLUMN = re.compile(
    r"(?P<key>[a-z0-9_-]+)(?:/(?P<kind>\w+))?(?:=(?P<choices>\w+))?(?:@(?P<ids>\w+))?(?P<opt>\?)?"
)


def _layout(element_ids: Sequence[str]) -> tuple[_Sheet, ...]:
    """The sheets of `LAYOUT`; the gaps sheet has one column per element, with a level list."""
    sheets = []
    for sheet_id, spec in LAYOUT:
        elements = " ".join(f"{element}=levels" for element in element_ids)
        columns = []
        for token in spec.replace("<elements>", elements).split():
            match = _COLUMN.fullmatch(token)
            if match is None:
                raise ValueError(f"bad column {token!r} in the layout of {sheet_id}")
            columns.append(
                _Column(
                    match["key"],
                    match["kind"] or TEXT,
                    optional=bool(match["opt"]),
                    choices=match["choices"],
                    ids_from=match["ids"],
                )
            )
        sheets.append(_Sheet(sheet_id, tuple(columns)))
    return tuple(sheets)


def _sheet_title(sheet_id: str, lang: str) -> str:
    return t(f"workbook.sheet.{sheet_id}", lang)


def _column_label(key: str, lang: str, names: Mapping[str, Mapping[str, str]]) -> str:
    """The header of a column: the element's name for relevance columns, else the UI string."""
    if key in names:
        return names[key][lang]
    return t(f"workbook.col.{key}", lang)


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


# -- values ------------------------------------------------------------------------------------
def judgment_text(value: float) -> str:
    """A judgment as people write it: `3`, `1/3`, or the decimal when it is neither.

    Exact: `1/k` is written only when 1/k as a float is the value, so reading it back gives
    the same number.
    """
    if value >= 1 and float(value).is_integer():
        return str(int(value))
    if 0 < value < 1:
        k = round(1 / value)
        if k >= 2 and 1.0 / k == value:
            return f"1/{k}"
    return repr(float(value))


def _plain(value: Any) -> str:
    """A cell value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _yaml_float(value: float) -> str:
    text = repr(float(value))
    if "e" in text and "." not in text:
        text = text.replace("e", ".0e")
    return text


def _yaml_scalar(value: Any, kind: str) -> str:
    """A cell value as a YAML scalar; text is always double-quoted (JSON strings are YAML)."""
    if kind in (NUMBER, MONEY, FLAG, JUDGMENT) and not isinstance(value, str):
        if isinstance(value, bool):
            return ("true" if value else "false") if kind == FLAG else json.dumps(str(value))
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return _yaml_float(value)
    return json.dumps(_plain(value), ensure_ascii=False)


# -- writing a workbook ------------------------------------------------------------------------
def write_workbook(data: Dataset, path: Path, *, lang: str = "en") -> tuple[str, ...]:
    """Writes the whole data set as an .xlsx workbook, one sheet per table, with a README sheet.

    Headers are in `lang`; drop-down lists for levels, Saaty values and ids; soles formatted
    `S/ 1,200,000`; frozen header row. Written to a temporary file, then renamed over `path`.
    Returns the titles of the sheets.
    """
    layout = _layout(data.element_ids)
    names = {e.id: {"en": e.name.en, "es": e.name.es} for e in data.elements}
    titles = {sheet.id: _sheet_title(sheet.id, lang) for sheet in layout}
    rows = _dataset_rows(data)
    book = Workbook()
    readme = book.active
    readme.title = _sheet_title("readme", lang)
    choices = _choices(data)
    for sheet in layout:
        sheet_rows = rows[sheet.id]
        ws = book.create_sheet(titles[sheet.id])
        labels = [_column_label(c.key, lang, names) for c in sheet.columns]
        ws.append(labels)
        for values in sheet_rows:
            ws.append(list(values))
        _style_sheet(ws, sheet, labels, sheet_rows)
        for index, column in enumerate(sheet.columns, start=1):
            if column.choices is not None:
                formula = f'"{choices[column.choices]}"'
            elif column.ids_from is not None:
                formula = f"'{titles[column.ids_from]}'!$A$2:$A${VALIDATED_ROWS}"
            else:
                continue
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.errorTitle = t("workbook.validation.title", lang)
            validation.error = t("workbook.validation.error", lang)
            letter = get_column_letter(index)
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(validation)
    _write_readme(readme, layout, titles, lang)
    _replace_atomically(path, book.save)
    return tuple(str(title) for title in book.sheetnames)


def _choices(data: Dataset) -> dict[str, str]:
    """The fixed drop-down lists, from the data set's scales and the models' constraints."""
    phase = Project.model_fields["phase"].metadata
    low = next(rule.ge for rule in phase if hasattr(rule, "ge"))
    high = next(rule.le for rule in phase if hasattr(rule, "le"))
    strengths = sorted({v.value for v in data.saaty_scale.values}, reverse=True)
    return {
        "levels": ",".join(data.relevance_scale.ids),
        "saaty": ",".join(
            [str(v) for v in strengths] + [f"1/{v}" for v in reversed(strengths) if v > 1]
        ),
        "types": ",".join(get_args(Criterion.model_fields["type"].annotation)),
        "swot": ",".join(SWOT_PARTS),
        "phases": ",".join(str(phase) for phase in range(low, high + 1)),
    }


def _style_sheet(
    ws: Any, sheet: _Sheet, labels: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Bold frozen header, widths to fit, soles and text formats on cells and whole columns.

    A column's format also applies to the rows a user adds later in Excel.
    """
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    formats = {MONEY: MONEY_FORMAT, JUDGMENT: "@"}
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        header = ws.cell(row=1, column=index)
        header.font = bold
        header.fill = fill
        header.alignment = Alignment(vertical="top", wrap_text=True)
        widest = max([len(labels[index - 1])] + [len(_plain(r[index - 1])) for r in rows])
        ws.column_dimensions[letter].width = min(max(widest + 2, 8), 60)
        number_format = formats.get(column.kind)
        if number_format is not None:
            ws.column_dimensions[letter].number_format = number_format
        for row in range(2, len(rows) + 2):
            cell = ws.cell(row=row, column=index)
            if number_format is not None:
                cell.number_format = number_format
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    ws.freeze_panes = "A2"


def _write_readme(ws: Any, layout: Sequence[_Sheet], titles: Mapping[str, str], lang: str) -> None:
    ws.append([t("workbook.readme.title", lang)])
    ws.cell(row=1, column=1).font = Font(bold=True, size=14)
    for key in ("intro", "ids", "judgments", "formulas", "use"):
        ws.append([t(f"workbook.readme.{key}", lang)])
    ws.append([])
    ws.append([t("workbook.readme.sheet", lang), t("workbook.readme.contents", lang)])
    header = ws.max_row
    for column in (1, 2):
        ws.cell(row=header, column=column).font = Font(bold=True)
    for sheet in layout:
        ws.append([titles[sheet.id], t(f"workbook.about.{sheet.id}", lang)])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 110


def new_file_mode(existing: Path | None = None) -> int:
    """Permissions for a file written through a temporary one: those of the file it replaces,
    else what the user's umask gives a new file (temporary files are created private)."""
    if existing is not None and existing.exists():
        return existing.stat().st_mode & 0o7777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_atomically(path: Path, save: Any) -> None:
    """Calls `save(temporary path)` in the target's folder, then renames over `path`."""
    mode = new_file_mode(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        save(temporary)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _joined(items: Iterable[str]) -> str | None:
    text = LIST_SEPARATOR.join(items)
    return text or None


def _dataset_rows(data: Dataset) -> dict[str, list[tuple[Any, ...]]]:
    """The records of the data set as rows of each sheet, columns in `_layout` order."""
    scale, saaty, tables = data.relevance_scale, data.saaty_scale, data.random_index
    return {
        "elements": [
            (e.id, e.name.en, e.name.es, e.description.en, e.description.es, e.source)
            for e in data.elements
        ],
        "criteria": [(c.id, c.type, c.unit, c.name.en, c.name.es, c.source) for c in data.criteria],
        "relevance_scale": [
            (level.id, level.value, level.name.en, level.name.es, scale.source)
            for level in scale.levels
        ],
        "saaty_scale": [(v.value, v.name.en, v.name.es, saaty.source) for v in saaty.values],
        "random_index": [
            (table.id, table.id == tables.default, table.citation, n, value)
            for table in tables.tables
            for n, value in table.values.items()
        ],
        "work_areas": [(a.id, a.name.en, a.name.es, a.source) for a in data.work_areas],
        "gaps": [
            (
                g.id,
                g.name.en,
                g.name.es,
                *(g.relevance[element] for element in data.element_ids),
                g.table_wording,
                g.source,
            )
            for g in data.gaps
        ],
        "mechanisms": [
            (m.id, m.name.en, m.name.es, m.work_area, m.source) for m in data.mechanisms
        ],
        "gap_mechanisms": [
            (link.gap, link.mechanism, link.table_wording, link.source)
            for link in data.gap_mechanisms
        ],
        "value_chains": [(c.id, c.name.en, c.name.es, c.source) for c in data.value_chains],
        "challenges": [
            (
                chain.id,
                c.letter,
                c.name.en,
                c.name.es,
                c.description.en,
                c.description.es,
                _joined(c.gaps),
                c.source,
            )
            for chain in data.value_chains
            for c in chain.challenges
        ],
        "swot": [
            (chain.id, part, point.en, point.es)
            for chain in data.value_chains
            for part in SWOT_PARTS
            for point in getattr(chain.swot, part)
        ],
        "regions": [
            (
                r.id,
                r.name.en,
                r.name.es,
                r.source,
                r.budget.budget_pen,
                r.budget.source,
                r.budget.note,
                r.rules.source,
            )
            for r in data.regions
        ],
        "facts": [
            (r.id, key, fact.value, fact.year, fact.source)
            for r in data.regions
            for key, fact in r.facts.items()
        ],
        "rules": [
            (r.id, chain, minimum)
            for r in data.regions
            for chain, minimum in r.rules.min_projects_per_chain.items()
        ],
        "severities": [
            (r.id, s.gap, s.level, s.source, s.quote) for r in data.regions for s in r.severities
        ],
        "projects": [
            (
                p.id,
                p.name.en,
                p.name.es,
                p.value_chain,
                _joined(p.regions),
                p.cost_pen,
                _joined(f"{region}:{share}" for region, share in p.cost_shares.items()),
                _joined(p.mechanisms),
                _joined(p.gaps),
                p.phase,
                _joined(p.requires),
                _joined(p.excludes),
                p.mandatory,
                p.source,
            )
            for p in data.projects
        ],
        "stakeholders": [
            (s.id, s.region, s.name.en, s.name.es, s.group, s.influence, s.source)
            for s in data.stakeholders
        ],
        "judgments": [
            (s.id, row, column, judgment_text(value))
            for s in data.stakeholders
            for row, columns in (s.judgments or {}).items()
            for column, value in columns.items()
        ],
        "points": [
            (s.id, criterion, points)
            for s in data.stakeholders
            for criterion, points in (s.points or {}).items()
        ],
    }


# -- reading a workbook ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Cell:
    sheet: str
    row: int
    column: int
    label: str

    @property
    def ref(self) -> str:
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


def _open(path: Path) -> tuple[Any, Any]:
    """The workbook with cached formula results, and with the formulas themselves (the same
    object when there is no formula, which saves reading the file twice)."""
    _check_workbook_path(path)
    try:
        formulas = load_workbook(path, data_only=False)
        if not any(
            cell.data_type == "f"
            for ws in formulas.worksheets
            for row in ws.iter_rows()
            for cell in row
        ):
            return formulas, formulas
        return load_workbook(path, data_only=True), formulas
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
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
        rows: list[_Row] = []
        for number in range(2, ws.max_row + 1):
            raw = {
                column: merged.get((number, column), ws.cell(row=number, column=column))
                for column in range(1, ws.max_column + 1)
            }
            present = {c: v for c, v in raw.items() if not _blank(v.value)}
            if not present and not any(
                wf.cell(row=number, column=c).data_type == "f" for c in by_column
            ):
                continue
            values: dict[str, Any] = {}
            cells: dict[str, _Cell] = {}
            for column in range(1, ws.max_column + 1):
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
        return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


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
    """A CSV file from rows of a sheet; each record's first line is tied to its row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        line = out.getvalue().count("\n") + 1
        writer.writerow([row.text(key) for key in keys])
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


# -- public entry points -----------------------------------------------------------------------
def _convert_and_load(path: Path, root: Path) -> tuple[Dataset, _Origins]:
    reader = _WorkbookReader(path)
    origins = _Converter(reader, root).convert()
    try:
        return load_dataset(root), origins
    except InputError as error:
        raise origins.relocate(error, root) from None


def load_workbook_dataset(path: Path) -> Dataset:
    """Reads and validates a data set kept as an .xlsx workbook (as `template` writes it).

    The workbook is converted to a temporary folder and read by `load_dataset`, so the rules are
    the folder's; errors name the sheet and cell, and records' origins point at their rows.
    """
    with tempfile.TemporaryDirectory(prefix="prioritizer-xlsx-") as folder:
        root = Path(folder)
        data, origins = _convert_and_load(path, root)
        return _relocated(data, path, origins, root)


def load_inputs(inputs: Path | None) -> Dataset:
    """The data set behind `--inputs`: a workbook (.xlsx) or a folder (default: embedded)."""
    if inputs is not None and (
        inputs.suffix.lower() in (".xlsx", ".xlsm", ".xls") or inputs.name.startswith("~$")
    ):
        return load_workbook_dataset(inputs)
    return load_dataset(inputs)


def import_workbook_folder(path: Path, directory: Path) -> Dataset:
    """Writes the folder form of a workbook into `directory` (new or empty), as `init` lays it
    out; validated in a temporary folder first, then renamed into place."""
    with new_folder(directory, prefix=".prioritizer-import-") as staging:
        data, _ = _convert_and_load(path, staging)
    return data


def _relocated(data: Dataset, path: Path, origins: _Origins, root: Path) -> Dataset:
    """The data set with every origin, file name and checksum pointing at the workbook."""

    def place(origin: Origin) -> Origin:
        relative = _relative(origin.file, root)
        hit = origins.lines.get((relative, origin.line)) if relative and origin.line else None
        if hit is None:
            sheets = origins.sheets.get(relative or "", ())
            where = _sheet_place(path, sheets[0]) if sheets else str(path)
        else:
            cell = hit[0]
            where = phrase(
                "{workbook}, {sheet}!{cell}", workbook=str(path), sheet=cell.sheet, cell=cell.ref
            )
        # model_copy, not Origin(...): validation would turn the phrase into a plain str.
        return origin.model_copy(update={"file": where, "line": None})

    files = {
        kind: _sheet_place(path, origins.titles[kind]) if kind in origins.titles else str(path)
        for kind in data.files
    }
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    moved = _move_origins(data, place)
    return moved.model_copy(
        update={"location": str(path), "files": files, "checksums": {path.name: digest}}
    )


def _sheet_place(path: Path, sheet: str) -> Phrase:
    """Where a record is when no cell is known: the workbook and the sheet, in words."""
    return phrase("{workbook}, sheet {sheet}", workbook=str(path), sheet=sheet)


def _move_origins(model: M, place: Any) -> M:
    """A copy of `model` with `place` applied to every Origin inside it."""
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Origin):
            updates[name] = place(value)
        elif isinstance(value, BaseModel):
            moved = _move_origins(value, place)
            if moved is not value:
                updates[name] = moved
        elif isinstance(value, tuple) and any(isinstance(item, BaseModel) for item in value):
            updates[name] = tuple(
                _move_origins(item, place) if isinstance(item, BaseModel) else item
                for item in value
            )
    return model.model_copy(update=updates) if updates else model
