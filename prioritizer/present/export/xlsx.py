"""results.xlsx: a summary sheet and one formatted sheet per table, byte-for-byte reproducible.

Soles show as `S/ 1,234,567` and weights as percentages through number formats, so the cells
stay numbers a planner can sum. Text is always stored as text (never a formula), and the zip
timestamps and document dates are fixed so the same payload gives the same file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.xml.functions import tostring

from prioritizer.i18n import t
from prioritizer.present.export.csv import FORMULA_TRIGGERS
from prioritizer.present.export.summary import Kind, summary_rows
from prioritizer.present.export.tables import GROUP, ExportContent, Payload, display_name, regions

SOLES = '"S/ "#,##0'
PERCENT = "0.0%"
PERCENT_ES = "0.0 %"
DECIMAL = "0.000"
INTEGER = "0"
COLUMN_FORMATS = {
    "rank": INTEGER,
    "score": DECIMAL,
    "cost": SOLES,
    "value": DECIMAL,
    "budget": SOLES,
    "objective": DECIMAL,
    "weight": PERCENT,
    "consistency_ratio": DECIMAL,
}
FIXED_TIMESTAMP = datetime(1980, 1, 1)
"""Document dates and zip entry times (the zip format's epoch): the workbook never varies."""

KIND_FORMATS = {
    Kind.PEN: SOLES,
    Kind.SHARE: PERCENT,
    Kind.COUNT: INTEGER,
    Kind.DECIMAL: DECIMAL,
    Kind.TEXT: None,
}
WRAPPED = {"reason": 70, "name": 36, "added": 45, "removed": 45, "stakeholder": 36}
"""Text columns that wrap, with their width in characters: long "why" lines stay whole
on a landscape page instead of running off it."""

_MIN_WIDTH = 8
_MAX_WIDTH = 45
_SUMMARY_WIDTH = 40
_NUMBER_WIDTH = 14
_LINE_POINTS = 15.0
"""Height of one line of the default 11 pt font, in points."""
_CHARS_PER_WIDTH = 1.1
"""Characters of text in one unit of column width (the width of a "0"): most letters are
narrower than a digit."""


def write_xlsx(content: ExportContent, folder: Path) -> None:
    """results.xlsx with a summary sheet, then ranking, portfolio, frontier and weights."""
    lang, payload = content.lang, content.payload
    workbook = Workbook()
    summary = workbook.active
    summary.title = t("export.sheet.summary", lang)
    _fill_summary(summary, payload, lang)
    for stem, frame in content.tables.named():
        sheet = workbook.create_sheet(t(f"export.sheet.{stem}", lang))
        _fill_table(sheet, _readable(frame, payload, lang), lang)
    for sheet in workbook:
        _page_setup(sheet)
    (folder / "results.xlsx").write_bytes(_reproducible_bytes(workbook))


def _in_language(number_format: str | None, lang: str) -> str | None:
    """Spanish writes a space before the percent sign (`42,5 %`), as the report does."""
    return PERCENT_ES if number_format == PERCENT and lang == "es" else number_format


def _put(sheet: Any, row: int, column: int, value: object, number_format: str | None = None) -> Any:
    """Writes one cell; text is stored as text even when it looks like a formula.

    openpyxl reads a str starting with "=" as a formula; the cell is forced back to a string
    and given Excel's quote prefix, the in-file form of a typed leading apostrophe.
    """
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str) and value:
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    elif value not in (None, "") and not (isinstance(value, float) and math.isnan(value)):
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def _readable(frame: pd.DataFrame, payload: Payload, lang: str) -> pd.DataFrame:
    """Names instead of ids (regions, stakeholders, criteria, the frontier's projects),
    translated levels and group, yes/no for booleans; the machine id, when there is one,
    moves to the last column, outside the printed area."""
    result = frame.copy()
    areas = regions(payload)
    region_names = {r["id"]: str(r["name"]) for r in areas}
    if "level" in result:
        result["level"] = result["level"].map(lambda v: t(f"export.level.{v}", lang))
    if "stakeholder" in result:
        people = {
            p["id"]: str(p["name"]) for r in areas for p in r["weights"].get("stakeholders", [])
        }
        result["stakeholder"] = result["stakeholder"].map(
            lambda v: t("export.group", lang) if v == GROUP else people.get(v, v)
        )
    if "criterion" in result:
        result["criterion"] = result["criterion"].map(lambda c: display_name(payload, c))
    for column in ("added", "removed"):
        if column in result:
            result[column] = result[column].map(lambda ids: _names(payload, ids))
    if "budget" in result and "added" in result:
        budgets = {r["id"]: int(r["budget"]) for r in areas}
        result["current"] = _in_force(result, budgets).map(
            lambda now: t("export.yes", lang) if now else ""
        )
    if "selected" in result:
        result["selected"] = result["selected"].map(
            lambda chosen: t("export.yes" if chosen else "export.no", lang)
        )
    result["region"] = result["region"].map(lambda r: region_names.get(r, r))
    if "id" in result:
        result = result[[c for c in result.columns if c != "id"] + ["id"]]
    return result


def _names(payload: Payload, joined: str) -> str:
    """ "a; b" (ids, as frontier_frame joins them) as "Name A; Name B"."""
    return "; ".join(display_name(payload, item) for item in joined.split("; ") if item)


def _in_force(frame: pd.DataFrame, budgets: Mapping[str, int]) -> pd.Series:
    """True on each region's frontier point in force at its budget: the last one within it."""
    marked = []
    for region, budget in budgets.items():
        within = frame[(frame["region"] == region) & (frame["budget"] <= budget)]
        if len(within):
            marked.append(within["budget"].idxmax())
    return pd.Series(frame.index.isin(marked), index=frame.index)


def _fill_table(sheet: Any, frame: pd.DataFrame, lang: str) -> None:
    columns = list(frame.columns)
    header = [t(f"export.col.{c}", lang) for c in columns]
    _header(sheet, header)
    top = Alignment(vertical="top", wrap_text=True)
    emphasis = Font(bold=True)
    for row_number, values in enumerate(frame.itertuples(index=False, name=None), start=2):
        marked = "current" in columns and bool(values[columns.index("current")])
        for column_number, (column, value) in enumerate(zip(columns, values, strict=True), 1):
            shown = _in_language(COLUMN_FORMATS.get(column), lang)
            cell = _put(sheet, row_number, column_number, _plain(value), shown)
            cell.alignment = top
            if marked:
                cell.font = emphasis
    widths = [
        _NUMBER_WIDTH
        if c in COLUMN_FORMATS
        else _text_width(frame[c].astype(str).tolist(), WRAPPED.get(c, _MAX_WIDTH))
        for c in columns
    ]
    _finish(sheet, header, widths, "A2")
    _fit_rows(sheet)
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    printed = len(columns) - 1 if columns[-1] == "id" else len(columns)
    sheet.print_area = f"A1:{get_column_letter(printed)}{len(frame) + 1}"


def _fill_summary(sheet: Any, payload: Payload, lang: str) -> None:
    """Label column, then one column per region (the rows report.html shows); joint planning
    below when present."""
    areas = regions(payload)
    header = [t("export.summary.item", lang)] + [str(r["name"]) for r in areas]
    _header(sheet, header)
    rows: list[tuple[str, Sequence[object], str | None]] = [
        (row.label, row.values, _in_language(KIND_FORMATS[row.kind], lang))
        for row in summary_rows(payload, lang)
    ]
    joint = payload.get("joint")
    if joint:
        rows += [
            (t("export.joint.separate", lang), [joint["separate_objective"]], DECIMAL),
            (t("export.joint.jointly", lang), [joint["objective"]], DECIMAL),
            (t("export.joint.gain_value", lang), [joint["gain_value"]], DECIMAL),
            (t("export.joint.gain_pen", lang), [joint["gain_pen"]], SOLES),
        ]
    top = Alignment(vertical="top", wrap_text=True)
    for row_number, (label, values, number_format) in enumerate(rows, start=2):
        _put(sheet, row_number, 1, label).alignment = top
        for column_number, value in enumerate(values, start=2):
            _put(sheet, row_number, column_number, value, number_format).alignment = top
    cells = [str(value) for _, values, _ in rows for value in values]
    widths = [_text_width([label for label, _, _ in rows], _MAX_WIDTH)] + [
        max(_NUMBER_WIDTH, _text_width(cells, _SUMMARY_WIDTH)) for _ in areas
    ]
    _finish(sheet, header, widths, "B2")
    _fit_rows(sheet)


def _header(sheet: Any, labels: Sequence[str]) -> None:
    bold = Font(bold=True)
    top = Alignment(vertical="top", wrap_text=True)
    for column_number, label in enumerate(labels, start=1):
        cell = _put(sheet, 1, column_number, label)
        cell.font = bold
        cell.alignment = top


def _finish(sheet: Any, header: Sequence[str], widths: Sequence[int], freeze: str) -> None:
    for column_number, (label, width) in enumerate(zip(header, widths, strict=True), start=1):
        letter = get_column_letter(column_number)
        sheet.column_dimensions[letter].width = max(width, min(len(label) + 2, _MAX_WIDTH))
    sheet.freeze_panes = freeze


def _fit_rows(sheet: Any) -> None:
    """Sets each row's height to the lines its wrapped text takes.

    Excel measures wrapped rows when it opens a file, LibreOffice keeps the default height
    (the lines then overlap); an explicit height, counted by words against the column's
    width in characters, shows whole lines in both.
    """
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if isinstance(cell.value, str):
                width = sheet.column_dimensions[cell.column_letter].width or _MIN_WIDTH
                lines = max(lines, _line_count(cell.value, int(width * _CHARS_PER_WIDTH)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = _LINE_POINTS * lines


def _line_count(text: str, width: int) -> int:
    """Lines `text` takes when wrapped at word boundaries to `width` characters."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + len(word)
        while used > width:  # a word longer than the line breaks inside
            lines, used = lines + 1, used - width
    return lines


def _page_setup(sheet: Any) -> None:
    """Prints on landscape A4, all columns on one page wide, the header row on every page,
    the sheet name and page number in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.oddFooter.center.text = "&A — &P / &N"


def _text_width(texts: Sequence[str], cap: int) -> int:
    longest = max((len(text) for text in texts), default=0)
    return min(cap, max(_MIN_WIDTH, longest + 2))


def _plain(value: object) -> object:
    """numpy scalars as Python ones, so openpyxl writes bool as bool and int as int."""
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def _reproducible_bytes(workbook: Any) -> bytes:
    """The saved workbook with fixed document dates and zip entry times.

    openpyxl stamps `modified` with the current time when it saves and zip entries with the
    current time, so the archive is rebuilt with FIXED_TIMESTAMP in both places.
    """
    raw = BytesIO()
    workbook.save(raw)
    workbook.properties.created = FIXED_TIMESTAMP
    workbook.properties.modified = FIXED_TIMESTAMP
    core = tostring(workbook.properties.to_tree())
    fixed = BytesIO()
    with ZipFile(raw) as source, ZipFile(fixed, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = core if entry.filename == "docProps/core.xml" else source.read(entry)
            info = ZipInfo(entry.filename, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return fixed.getvalue()
